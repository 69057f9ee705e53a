import { HOST, ORG, json, mockApi, page, role } from "./helpers";

const base = `/api/organizations/${ORG}/roles/`;

describe("Roles", () => {
  it("maps each method to its route and verb (PATCH for update, never PUT)", async () => {
    const api = mockApi();
    api.pool.intercept({ path: base, method: "POST", body: '{"name":"a"}' }).reply(201, role("r1", "a"), json);
    api.pool.intercept({ path: `${base}r1/`, method: "GET" }).reply(200, role("r1", "a"), json);
    api.pool.intercept({ path: `${base}r1/`, method: "PATCH", body: '{"name":"b"}' }).reply(200, role("r1", "b"), json);
    api.pool.intercept({ path: `${base}r1/`, method: "DELETE" }).reply(204, "");
    const c = api.client.roles;
    await c.create(ORG, { name: "a" });
    await c.retrieve(ORG, "r1");
    await c.update(ORG, "r1", { name: "b" });
    await expect(c.delete(ORG, "r1")).resolves.toBeUndefined();
    await api.finish();
  });

  it("finds a role by name case-insensitively", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: base, method: "GET" })
      .reply(200, page([role("r1", "Eng")], `${HOST}${base}?offset=1`), json);
    api.pool.intercept({ path: `${base}?offset=1`, method: "GET" }).reply(200, page([role("r2", "Ops")]), json);
    await expect(api.client.roles.findByName(ORG, "ops")).resolves.toMatchObject({ id: "r2" });
    await expect(api.client.roles.findByName(ORG, "none")).resolves.toBeUndefined();
    await api.finish();
  });

  it("reconciles an unknown update outcome by reading the role back", async () => {
    const api = mockApi();
    api.pool.intercept({ path: `${base}r1/`, method: "PATCH" }).reply(502, "bad gateway");
    api.pool.intercept({ path: `${base}r1/`, method: "GET" }).reply(200, role("r1", "b"), json);
    await expect(api.client.roles.update(ORG, "r1", { name: "b" })).resolves.toMatchObject({ name: "b" });
    await api.finish();
  });
});
