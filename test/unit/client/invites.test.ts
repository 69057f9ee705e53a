import { INVITE_BATCH_WINDOW_MS } from "../../../provider/client/invites";
import { ORG, json, mockApi, page } from "./helpers";

const base = `/api/organizations/${ORG}/invites/`;
const invite = (id: string, email: string, created = new Date().toISOString(), level = 1) => ({
  id,
  target_email: email,
  level,
  is_expired: false,
  created_at: created,
});

/** Answers `times` bulk creates with invite `id-<email>` each; returns the emails of each request. */
function interceptBulk(api: ReturnType<typeof mockApi>, times = 1): string[][] {
  const sent: string[][] = [];
  api.pool
    .intercept({ path: `${base}bulk/`, method: "POST" })
    .reply(201, (opts) => {
      const body = JSON.parse(String(opts.body)) as { target_email: string }[];
      sent.push(body.map((b) => b.target_email));
      return body.map((b) => invite(`id-${b.target_email}`, b.target_email));
    })
    .times(times);
  return sent;
}

describe("Invites", () => {
  it("splits a bulk create into requests of at most 20 invites, in order", async () => {
    const api = mockApi();
    const emails = Array.from({ length: 45 }, (_, i) => `u${i}@x.io`);
    const sent = interceptBulk(api, 3);
    const created = await api.client.invites.bulkCreate(
      ORG,
      emails.map((target_email) => ({ target_email })),
    );
    expect(sent.map((r) => r.length)).toEqual([20, 20, 5]);
    expect(created.map((i) => i.target_email)).toEqual(emails);
    await api.finish();
  });

  it("reconciles an unknown create only with an invite made since the call began", async () => {
    const api = mockApi();
    const old = new Date(Date.now() - 3_600_000).toISOString();
    api.pool.intercept({ path: base, method: "POST" }).reply(500, "");
    api.pool
      .intercept({ path: `${base}?limit=1000`, method: "GET" })
      .reply(200, page([invite("old", "a@x.io", old)]), json);
    api.pool.intercept({ path: base, method: "POST" }).reply(201, invite("new", "a@x.io"), json);
    await expect(api.client.invites.create(ORG, { target_email: "a@x.io" })).resolves.toMatchObject({ id: "new" });
    api.pool
      .intercept({ path: base, method: "POST" })
      .replyWithError(Object.assign(new Error("reset"), { code: "ECONNRESET" }));
    api.pool
      .intercept({ path: `${base}?limit=1000`, method: "GET" })
      .reply(200, page([invite("fresh", "A@x.io")]), json);
    await expect(api.client.invites.create(ORG, { target_email: "a@x.io" })).resolves.toMatchObject({ id: "fresh" });
    await api.finish();
  });

  it("deletes by invite id", async () => {
    const api = mockApi();
    api.pool.intercept({ path: `${base}i1/`, method: "DELETE" }).reply(204, "");
    await api.client.invites.delete(ORG, "i1");
    await api.finish();
  });
});

describe("Invites.createBatched", () => {
  it("sends creates that arrive together through bulk, 20 per request, each caller getting its own invite", async () => {
    const api = mockApi();
    const sent = interceptBulk(api, 2);
    const emails = Array.from({ length: 25 }, (_, i) => `c${i}@x.io`);
    const results = await Promise.all(
      emails.map((target_email) => api.client.invites.createBatched(ORG, { target_email })),
    );
    expect(sent.map((r) => r.length)).toEqual([20, 5]);
    expect(results.map((r) => r.id)).toEqual(emails.map((e) => `id-${e}`));
    await api.finish();
  });

  it("falls back to single creates when PostHog rejects the batch, so only the bad invite fails", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: `${base}bulk/`, method: "POST" })
      .reply(400, [{}, { target_email: ["Enter a valid email address."] }], json);
    api.pool
      .intercept({ path: base, method: "POST", body: '{"target_email":"good@x.io"}' })
      .reply(201, invite("g", "good@x.io"), json);
    api.pool
      .intercept({ path: base, method: "POST", body: '{"target_email":"bad"}' })
      .reply(
        400,
        { type: "validation_error", code: "invalid", detail: "Enter a valid email address.", attr: "target_email" },
        json,
      );
    const [good, bad] = await Promise.allSettled([
      api.client.invites.createBatched(ORG, { target_email: "good@x.io" }),
      api.client.invites.createBatched(ORG, { target_email: "bad" }),
    ]);
    expect(good).toMatchObject({ status: "fulfilled", value: { id: "g" } });
    expect(bad).toMatchObject({ status: "rejected", reason: expect.objectContaining({ attr: "target_email" }) });
    await api.finish();
  });

  it("collects creates that trickle in a few milliseconds apart, as the engine issues them, into one request", async () => {
    // Fake timers give the gaps exactly (real 10 ms sleeps could stretch past the batch window on a
    // busy machine); undici's ticks and immediates stay real so the mocked exchanges complete.
    jest.useFakeTimers({ doNotFake: ["nextTick", "queueMicrotask", "setImmediate"] });
    try {
      const api = mockApi();
      const sent = interceptBulk(api, 2);
      const pending: Promise<unknown>[] = [];
      for (let i = 0; i < 12; i++) {
        pending.push(api.client.invites.createBatched(ORG, { target_email: `t${i}@x.io` }));
        await jest.advanceTimersByTimeAsync(10);
      }
      expect(sent).toEqual([]); // 120 ms of creates stay inside the window
      await jest.advanceTimersByTimeAsync(INVITE_BATCH_WINDOW_MS); // the window from the first create ends the batch
      for (let i = 12; i < 15; i++) pending.push(api.client.invites.createBatched(ORG, { target_email: `t${i}@x.io` }));
      await jest.advanceTimersByTimeAsync(INVITE_BATCH_WINDOW_MS);
      await Promise.all(pending);
      expect(sent.map((r) => r.length)).toEqual([12, 3]);
      await api.finish();
    } finally {
      jest.useRealTimers();
    }
  });

  it("sends a batch at once when it holds as many creates as the engine runs at once", async () => {
    const api = mockApi();
    const sent = interceptBulk(api, 2);
    api.client.invites.concurrentCreates = 8;
    api.client.invites.batchWindowMs = 3_600_000; // only the count can end these batches
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) => api.client.invites.createBatched(ORG, { target_email: `p${i}@x.io` })),
    );
    expect(sent.map((r) => r.length)).toEqual([8, 8]);
    expect(results).toHaveLength(16);
    await api.finish();
  });

  it("keeps a repeated email for a later request", async () => {
    const api = mockApi();
    const sent = interceptBulk(api);
    api.pool.intercept({ path: base, method: "POST" }).reply(201, invite("solo", "a@x.io"), json);
    await Promise.all(
      ["a@x.io", "b@x.io", "A@x.io"].map((target_email) => api.client.invites.createBatched(ORG, { target_email })),
    );
    expect(sent).toEqual([["a@x.io", "b@x.io"]]);
    await api.finish();
  });
});
