import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { z } from "zod";
import {
  AuthenticationError,
  ConnectionError,
  NotFoundError,
  PostHogClient,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
  getClient,
} from "../../../provider/client";
import { Pacer } from "../../../provider/client/pacer";
import { HOST, KEY, ORG, json, mockApi, page, role } from "./helpers";

const rolesPath = `/api/organizations/${ORG}/roles/`;
const reset = () => Object.assign(new Error("other side closed"), { code: "ECONNRESET" });
const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });

/** Everything a thrown error would show when logged or serialised. */
function exposed(error: unknown): string {
  return [
    JSON.stringify(error),
    JSON.stringify(error, Object.getOwnPropertyNames(error as object)),
    inspect(error, { depth: Infinity, showHidden: true }),
    String(error),
    (error as Error).stack ?? "",
  ].join("\n");
}

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw");
}

describe("PostHogClient", () => {
  it("sends JSON with the standard headers and parses JSON back, dropping unknown fields", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: rolesPath, method: "POST", body: JSON.stringify({ name: "eng" }) })
      .reply(201, { ...role("r1", "eng"), brand_new_field: 1 }, json);
    const created = await api.client.roles.create(ORG, { name: "eng" });
    expect(created).toEqual(role("r1", "eng"));
    expect(created).not.toHaveProperty("brand_new_field");
    await api.finish();
  });

  it("names the endpoint and the failing path when a response lacks an essential field", async () => {
    const api = mockApi();
    api.pool.intercept({ path: rolesPath, method: "GET" }).reply(200, page([{ id: "r1" }]), json);
    const error = await thrown(api.client.roles.listAll(ORG));
    expect(UnexpectedResponseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(`GET ${rolesPath}: unexpected response body at results.0.name`);
    await api.finish();
  });

  it("tolerates a wrongly typed informational field", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: `${rolesPath}r1/`, method: "GET" })
      .reply(200, { id: "r1", name: "eng", is_default: "yes", created_at: 5 }, json);
    const r = await api.client.roles.retrieve(ORG, "r1");
    expect(r.name).toBe("eng");
    expect(r.is_default).toBeUndefined();
    await api.finish();
  });

  it("waits for Retry-After and retries a POST after a 429 (the throttled request did not run)", async () => {
    // Fake timers stand in for the second of waiting: the retry must not go out before Retry-After.
    // They are installed before the client exists, since its pacer keeps the Date.now it was built
    // with; undici's own scheduling (ticks, immediates) stays real so the mocked exchange completes.
    jest.useFakeTimers({ now: Date.UTC(2030, 0, 1), doNotFake: ["nextTick", "queueMicrotask", "setImmediate"] });
    try {
      const api = mockApi();
      api.pool
        .intercept({ path: rolesPath, method: "POST" })
        .reply(
          429,
          { type: "throttled_error", code: "throttled", detail: "Request was throttled.", attr: null },
          { headers: { "retry-after": "1" } },
        );
      api.pool.intercept({ path: rolesPath, method: "POST" }).reply(201, role("r1", "eng"), json);
      const started = Date.now();
      let settled = false;
      const created = api.client.roles.create(ORG, { name: "eng" });
      void created.then(
        () => (settled = true),
        () => (settled = true),
      );
      await jest.advanceTimersByTimeAsync(999);
      expect(settled).toBe(false);
      expect(api.client.metrics.snapshot().requests[`POST /api/organizations/{id}/roles/`]).toBe(1);
      await jest.advanceTimersByTimeAsync(1_000);
      await expect(created).resolves.toMatchObject({ id: "r1" });
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
      const m = api.client.metrics.snapshot();
      expect(m.throttled).toBe(1);
      expect(m.retries).toBe(1);
      expect(m.requests[`POST /api/organizations/{id}/roles/`]).toBe(2);
      expect(m.waitMs).toBeGreaterThanOrEqual(1_000);
      await api.finish();
    } finally {
      jest.useRealTimers();
    }
  });

  it("gives up at once with a pacing hint when Retry-After exceeds the maximum wait", async () => {
    const api = mockApi({ maxRetryAfterSeconds: 10 });
    api.pool.intercept({ path: rolesPath, method: "GET" }).reply(
      429,
      {
        type: "throttled_error",
        code: "throttled",
        detail: "Request was throttled. Expected available in 3000 seconds.",
      },
      { headers: { "retry-after": "3000" } },
    );
    const error = await thrown(api.client.roles.listAll(ORG));
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect((error as RateLimitError).retryAfterSeconds).toBe(3000);
    expect((error as Error).message).toContain(
      "PostHog asked to wait 3000 s, longer than the client's maximum of 10 s",
    );
    expect((error as Error).message).toContain("posthog:requestsPerMinute");
    await api.finish();
  });

  it("retries 5xx for GET with backoff and reports the count when it keeps failing", async () => {
    const api = mockApi({ maxRetries: 2 });
    api.pool
      .intercept({ path: `${rolesPath}r1/`, method: "GET" })
      .reply(502, "<html><title>502 Bad Gateway</title></html>")
      .times(3);
    const error = await thrown(api.client.roles.retrieve(ORG, "r1"));
    expect(ServerError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      `GET ${rolesPath}r1/: 502 Bad Gateway: PostHog answered with an HTML page ("502 Bad Gateway") instead of JSON\nPostHog failed 3 times in a row. Try again later (https://status.posthog.com).`,
    );
    expect(api.client.metrics.snapshot().retries).toBe(2);
    await api.finish();
  });

  it("recovers a GET after one 500", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: `${rolesPath}r1/`, method: "GET" })
      .reply(500, { type: "server_error", code: "error", detail: "boom" }, json);
    api.pool.intercept({ path: `${rolesPath}r1/`, method: "GET" }).reply(200, role("r1", "eng"), json);
    await expect(api.client.roles.retrieve(ORG, "r1")).resolves.toMatchObject({ name: "eng" });
    await api.finish();
  });

  it("retries a GET after a connection reset", async () => {
    const api = mockApi();
    api.pool.intercept({ path: `${rolesPath}r1/`, method: "GET" }).replyWithError(reset());
    api.pool.intercept({ path: `${rolesPath}r1/`, method: "GET" }).reply(200, role("r1", "eng"), json);
    await expect(api.client.roles.retrieve(ORG, "r1")).resolves.toMatchObject({ name: "eng" });
    await api.finish();
  });

  it("never repeats a POST after a 5xx when there is no reconcile hook, and says why", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: `/api/organizations/`, method: "POST" })
      .reply(503, { type: "server_error", code: "error", detail: "unavailable" }, json);
    const error = await thrown(api.client.organizations.create({ name: "Acme" }, { reconcile: null }));
    expect(ServerError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("it may or may not have been applied, so it was not repeated");
    expect(api.calls()).toHaveLength(1);
    await api.finish();
  });

  it("returns what reconcile finds after a POST whose connection was reset", async () => {
    const api = mockApi();
    api.pool.intercept({ path: rolesPath, method: "POST" }).replyWithError(reset());
    api.pool.intercept({ path: rolesPath, method: "GET" }).reply(200, page([role("r9", "ENG")]), json);
    await expect(api.client.roles.create(ORG, { name: "eng" })).resolves.toMatchObject({ id: "r9" });
    expect(api.client.metrics.snapshot().reconciled).toBe(1);
    await api.finish();
  });

  it("sends a POST once more when reconcile finds nothing, and returns that result", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: rolesPath, method: "POST" })
      .reply(500, { type: "server_error", code: "error", detail: "boom" }, json);
    api.pool.intercept({ path: rolesPath, method: "GET" }).reply(200, page([]), json);
    api.pool.intercept({ path: rolesPath, method: "POST" }).reply(201, role("r2", "eng"), json);
    await expect(api.client.roles.create(ORG, { name: "eng" })).resolves.toMatchObject({ id: "r2" });
    await api.finish();
  });

  it("throws the second failure when the repeated POST fails too", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: rolesPath, method: "POST" })
      .reply(500, { type: "server_error", code: "error", detail: "first" }, json);
    api.pool.intercept({ path: rolesPath, method: "GET" }).reply(200, page([]), json);
    api.pool
      .intercept({ path: rolesPath, method: "POST" })
      .reply(500, { type: "server_error", code: "error", detail: "second" }, json);
    const error = await thrown(api.client.roles.create(ORG, { name: "eng" }));
    expect((error as ServerError).detail).toBe("second");
    await api.finish();
  });

  it("uses a caller's reconcile hook instead of the default, and null disables reconciling", async () => {
    const api = mockApi();
    api.pool.intercept({ path: rolesPath, method: "POST" }).replyWithError(reset());
    const custom = jest.fn(async () => role("rX", "eng"));
    await expect(api.client.roles.create(ORG, { name: "eng" }, { reconcile: custom })).resolves.toMatchObject({
      id: "rX",
    });
    expect(custom).toHaveBeenCalledTimes(1);
    api.pool.intercept({ path: rolesPath, method: "POST" }).replyWithError(reset());
    const error = await thrown(api.client.roles.create(ORG, { name: "eng" }, { reconcile: null }));
    expect(ConnectionError.isInstance(error)).toBe(true);
    expect((error as ConnectionError).sent).toBe(true);
    await api.finish();
  });

  it("does not reconcile failures that prove the POST was refused (4xx)", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: rolesPath, method: "POST" })
      .reply(
        400,
        { type: "validation_error", code: "unique", detail: "There is already a role with this name.", attr: "name" },
        json,
      );
    const error = await thrown(api.client.roles.create(ORG, { name: "eng" }));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(api.calls()).toHaveLength(1);
    await api.finish();
  });

  it("retries a POST whose connection was refused: PostHog never saw it", async () => {
    const api = mockApi();
    api.pool.intercept({ path: `/api/organizations/`, method: "POST" }).replyWithError(refused());
    api.pool.intercept({ path: `/api/organizations/`, method: "POST" }).reply(201, { id: ORG, name: "Acme" }, json);
    await expect(api.client.organizations.create({ name: "Acme" })).resolves.toMatchObject({ id: ORG });
    await api.finish();
  });

  it("treats a DELETE that answers 404 after a dropped connection as done", async () => {
    const api = mockApi();
    api.pool.intercept({ path: `${rolesPath}r1/`, method: "DELETE" }).replyWithError(reset());
    api.pool
      .intercept({ path: `${rolesPath}r1/`, method: "DELETE" })
      .reply(404, { type: "invalid_request", code: "not_found", detail: "Not found." }, json);
    await expect(api.client.roles.delete(ORG, "r1")).resolves.toBeUndefined();
    await api.finish();
  });

  it("still reports a plain 404 on DELETE", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: `${rolesPath}r1/`, method: "DELETE" })
      .reply(404, { type: "invalid_request", code: "not_found", detail: "Not found." }, json);
    expect(NotFoundError.isInstance(await thrown(api.client.roles.delete(ORG, "r1")))).toBe(true);
    await api.finish();
  });

  it("appends the caller's product token to the User-Agent", async () => {
    const api = mockApi({ userAgent: "org-gitops/1.2" });
    api.pool.intercept({ path: "/api/users/@me/", method: "GET" }).reply(200, { uuid: "u1", email: "a@b.c" }, json);
    await api.client.users.me();
    expect(api.calls()[0].headers).toMatchObject({
      "user-agent": expect.stringMatching(/^pulumi-posthog-org\/\S+ org-gitops\/1\.2$/),
    });
    await api.finish();
  });

  describe("the API key", () => {
    it("never appears in thrown errors, their causes or their serialisation", async () => {
      const api = mockApi({ maxRetries: 0 });
      const errors: unknown[] = [];
      api.pool.intercept({ path: "/api/users/@me/", method: "GET" }).reply(
        401,
        {
          type: "authentication_error",
          code: "authentication_failed",
          detail: "Personal API key found in request Authorization header is invalid.",
        },
        json,
      );
      errors.push(await thrown(api.client.users.me()));
      // A misbehaving proxy that echoes the Authorization header back.
      api.pool
        .intercept({ path: "/api/users/@me/", method: "GET" })
        .reply(500, (opts) => `bad gateway for ${JSON.stringify(opts.headers)}`);
      errors.push(await thrown(api.client.users.me()));
      api.pool.intercept({ path: "/api/users/@me/", method: "GET" }).reply(200, { detail: `your key ${KEY}` }, json);
      errors.push(await thrown(api.client.users.me()));
      api.pool
        .intercept({ path: rolesPath, method: "POST" })
        .replyWithError(Object.assign(new Error(`reset while sending Bearer ${KEY}`), { code: "ECONNRESET" }));
      errors.push(await thrown(api.client.roles.create(ORG, { name: "x" }, { reconcile: null })));
      api.pool.intercept({ path: rolesPath, method: "POST" }).reply(
        403,
        {
          type: "authentication_error",
          code: "permission_denied",
          detail: "API key missing required scope 'organization:write'",
        },
        json,
      );
      errors.push(await thrown(api.client.roles.create(ORG, { name: "x" })));
      expect(errors.map((e) => (e as Error).name)).toEqual([
        "AuthenticationError",
        "ServerError",
        "UnexpectedResponseError",
        "ConnectionError",
        "PermissionDeniedError",
      ]);
      for (const error of errors) {
        const text = exposed(error);
        expect(text).not.toContain(KEY);
        expect(text).not.toContain(KEY.slice(4, 20));
      }
      expect(exposed(errors[1])).toContain("[redacted]");
      await api.finish();
    });

    it("does not show in util.inspect or JSON of the client", () => {
      const client = new PostHogClient({ host: HOST, apiKey: KEY, pacer: new Pacer() });
      expect(inspect(client, { depth: 6, showHidden: true })).not.toContain(KEY);
    });

    it("says to check the key and the host region on 401", async () => {
      const api = mockApi();
      api.pool.intercept({ path: "/api/users/@me/", method: "GET" }).reply(
        401,
        {
          type: "authentication_error",
          code: "authentication_failed",
          detail: "Personal API key found in request Authorization header is invalid.",
          attr: null,
        },
        json,
      );
      const error = await thrown(api.client.users.me());
      expect(AuthenticationError.isInstance(error)).toBe(true);
      expect((error as Error).message).toBe(
        "GET /api/users/@me/: 401 authentication_error/authentication_failed: Personal API key found in request Authorization header is invalid.\n" +
          "Check the personal API key (posthog:apiKey or POSTHOG_PERSONAL_API_KEY) and that posthog:host (https://posthog.test) points at the PostHog region or instance where the key was created (US Cloud https://us.posthog.com, EU Cloud https://eu.posthog.com).",
      );
      await api.finish();
    });
  });

  describe("timeouts (loopback server)", () => {
    let server: http.Server;
    let host: string;
    let hits: Record<string, number>;
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        hits[`${req.method} ${req.url}`] = (hits[`${req.method} ${req.url}`] ?? 0) + 1;
        req.resume();
        // Never answers: undici's header timer has about one second of resolution, so the
        // client's timeout fires within ~1.5 s.
        res.on("error", () => undefined);
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    beforeEach(() => {
      hits = {};
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it("retries a GET that timed out and then throws TimeoutError", async () => {
      const client = new PostHogClient({
        host,
        apiKey: KEY,
        timeoutMs: 200,
        maxRetries: 1,
        pacer: new Pacer(),
        retryPolicy: { baseDelayMs: 1 },
      });
      const error = await thrown(client.users.me());
      expect(TimeoutError.isInstance(error)).toBe(true);
      expect(ConnectionError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain("GET /api/users/@me/: got no complete response within 200 ms");
      expect(hits["GET /api/users/@me/"]).toBe(2);
      expect(exposed(error)).not.toContain(KEY);
    });

    it("does not repeat a POST that timed out without a reconcile hook", async () => {
      const client = new PostHogClient({ host, apiKey: KEY, timeoutMs: 200, pacer: new Pacer() });
      const error = await thrown(client.organizations.create({ name: "Acme" }, { reconcile: null }));
      expect(TimeoutError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain("may or may not have been applied");
      expect(hits["POST /api/organizations/"]).toBe(1);
    });
  });

  describe("getClient", () => {
    it("shares one client per host and key, and separates keys", () => {
      const a = getClient({ host: "https://us.posthog.com/", apiKey: "phx_a" });
      const b = getClient({ host: "https://us.posthog.com", apiKey: "phx_a" });
      const c = getClient({ host: "https://us.posthog.com", apiKey: "phx_b" });
      expect(a).toBe(b);
      expect(a).not.toBe(c);
      expect(a.pacer).not.toBe(c.pacer);
    });
  });

  it("request() accepts any schema for calls without a resource method", async () => {
    const api = mockApi();
    api.pool.intercept({ path: "/api/organizations/?limit=1", method: "GET" }).reply(200, { count: 3 }, json);
    const body = await api.client.request({
      method: "GET",
      path: "/api/organizations/",
      query: { limit: 1, skip: undefined },
      schema: z.object({ count: z.number() }),
    });
    expect(body.count).toBe(3);
    await api.finish();
  });
});
