import { startTestEmulator, type Bootstrapped, type TestEmulator } from "./emulator";
import { program, StackOperationError, TestStack } from "./stack";

/** One e2e fixture: an emulator with a bootstrapped organization, and a stack of a program bound to it. */
export interface E2E {
  emulator: TestEmulator;
  stack: TestStack;
  boot: Bootstrapped;
  /** The environment the provider process gets (host, key, default organization). */
  env: Record<string, string>;
}

/**
 * Registers beforeAll/afterAll that start an emulator, bootstrap an organization and open a stack
 * of `programDir`; returns a getter valid inside tests.
 */
export function useStack(programDir: string, orgName: string): () => E2E {
  let current: E2E | undefined;
  beforeAll(async () => {
    const emulator = await startTestEmulator();
    const boot = await emulator.control.bootstrap({ org_name: orgName });
    const env = {
      POSTHOG_HOST: emulator.url,
      POSTHOG_PERSONAL_API_KEY: boot.api_key,
      POSTHOG_ORGANIZATION_ID: boot.organization.id,
    };
    const stack = await TestStack.open({ ...program(programDir), env });
    current = { emulator, stack, boot, env };
  });
  afterAll(async () => {
    try {
      if (current) await expectNoSecretLeak(current);
    } finally {
      await current?.stack.close();
      await current?.emulator.close();
    }
  });
  return () => {
    if (!current) throw new Error("useStack(): only available inside tests");
    return current;
  };
}

/** The resource changes of an operation's summary, with absent kinds as 0. */
export function changes(summary: {
  resourceChanges?: Record<string, number>;
}): Record<"create" | "update" | "delete" | "replace" | "same", number> {
  const c = summary.resourceChanges ?? {};
  return {
    create: c.create ?? 0,
    update: c.update ?? 0,
    delete: c.delete ?? 0,
    replace: c.replace ?? 0,
    same: c.same ?? 0,
  };
}

/** Runs `op` and returns the emulator's request log of just that operation. */
export async function logged(e2e: E2E, op: () => Promise<unknown>) {
  await e2e.emulator.control.clearRequests();
  await op();
  return e2e.emulator.control.requests();
}

/**
 * Sets `config`, runs a preview that must fail, and returns the CLI's message and the API requests
 * the preview caused.
 */
export async function previewRefusal(e2e: E2E, config: Record<string, string> = {}) {
  for (const [key, value] of Object.entries(config)) await e2e.stack.setConfig(key, value);
  let output: string | undefined;
  const { requests } = await logged(e2e, async () => {
    try {
      await e2e.stack.preview();
    } catch (err) {
      if (!(err instanceof StackOperationError)) throw err;
      output = err.message;
    }
  });
  if (output === undefined) throw new Error(`preview with ${JSON.stringify(config)} succeeded but should have failed`);
  return { output, requests, writes: requests.filter((r) => r.method !== "GET") };
}

/** Adds a user per email to the bootstrapped organization at `level`; returns their UUIDs by email. */
export async function seedMembers(e2e: E2E, emails: string[], level: 1 | 8 | 15 = 1): Promise<Record<string, string>> {
  const uuids: Record<string, string> = {};
  for (const email of emails) {
    const user = await e2e.emulator.control.createUser({ email });
    await e2e.emulator.control.addMembership({
      organization_id: e2e.boot.organization.id,
      user_uuid: user.uuid,
      level,
    });
    uuids[email] = user.uuid;
  }
  return uuids;
}

/** Batch-export config keys that hold credentials, as PostHog names them. */
const CREDENTIAL_KEY = /(secret|password|private_key|token|key_id|client_email)/;

/**
 * Fails the suite when a secret appears in plain text in the stack's state file or in anything the
 * CLI or the provider printed: the API key, every project token and every batch-export credential
 * the emulator holds (issue 11 item 6).
 */
export async function expectNoSecretLeak(e2e: E2E): Promise<void> {
  const state = await e2e.emulator.control.state();
  const secrets = new Set<string>([e2e.boot.api_key]);
  for (const p of state.projects as { api_token?: string }[]) if (p.api_token) secrets.add(p.api_token);
  for (const b of (state as { batchExports?: { destination?: { config?: Record<string, unknown> } }[] }).batchExports ??
    [])
    for (const [k, v] of Object.entries(b.destination?.config ?? {}))
      if (CREDENTIAL_KEY.test(k) && typeof v === "string" && v.length >= 8) secrets.add(v);
  let stateFile = "";
  try {
    stateFile = e2e.stack.rawState();
  } catch {
    // No stack file (the program never ran an update): nothing stored to scan.
  }
  const places: [string, string][] = [
    ["the state file", stateFile],
    ...e2e.stack.transcript.map((t, i): [string, string] => [`CLI output #${i + 1}`, t]),
  ];
  const leaks = places.flatMap(([where, text]) =>
    [...secrets]
      .filter((secret) => text.includes(secret))
      .map((secret) => `${where} holds a secret in plain text (${secret.slice(0, 4)}…)`),
  );
  if (leaks.length > 0) throw new Error(leaks.join("\n"));
}
