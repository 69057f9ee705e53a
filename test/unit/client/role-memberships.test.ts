import { ORG, json, mockApi, page } from "./helpers";

const base = `/api/organizations/${ORG}/roles/r1/role_memberships/`;
const membership = (id: string, uuid: string) => ({ id, role_id: "r1", user: { uuid, email: `${uuid}@x.io` } });

describe("RoleMemberships", () => {
  it("creates, retrieves, lists and deletes under the role", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: base, method: "POST", body: '{"user_uuid":"u1"}' })
      .reply(201, membership("m1", "u1"), json);
    api.pool.intercept({ path: `${base}m1/`, method: "GET" }).reply(200, membership("m1", "u1"), json);
    api.pool.intercept({ path: base, method: "GET" }).reply(200, page([membership("m1", "u1")]), json);
    api.pool.intercept({ path: `${base}m1/`, method: "DELETE" }).reply(204, "");
    await api.client.roleMemberships.create(ORG, "r1", { user_uuid: "u1" });
    await api.client.roleMemberships.retrieve(ORG, "r1", "m1");
    await expect(api.client.roleMemberships.findByUser(ORG, "r1", "u1")).resolves.toMatchObject({ id: "m1" });
    await api.client.roleMemberships.delete(ORG, "r1", "m1");
    await api.finish();
  });

  it("reconciles an unknown create by the user's UUID", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: base, method: "POST" })
      .replyWithError(Object.assign(new Error("closed"), { code: "UND_ERR_SOCKET" }));
    api.pool.intercept({ path: base, method: "GET" }).reply(200, page([membership("m9", "u1")]), json);
    await expect(api.client.roleMemberships.create(ORG, "r1", { user_uuid: "u1" })).resolves.toMatchObject({
      id: "m9",
    });
    await api.finish();
  });
});
