import { ReadCache } from "../../../provider/client/cache";
import { ORG, json, mockApi, page, role } from "./helpers";

const rolesPath = `/api/organizations/${ORG}/roles/`;
const membersPath = `/api/organizations/${ORG}/members/`;
const member = (uuid: string, email: string, level = 1) => ({ id: `m-${uuid}`, user: { uuid, email }, level });

describe("read cache", () => {
  it("answers repeated and concurrent listAll calls with one read", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: membersPath, method: "GET" })
      .reply(200, page([member("u1", "a@x.io")]), json)
      .delay(20);
    const results = await Promise.all(Array.from({ length: 10 }, () => api.client.members.listAll(ORG)));
    expect(results.every((r) => r.length === 1)).toBe(true);
    await expect(api.client.members.findByEmail(ORG, "A@X.IO")).resolves.toMatchObject({ user: { uuid: "u1" } });
    const m = api.client.metrics.snapshot();
    expect(m.totalRequests).toBe(1);
    expect(m.cacheMisses).toBe(1);
    expect(m.cacheHits).toBe(10);
    await api.finish();
  });

  it("keys on the query: a filtered list is a separate entry", async () => {
    const api = mockApi();
    api.pool.intercept({ path: membersPath, method: "GET" }).reply(200, page([]), json);
    api.pool.intercept({ path: `${membersPath}?email=a%40x.io`, method: "GET" }).reply(200, page([]), json);
    await api.client.members.listAll(ORG);
    await api.client.members.listAll(ORG, { email: "a@x.io" });
    await api.client.members.listAll(ORG, { email: "a@x.io" });
    await api.finish();
  });

  it("is invalidated by a write to the same collection, not by writes elsewhere", async () => {
    const api = mockApi();
    api.pool.intercept({ path: rolesPath, method: "GET" }).reply(200, page([role("r1", "a")]), json);
    api.pool.intercept({ path: membersPath, method: "GET" }).reply(200, page([member("u1", "a@x.io")]), json);
    await api.client.roles.listAll(ORG);
    await api.client.members.listAll(ORG);
    api.pool.intercept({ path: rolesPath, method: "POST" }).reply(201, role("r2", "b"), json);
    await api.client.roles.create(ORG, { name: "b" });
    api.pool.intercept({ path: rolesPath, method: "GET" }).reply(200, page([role("r1", "a"), role("r2", "b")]), json);
    await expect(api.client.roles.listAll(ORG)).resolves.toHaveLength(2);
    await expect(api.client.members.listAll(ORG)).resolves.toHaveLength(1); // still cached
    await api.finish();
  });

  it("drops child lists when a parent object is deleted, and role lists when a member leaves", async () => {
    const api = mockApi();
    const rm = `${rolesPath}r1/role_memberships/`;
    api.pool.intercept({ path: rm, method: "GET" }).reply(200, page([]), json).times(2);
    api.pool.intercept({ path: rolesPath, method: "GET" }).reply(200, page([]), json).times(3);
    await api.client.roleMemberships.listAll(ORG, "r1");
    await api.client.roles.listAll(ORG);
    api.pool.intercept({ path: `${rolesPath}r1/`, method: "DELETE" }).reply(204, "");
    await api.client.roles.delete(ORG, "r1");
    await api.client.roleMemberships.listAll(ORG, "r1");
    await api.client.roles.listAll(ORG);
    await api.client.roles.listAll(ORG); // cached again
    api.pool.intercept({ path: `${membersPath}u1/`, method: "DELETE" }).reply(204, "");
    await api.client.members.delete(ORG, "u1");
    await api.client.roles.listAll(ORG);
    await api.finish();
  });

  it("invalidates the organization batch export list on writes through the project route", async () => {
    const api = mockApi();
    const orgList = `/api/organizations/${ORG}/batch_exports/`;
    api.pool.intercept({ path: orgList, method: "GET" }).reply(200, page([]), json).times(2);
    await api.client.batchExports.listAll(ORG);
    api.pool
      .intercept({ path: "/api/projects/7/batch_exports/b1/pause/", method: "POST" })
      .reply(200, { paused: true }, json);
    await api.client.batchExports.pause(ORG, 7, "b1");
    await api.client.batchExports.listAll(ORG);
    await api.finish();
  });

  it("does not cache failures", async () => {
    const api = mockApi({ maxRetries: 0 });
    api.pool
      .intercept({ path: rolesPath, method: "GET" })
      .reply(403, { type: "authentication_error", code: "permission_denied", detail: "no" }, json);
    api.pool.intercept({ path: rolesPath, method: "GET" }).reply(200, page([]), json);
    await expect(api.client.roles.listAll(ORG)).rejects.toThrow(/403/);
    await expect(api.client.roles.listAll(ORG)).resolves.toEqual([]);
    await api.finish();
  });

  it("returns copies, so a caller's changes do not leak into the cache", async () => {
    const api = mockApi();
    api.pool.intercept({ path: rolesPath, method: "GET" }).reply(200, page([role("r1", "a")]), json);
    const first = await api.client.roles.listAll(ORG);
    first[0].name = "changed";
    first.push(role("r2", "b"));
    await expect(api.client.roles.listAll(ORG)).resolves.toEqual([role("r1", "a")]);
    await api.finish();
  });

  it("expires entries after the TTL", async () => {
    const api = mockApi({ cacheTtlMs: 10 });
    api.pool.intercept({ path: rolesPath, method: "GET" }).reply(200, page([]), json).times(2);
    await api.client.roles.listAll(ORG);
    await new Promise((r) => setTimeout(r, 20));
    await api.client.roles.listAll(ORG);
    await api.finish();
  });
});

describe("ReadCache.key", () => {
  it("sorts query keys and skips empty values", () => {
    expect(ReadCache.key("/api/x/", { b: 2, a: 1, c: undefined })).toBe("/api/x/?a=1&b=2");
    expect(ReadCache.key("/api/x/")).toBe("/api/x/");
  });
});
