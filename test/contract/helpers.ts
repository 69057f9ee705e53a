// Shared setup for contract tests: one in-process emulator per file, reset and bootstrapped
// (user + organization + default project + unscoped personal API key) before every test, and a
// client talking to it over loopback through a short keep-alive Agent (undici writing-tests.md).
import { Agent } from "undici";
import { PostHogClient, type ClientOptions } from "../../provider/client";
import { Pacer } from "../../provider/client/pacer";
import { implementedOperations } from "../emulator/http/server";
import { withEmulator, type Bootstrapped, type EmulatorControl } from "../helpers/emulator";

export interface Contract {
  /** The bootstrap of the current test. */
  boot: Bootstrapped;
  /** Organization id of the bootstrap. */
  org: string;
  /** Default project id of the bootstrap. */
  project: number;
  client: PostHogClient;
  control: EmulatorControl;
  url: string;
  /** Another client for a key (e.g. a scoped one), sharing this test's agent. */
  clientFor(apiKey: string, options?: Partial<ClientOptions>): PostHogClient;
}

/** contract sets up the emulator for the enclosing file and returns a getter for the current test's context. */
export function contract(options: { rateLimit?: boolean; client?: Partial<ClientOptions> } = {}): () => Contract {
  const emulator = withEmulator({ rateLimit: options.rateLimit ?? true });
  let current: Contract | undefined;
  let agent: Agent | undefined;
  beforeEach(async () => {
    const { control, url } = emulator();
    await control.reset();
    if (options.rateLimit === false) await control.settings({ rate_limit_enabled: false });
    const boot = await control.bootstrap({ email: "owner@example.com", org_name: "Contract Org" });
    agent = new Agent({ keepAliveTimeout: 10, keepAliveMaxTimeout: 10 });
    const clientFor = (apiKey: string, extra: Partial<ClientOptions> = {}) =>
      new PostHogClient({
        host: url,
        apiKey,
        dispatcher: agent,
        pacer: new Pacer(),
        retryPolicy: { baseDelayMs: 5, maxDelayMs: 50 },
        reconcile: { baseDelayMs: 5, maxDelayMs: 50 },
        ...options.client,
        ...extra,
      });
    current = {
      boot,
      org: boot.organization.id,
      project: boot.project.id,
      client: clientFor(boot.api_key),
      control,
      url,
      clientFor,
    };
  });
  afterEach(async () => {
    await agent?.close();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error("contract(): only available inside tests");
    return current;
  };
}

/** implemented tells whether the emulator serves a route template (`/api/projects/{project_id}/…`) and method. */
export function implemented(method: string, template: string): boolean {
  return implementedOperations().some((o) => o.method === method && o.template === template);
}

/** A name unique within a test run (`pt-<rand>`). */
export function randomName(prefix = "pt"): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Runs `fn` and returns what it throws (fails when it does not). */
export async function thrown(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to throw");
}

/**
 * throttledOnce registers one 429 (Retry-After 0) for `method` on `pathRegex`, runs `call`, and
 * checks the client retried it: one 429 seen, the call's result returned.
 */
export async function throttledOnce<T>(
  c: Contract,
  method: string,
  pathRegex: string,
  call: () => Promise<T>,
): Promise<T> {
  await c.control.addFault({ method, path: pathRegex, kind: "429", retry_after: 0 });
  const before = c.client.metrics.snapshot().throttled;
  const result = await call();
  expect(c.client.metrics.snapshot().throttled).toBe(before + 1);
  return result;
}

/** A UUID no emulator object has. */
export const MISSING_UUID = "0190ffff-0000-7000-8000-000000000000";

// Captured before any test fakes the timers: the pause that lets loopback I/O progress.
const realSetTimeout = globalThis.setTimeout;

/**
 * onFakeTime runs `op` on jest's fake timers, so waits the client and the in-process emulator make
 * (Retry-After, latency faults, backoff) pass without real time and are measured exactly. Fake
 * time moves in `stepMs` steps, each after a real millisecond in which loopback I/O proceeds, until
 * `op` settles. Create clients inside `op`: a pacer keeps the `Date.now` it was built with.
 *
 * @returns what `op` returned and how many fake milliseconds passed.
 */
export async function onFakeTime<T>(op: () => Promise<T>, stepMs = 10): Promise<{ value: T; elapsedMs: number }> {
  jest.useFakeTimers({ doNotFake: ["nextTick", "queueMicrotask", "setImmediate"] });
  try {
    const started = Date.now();
    let outcome: { value: T } | { error: unknown } | undefined;
    op().then(
      (value) => (outcome = { value }),
      (error: unknown) => (outcome = { error }),
    );
    while (outcome === undefined) {
      await new Promise((r) => realSetTimeout(r, 1));
      await jest.advanceTimersByTimeAsync(stepMs);
    }
    if ("error" in outcome) throw outcome.error;
    return { value: outcome.value, elapsedMs: Date.now() - started };
  } finally {
    jest.useRealTimers();
  }
}
