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
      // Closing the stack scans what it stored and printed for secrets (see secret-scan.ts).
      await current?.stack.close();
    } finally {
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
