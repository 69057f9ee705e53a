import { ReadCache } from "../../../provider/client/cache";
import { ORG, json, mockApi, page, role } from "./helpers";

const rolesPath = `/api/organizations/${ORG}/roles/`;
const membersPath = `/api/organizations/${ORG}/members/`;
// The member list asks for 1,000 per page (LARGE_LIST_PAGE) unless a caller sets a limit.
const membersList = `${membersPath}?limit=1000`;
const member = (uuid: string, email: string, level = 1) => ({ id: `m-${uuid}`, user: { uuid, email }, level });

describe("read cache", () => {
  it("answers repeated and concurrent listAll calls with one read", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: membersList, method: "GET" })
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
    api.pool.intercept({ path: membersList, method: "GET" }).reply(200, page([]), json);
    api.pool.intercept({ path: `${membersPath}?email=a%40x.io&limit=1000`, method: "GET" }).reply(200, page([]), json);
    await api.client.members.listAll(ORG);
    await api.client.members.listAll(ORG, { email: "a@x.io" });
    await api.client.members.listAll(ORG, { email: "a@x.io" });
    await api.finish();
  });

  it("takes a create into the cached list instead of reading it again, and leaves other lists alone", async () => {
    const api = mockApi();
    api.pool.intercept({ path: rolesPath, method: "GET" }).reply(200, page([role("r1", "a")]), json);
    api.pool.intercept({ path: membersList, method: "GET" }).reply(200, page([member("u1", "a@x.io")]), json);
    await api.client.roles.listAll(ORG);
    await api.client.members.listAll(ORG);
    api.pool.intercept({ path: rolesPath, method: "POST" }).reply(201, role("r2", "b"), json);
    await api.client.roles.create(ORG, { name: "b" });
    await expect(api.client.roles.listAll(ORG)).resolves.toEqual([role("r1", "a"), role("r2", "b")]);
    await expect(api.client.members.listAll(ORG)).resolves.toHaveLength(1);
    expect(api.client.metrics.snapshot().totalRequests).toBe(3); // two reads, one write
    await api.finish();
  });

  it("writes a PATCH through into the list, also into a read still in flight", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: membersList, method: "GET" })
      .reply(200, page([member("u1", "a@x.io"), member("u2", "b@x.io")]), json)
      .delay(50);
    const reading = api.client.members.listAll(ORG);
    api.pool.intercept({ path: `${membersPath}u2/`, method: "PATCH" }).reply(200, member("u2", "b@x.io", 8), json);
    await api.client.members.update(ORG, "u2", { level: 8 });
    await reading;
    await expect(api.client.members.findByUserUuid(ORG, "u2")).resolves.toMatchObject({ level: 8 });
    await expect(api.client.members.listAll(ORG)).resolves.toHaveLength(2);
    expect(api.client.metrics.snapshot().totalRequests).toBe(2);
    await api.finish();
  });

  it("removes a deleted object, drops its child lists, and drops role lists when a member leaves", async () => {
    const api = mockApi();
    const rm = `${rolesPath}r1/role_memberships/`;
    api.pool.intercept({ path: rm, method: "GET" }).reply(200, page([]), json).times(2);
    api.pool
      .intercept({ path: rolesPath, method: "GET" })
      .reply(200, page([role("r1", "a"), role("r2", "b")]), json)
      .times(2);
    await api.client.roleMemberships.listAll(ORG, "r1");
    await api.client.roles.listAll(ORG);
    api.pool.intercept({ path: `${rolesPath}r1/`, method: "DELETE" }).reply(204, "");
    await api.client.roles.delete(ORG, "r1");
    await api.client.roleMemberships.listAll(ORG, "r1"); // read again
    await expect(api.client.roles.listAll(ORG)).resolves.toEqual([role("r2", "b")]); // written through
    api.pool.intercept({ path: `${membersPath}u1/`, method: "DELETE" }).reply(204, "");
    await api.client.members.delete(ORG, "u1");
    await api.client.roles.listAll(ORG); // read again: the member's role memberships went with them
    await api.client.roles.listAll(ORG); // cached again
    await api.finish();
  });

  it("drops the list when a write fails, or when the list is filtered", async () => {
    const api = mockApi({ maxRetries: 0 });
    api.pool.intercept({ path: rolesPath, method: "GET" }).reply(200, page([]), json).times(2);
    api.pool
      .intercept({ path: `${membersPath}?email=a%40x.io&limit=1000`, method: "GET" })
      .reply(200, page([]), json)
      .times(2);
    await api.client.roles.listAll(ORG);
    await api.client.members.listAll(ORG, { email: "a@x.io" });
    api.pool
      .intercept({ path: rolesPath, method: "POST" })
      .reply(
        400,
        { type: "validation_error", code: "unique", detail: "There is already a role with this name." },
        json,
      );
    await expect(api.client.roles.create(ORG, { name: "b" })).rejects.toThrow(/400/);
    api.pool.intercept({ path: `${membersPath}u1/`, method: "PATCH" }).reply(200, member("u1", "a@x.io", 8), json);
    await api.client.members.update(ORG, "u1", { level: 8 });
    await api.client.roles.listAll(ORG);
    await api.client.members.listAll(ORG, { email: "a@x.io" });
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

  it("returns the caller's own array of frozen items, so a caller's changes cannot leak into the cache", async () => {
    const api = mockApi();
    api.pool.intercept({ path: rolesPath, method: "GET" }).reply(200, page([role("r1", "a")]), json);
    const first = await api.client.roles.listAll(ORG);
    expect(() => {
      first[0].name = "changed";
    }).toThrow(TypeError);
    first.push(role("r2", "b"));
    await expect(api.client.roles.listAll(ORG)).resolves.toEqual([role("r1", "a")]);
    await api.finish();
  });

  it("expires entries after the TTL", async () => {
    // Fake timers move the clock past the TTL instead of sleeping (undici's ticks stay real).
    jest.useFakeTimers({ doNotFake: ["nextTick", "queueMicrotask", "setImmediate"] });
    try {
      const api = mockApi({ cacheTtlMs: 10 });
      api.pool.intercept({ path: rolesPath, method: "GET" }).reply(200, page([]), json).times(2);
      await api.client.roles.listAll(ORG);
      jest.advanceTimersByTime(5);
      await api.client.roles.listAll(ORG); // within the TTL: served from the cache
      expect(api.client.metrics.snapshot().requests[`GET /api/organizations/{id}/roles/`]).toBe(1);
      jest.advanceTimersByTime(20);
      await api.client.roles.listAll(ORG);
      expect(api.client.metrics.snapshot().requests[`GET /api/organizations/{id}/roles/`]).toBe(2);
      await api.finish();
    } finally {
      jest.useRealTimers();
    }
  });
});

describe("ReadCache.key", () => {
  it("sorts query keys and skips empty values", () => {
    expect(ReadCache.key("/api/x/", { b: 2, a: 1, c: undefined })).toBe("/api/x/?a=1&b=2");
    expect(ReadCache.key("/api/x/")).toBe("/api/x/");
  });

  it("leaves the page size out: a list read whole is the same list at any page size", () => {
    expect(ReadCache.key("/api/x/", { limit: 1000 })).toBe("/api/x/");
    expect(ReadCache.key("/api/x/", { limit: 1000, email: "a" })).toBe("/api/x/?email=a");
  });
});
