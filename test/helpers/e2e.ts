import { startTestEmulator, type Bootstrapped, type TestEmulator } from "./emulator";
import { program, TestStack } from "./stack";

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
    const env = { POSTHOG_HOST: emulator.url, POSTHOG_PERSONAL_API_KEY: boot.api_key, POSTHOG_ORGANIZATION_ID: boot.organization.id };
    const stack = await TestStack.open({ ...program(programDir), env });
    current = { emulator, stack, boot, env };
  });
  afterAll(async () => {
    await current?.stack.close();
    await current?.emulator.close();
  });
  return () => {
    if (!current) throw new Error("useStack(): only available inside tests");
    return current;
  };
}

/** The resource changes of an operation's summary, with absent kinds as 0. */
export function changes(summary: { resourceChanges?: Record<string, number> }): Record<"create" | "update" | "delete" | "replace" | "same", number> {
  const c = summary.resourceChanges ?? {};
  return { create: c.create ?? 0, update: c.update ?? 0, delete: c.delete ?? 0, replace: c.replace ?? 0, same: c.same ?? 0 };
}
