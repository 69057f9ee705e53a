import { ClientMetrics } from "../../../provider/client/metrics";
import { Pacer, sharedPacer } from "../../../provider/client/pacer";
import { matchesSent } from "../../../provider/client/reconcile";
import { DEFAULT_RETRY_POLICY, backoffDelay, newRetryState, retryCallback } from "../../../provider/client/retry";

describe("Pacer", () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.UTC(2030, 0, 1) }));
  afterEach(() => jest.useRealTimers());

  it("lets a burst of perMinute through at once, then waits for the window to slide", async () => {
    const pacer = new Pacer({ perMinute: 3, perHour: 100 });
    const done: number[] = [];
    const start = Date.now();
    for (let i = 0; i < 5; i++) void pacer.acquire().then(() => done.push(Date.now() - start));
    await jest.advanceTimersByTimeAsync(0);
    expect(done).toEqual([0, 0, 0]);
    expect(pacer.pending).toBe(2);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(done).toHaveLength(3); // the window is widened by a second of slack
    await jest.advanceTimersByTimeAsync(1_100);
    expect(done).toHaveLength(5);
    expect(done[3]).toBeGreaterThanOrEqual(61_000);
  });

  it("honours the hourly budget", async () => {
    const pacer = new Pacer({ perMinute: 100, perHour: 2 });
    let served = 0;
    for (let i = 0; i < 3; i++) void pacer.acquire().then(() => served++);
    await jest.advanceTimersByTimeAsync(30 * 60_000);
    expect(served).toBe(2);
    await jest.advanceTimersByTimeAsync(31 * 60_000);
    expect(served).toBe(3);
  });

  it("holds everyone back after blockUntil (a 429's Retry-After) and reports the wait", async () => {
    const pacer = new Pacer();
    pacer.blockUntil(Date.now() + 5_000);
    let waited = -1;
    void pacer.acquire().then((ms) => (waited = ms));
    await jest.advanceTimersByTimeAsync(4_900);
    expect(waited).toBe(-1);
    await jest.advanceTimersByTimeAsync(200);
    expect(waited).toBeGreaterThanOrEqual(5_000);
  });

  it("serves waiters first in, first out", async () => {
    const pacer = new Pacer({ perMinute: 1 });
    const order: number[] = [];
    for (let i = 0; i < 3; i++) void pacer.acquire().then(() => order.push(i));
    await jest.advanceTimersByTimeAsync(3 * 61_100);
    expect(order).toEqual([0, 1, 2]);
  });

  it("refuses nonsense budgets", () => {
    expect(() => new Pacer({ perMinute: 0 })).toThrow(/pacing.perMinute must be a number of requests of at least 1/);
  });

  it("is shared per key id and settings", () => {
    expect(sharedPacer("k1")).toBe(sharedPacer("k1", { perMinute: 480 }));
    expect(sharedPacer("k1")).not.toBe(sharedPacer("k2"));
    expect(sharedPacer("k1")).not.toBe(sharedPacer("k1", { perMinute: 10 }));
  });
});

