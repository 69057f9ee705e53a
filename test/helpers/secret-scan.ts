import type { TestEmulator } from "./emulator";

/** Batch-export config keys that hold credentials, as PostHog names them. */
const CREDENTIAL_KEY = /(secret|password|private_key|token|key_id|client_email)/;

/** The secrets an emulator holds in plain form: project tokens and batch-export credentials. */
export async function emulatorSecrets(emulator: TestEmulator): Promise<Set<string>> {
  const state = (await emulator.control.state()) as {
    projects?: { api_token?: string; secret_api_token?: string | null }[];
    batchExports?: { destination?: { config?: Record<string, unknown> } }[];
  };
  const secrets = new Set<string>();
  for (const p of state.projects ?? []) {
    if (p.api_token) secrets.add(p.api_token);
    if (p.secret_api_token) secrets.add(p.secret_api_token);
  }
  for (const b of state.batchExports ?? [])
    for (const [k, v] of Object.entries(b.destination?.config ?? {}))
      if (CREDENTIAL_KEY.test(k) && typeof v === "string" && v.length >= 8) secrets.add(v);
  return secrets;
}

/**
 * The places among `texts` (name → content) that hold one of `secrets` in plain text, one line each,
 * naming the secret by its first four characters only.
 */
export function secretLeaks(secrets: Iterable<string>, texts: [where: string, text: string][]): string[] {
  return texts.flatMap(([where, text]) =>
    [...secrets]
      .filter((secret) => text.includes(secret))
      .map((secret) => `${where} holds a secret in plain text (${secret.slice(0, 4)}…)`),
  );
}
