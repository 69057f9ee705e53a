import { ORG, json, mockApi, page } from "./helpers";

describe("Organizations and Users", () => {
  it("maps organization calls to /api/organizations/ and me() to /api/users/@me/", async () => {
    const api = mockApi();
    const org = { id: ORG, name: "Acme", slug: "acme" };
    api.pool.intercept({ path: "/api/organizations/", method: "POST", body: '{"name":"Acme"}' }).reply(201, org, json);
    api.pool.intercept({ path: "/api/organizations/", method: "GET" }).reply(200, page([org]), json);
    api.pool.intercept({ path: `/api/organizations/${ORG}/`, method: "GET" }).reply(200, org, json);
    api.pool
      .intercept({ path: `/api/organizations/${ORG}/`, method: "PATCH", body: '{"name":"Acme 2"}' })
      .reply(200, { ...org, name: "Acme 2" }, json);
    api.pool.intercept({ path: `/api/organizations/${ORG}/`, method: "DELETE" }).reply(204, "");
    api.pool
      .intercept({ path: "/api/users/@me/", method: "GET" })
      .reply(200, { uuid: "u1", email: "me@x.io", organization: { id: ORG, name: "Acme" } }, json);
    await api.client.organizations.create({ name: "Acme" });
    await expect(api.client.organizations.listAll()).resolves.toHaveLength(1);
    await api.client.organizations.retrieve(ORG);
    await api.client.organizations.update(ORG, { name: "Acme 2" });
    await api.client.organizations.delete(ORG);
    await expect(api.client.users.me()).resolves.toMatchObject({ uuid: "u1", organization: { id: ORG } });
    await api.finish();
  });

  it("has no default reconciler for organization creates (names are not unique)", async () => {
    const api = mockApi();
    api.pool.intercept({ path: "/api/organizations/", method: "POST" }).reply(500, "");
    await expect(api.client.organizations.create({ name: "Acme" })).rejects.toThrow(/not repeated/);
    expect(api.calls()).toHaveLength(1);
    await api.finish();
  });
});
