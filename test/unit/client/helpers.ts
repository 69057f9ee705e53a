// Shared harness for client unit tests: an undici MockAgent with net connect disabled and call
// history on, a client wired to it, and `finish()` which asserts that every interceptor was used
// and that EVERY request carried the standard headers and a drift-free path.
import { MockAgent, type Interceptable, type MockCallHistoryLog } from "undici";
import { PostHogClient, type ClientOptions } from "../../../provider/client";
import { Pacer } from "../../../provider/client/pacer";

export const HOST = "https://posthog.test";
/** A key that must never show up in any error, message or log. */
export const KEY = "phx_UNIT_TEST_SECRET_0123456789abcdefABCDEF";
export const ORG = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

export interface MockApi {
  agent: MockAgent;
  /** Interceptors for HOST. */
  pool: Interceptable;
  client: PostHogClient;
  calls(): MockCallHistoryLog[];
  /** Asserts no pending interceptors and the standard headers on every request, then closes. */
  finish(): Promise<void>;
}

/** json builds reply options for a JSON body. */
export const json = { headers: { "content-type": "application/json" } };

export function mockApi(options: Partial<ClientOptions> = {}): MockApi {
  const agent = new MockAgent({ enableCallHistory: true });
  agent.disableNetConnect();
  const pool = agent.get(HOST);
  const client = new PostHogClient({
    host: HOST,
    apiKey: KEY,
    dispatcher: agent,
    pacer: new Pacer(),
    retryPolicy: { baseDelayMs: 1, maxDelayMs: 5 },
    reconcile: { baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
  const calls = () => agent.getCallHistory()?.calls() ?? [];
  return {
    agent,
    pool,
    client,
    calls,
    async finish() {
      try {
        agent.assertNoPendingInterceptors();
        assertStandardRequests(calls());
      } finally {
        await agent.close();
      }
    },
  };
}

function headerOf(log: MockCallHistoryLog, name: string): string | undefined {
  const headers = (log.headers ?? {}) as Record<string, string | string[]>;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value.join(",") : value;
}

/** assertStandardRequests checks the headers and path shape of every recorded request. */
export function assertStandardRequests(calls: MockCallHistoryLog[], key = KEY): void {
  for (const call of calls) {
    const where = `${call.method} ${call.path}`;
    expect({ where, authorization: headerOf(call, "authorization") }).toEqual({
      where,
      authorization: `Bearer ${key}`,
    });
    expect({ where, ua: headerOf(call, "user-agent") }).toEqual({
      where,
      ua: expect.stringMatching(/^pulumi-posthog-org\/\d+\.\d+\.\d+/),
    });
    expect({ where, accept: headerOf(call, "accept") }).toEqual({ where, accept: "application/json" });
    if (call.body !== undefined && call.body !== null && call.body !== "") {
      expect({ where, contentType: headerOf(call, "content-type") }).toEqual({
        where,
        contentType: "application/json",
      });
      expect(() => JSON.parse(String(call.body))).not.toThrow();
    }
    const pathname = call.path.split("?")[0];
    expect({ where, trailingSlash: pathname.endsWith("/") }).toEqual({ where, trailingSlash: true });
    expect({ where, doubleSlash: pathname.includes("//") }).toEqual({ where, doubleSlash: false });
    expect({ where, raw: /[\s"<>{}|\\^`]/.test(pathname) }).toEqual({ where, raw: false });
    expect({ where, apiPrefix: pathname.startsWith("/api/") }).toEqual({ where, apiPrefix: true });
    // The key travels only in the Authorization header.
    expect(call.path.includes(key) || String(call.body ?? "").includes(key)).toBe(false);
  }
}

/** page builds a paginated list body. */
export function page<T>(results: T[], next: string | null = null, count = results.length) {
  return { count, next, previous: null, results };
}

export function role(id: string, name: string) {
  return { id, name, created_at: "2026-01-01T00:00:00Z", created_by: null, members: [], is_default: false };
}
