import { ORG, json, mockApi, page } from "./helpers";

const base = `/api/organizations/${ORG}/members/`;
const member = (uuid: string, email: string, level = 1) => ({
  id: `m-${uuid}`,
  user: { uuid, email, first_name: "X" },
  level,
  joined_at: "2026-01-01T00:00:00Z",
});

describe("Members", () => {
  it("lists with filters, updates the level with PATCH and deletes by user UUID", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: `${base}?email=a%40x.io&order=joined_at&limit=1000`, method: "GET" })
      .reply(200, page([member("u1", "a@x.io")]), json);
    api.pool
      .intercept({ path: `${base}u1/`, method: "PATCH", body: '{"level":8}' })
      .reply(200, member("u1", "a@x.io", 8), json);
    api.pool.intercept({ path: `${base}u1/`, method: "DELETE" }).reply(204, "");
    await expect(api.client.members.listAll(ORG, { email: "a@x.io", order: "joined_at" })).resolves.toHaveLength(1);
    await expect(api.client.members.update(ORG, "u1", { level: 8 })).resolves.toMatchObject({ level: 8 });
    await api.client.members.delete(ORG, "u1");
    expect("retrieve" in api.client.members).toBe(false); // GET /members/{uuid}/ is 405 in PostHog
    await api.finish();
  });

  it("asks for 1,000 members per page unless the caller sets a page size", async () => {
    const api = mockApi();
    api.pool.intercept({ path: `${base}?limit=1000`, method: "GET" }).reply(200, page([member("u1", "a@x.io")]), json);
    api.pool.intercept({ path: `${base}?limit=2`, method: "GET" }).reply(200, page([member("u2", "b@x.io")]), json);
    await expect(api.client.members.listAll(ORG)).resolves.toHaveLength(1);
    const own: unknown[] = [];
    for await (const m of api.client.members.list(ORG, { limit: 2 })) own.push(m);
    expect(own).toMatchObject([{ user: { uuid: "u2" } }]);
    expect(api.client.metrics.snapshot().totalRequests).toBe(2);
    await api.finish();
  });

  it("reconciles an unknown level change from the member list", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: `${base}u1/`, method: "PATCH" })
      .replyWithError(Object.assign(new Error("reset"), { code: "ECONNRESET" }));
    api.pool
      .intercept({ path: `${base}?limit=1000`, method: "GET" })
      .reply(200, page([member("u1", "a@x.io", 8)]), json);
    await expect(api.client.members.update(ORG, "u1", { level: 8 })).resolves.toMatchObject({ level: 8 });
    expect(api.client.metrics.snapshot().reconciled).toBe(1);
    await api.finish();
  });
});
