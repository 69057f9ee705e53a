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

  it("reconciles an organization create by name and creation time (names are not unique)", async () => {
    const api = mockApi();
    api.pool.intercept({ path: "/api/organizations/", method: "POST" }).reply(500, "");
    // An older organization of the same name is someone else's; the fresh one is what the POST made.
    const old = { id: "0190b1a5-0c1e-7000-8000-0000000000aa", name: "Acme", created_at: "2020-01-01T00:00:00Z" };
    const fresh = { id: ORG, name: "Acme", created_at: new Date().toISOString() };
    api.pool.intercept({ path: "/api/organizations/", method: "GET" }).reply(200, page([old, fresh]), json);
    await expect(api.client.organizations.create({ name: fresh.name })).resolves.toMatchObject({ id: fresh.id });
    expect(api.calls()).toHaveLength(2); // the POST and one lookup: found, not sent again
    await api.finish();
  });
});