describe("retryCallback", () => {
  type Decision = "retry" | "give up";
  const policy = {
    ...DEFAULT_RETRY_POLICY,
    maxRetries: 2,
    maxThrottleRetries: 3,
    maxRetryAfterSeconds: 60,
    baseDelayMs: 1,
    maxDelayMs: 2,
  };

  function decide(
    method: string,
    err: Record<string, unknown>,
    before: Partial<ReturnType<typeof newRetryState>> = {},
    idempotent?: boolean,
  ) {
    const state = { ...newRetryState(), ...before };
    const pacer = new Pacer();
    const block = jest.spyOn(pacer, "blockUntil");
    const cb = retryCallback({ method, idempotent, policy, pacer, metrics: new ClientMetrics(), state });
    return new Promise<{ decision: Decision; state: typeof state; blocked: number | undefined }>((resolve) => {
      cb(Object.assign(new Error("x"), err), { state: { counter: 1 }, opts: {} as never }, (e) =>
        resolve({ decision: e ? "give up" : "retry", state, blocked: block.mock.calls[0]?.[0] }),
      );
    });
  }

  it.each<[string, Decision, string, Record<string, unknown>]>([
    ["429 on POST (the request did not run)", "retry", "POST", { statusCode: 429, headers: { "retry-after": "1" } }],
    ["429 on PATCH", "retry", "PATCH", { statusCode: 429, headers: {} }],
    ["500 on GET", "retry", "GET", { statusCode: 500 }],
    ["503 on DELETE", "retry", "DELETE", { statusCode: 503 }],
    ["500 on POST (outcome unknown: reconcile decides)", "give up", "POST", { statusCode: 500 }],
    ["502 on PATCH", "give up", "PATCH", { statusCode: 502 }],
    ["501 on GET (not transient)", "give up", "GET", { statusCode: 501 }],
    ["404 on GET", "give up", "GET", { statusCode: 404 }],
    ["ECONNRESET on GET", "retry", "GET", { code: "ECONNRESET" }],
    ["ECONNRESET on POST", "give up", "POST", { code: "ECONNRESET" }],
    ["UND_ERR_SOCKET on PUT", "retry", "PUT", { code: "UND_ERR_SOCKET" }],
    ["headers timeout on GET", "retry", "GET", { code: "UND_ERR_HEADERS_TIMEOUT" }],
    ["headers timeout on POST", "give up", "POST", { code: "UND_ERR_HEADERS_TIMEOUT" }],
    ["ECONNREFUSED on POST (never sent)", "retry", "POST", { code: "ECONNREFUSED" }],
    ["connect timeout on POST (never sent)", "retry", "POST", { code: "UND_ERR_CONNECT_TIMEOUT" }],
    ["unknown error code", "give up", "GET", { code: "EWHATEVER" }],
  ])("%s → %s", async (_name, expected, method, err) => {
    expect((await decide(method, err)).decision).toBe(expected);
  });

  it("retries a POST marked idempotent after a 5xx", async () => {
    expect((await decide("POST", { statusCode: 500 }, {}, true)).decision).toBe("retry");
  });

  it("stops after maxRetries failures and maxThrottleRetries 429s", async () => {
    expect((await decide("GET", { statusCode: 500 }, { failureRetries: 2 })).decision).toBe("give up");
    expect((await decide("GET", { statusCode: 429, headers: {} }, { throttled: 3 })).decision).toBe("give up");
  });

  it("blocks the shared pacer for the Retry-After on a 429", async () => {
    const before = Date.now();
    const { blocked, state } = await decide("POST", { statusCode: 429, headers: { "retry-after": "2" } });
    expect(blocked).toBeGreaterThanOrEqual(before + 2_000);
    expect(state.throttled).toBe(1);
  });

  it("gives up when Retry-After is longer than the maximum, and records it", async () => {
    const { decision, state } = await decide("GET", { statusCode: 429, headers: { "retry-after": "61" } });
    expect(decision).toBe("give up");
    expect(state.retryAfterTooLongMs).toBe(61_000);
  });
});

describe("backoffDelay", () => {
  it("grows exponentially up to the cap, with full jitter", () => {
    const p = { baseDelayMs: 500, maxDelayMs: 20_000 };
    expect(backoffDelay(p, 0, () => 1)).toBe(500);
    expect(backoffDelay(p, 3, () => 1)).toBe(4_000);
    expect(backoffDelay(p, 10, () => 1)).toBe(20_000);
    expect(backoffDelay(p, 3, () => 0)).toBe(50);
  });
});

describe("matchesSent", () => {
  it.each<[string, unknown, unknown, boolean]>([
    ["equal scalars", { level: 8 }, { level: 8, id: "x" }, true],
    ["different scalar", { level: 8 }, { level: 1 }, false],
    ["nested partial object", { config: { bucket: "b" } }, { config: { bucket: "b", region: "r" } }, true],
    ["stripped secret", { config: { aws_secret_access_key: "s" } }, { config: {} }, false],
    ["arrays compare by element", { app_urls: ["a", "b"] }, { app_urls: ["a", "b"] }, true],
    ["array length differs", { app_urls: ["a"] }, { app_urls: ["a", "b"] }, false],
    ["null", { message: null }, { message: null }, true],
  ])("%s", (_n, sent, got, expected) => {
    expect(matchesSent(sent, got)).toBe(expected);
  });
});
