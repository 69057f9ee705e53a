import { ORG, json, mockApi, page } from "./helpers";

const base = `/api/organizations/${ORG}/invites/`;
const invite = (id: string, email: string, created = new Date().toISOString(), level = 1) => ({ id, target_email: email, level, is_expired: false, created_at: created });

describe("Invites", () => {
  it("splits a bulk create into requests of at most 20 invites, in order", async () => {
    const api = mockApi();
    const emails = Array.from({ length: 45 }, (_, i) => `u${i}@x.io`);
    const sizes: number[] = [];
    api.pool
      .intercept({ path: `${base}bulk/`, method: "POST" })
      .reply(201, (opts) => {
        const body = JSON.parse(String(opts.body)) as { target_email: string }[];
        sizes.push(body.length);
        return body.map((b, i) => invite(`i-${b.target_email}-${i}`, b.target_email));
      })
      .times(3);
    const created = await api.client.invites.bulkCreate(ORG, emails.map((target_email) => ({ target_email })));
    expect(sizes).toEqual([20, 20, 5]);
    expect(created.map((i) => i.target_email)).toEqual(emails);
    await api.finish();
  });

  it("reconciles an unknown create only with an invite made since the call began", async () => {
    const api = mockApi();
    const old = new Date(Date.now() - 3_600_000).toISOString();
    api.pool.intercept({ path: base, method: "POST" }).reply(500, "");
    api.pool.intercept({ path: base, method: "GET" }).reply(200, page([invite("old", "a@x.io", old)]), json);
    api.pool.intercept({ path: base, method: "POST" }).reply(201, invite("new", "a@x.io"), json);
    await expect(api.client.invites.create(ORG, { target_email: "a@x.io" })).resolves.toMatchObject({ id: "new" });
    api.pool.intercept({ path: base, method: "POST" }).replyWithError(Object.assign(new Error("reset"), { code: "ECONNRESET" }));
    api.pool.intercept({ path: base, method: "GET" }).reply(200, page([invite("fresh", "A@x.io")]), json);
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
