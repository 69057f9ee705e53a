import { z } from "zod";
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

  it("finds objects through an index built once per list, not by a scan per lookup", async () => {
    const cache = new ReadCache();
    const items = Array.from({ length: 200 }, (_, i) => ({ id: `i${i}`, email: `user${i}@x.io` }));
    const load = jest.fn(async () => items);
    const by = jest.fn((item: { email: string }) => item.email);
    for (let i = 0; i < items.length; i++) {
      const index = await cache.index("/api/x/", "/api/x/", load, by);
      expect(index.get(`user${i}@x.io`)).toEqual([items[i]]);
    }
    expect(load).toHaveBeenCalledTimes(1);
    expect(by).toHaveBeenCalledTimes(items.length); // once per item: 200 lookups, not 200 × 200
    // Another grouping of the same list has its own index; the list is not read again.
    const byId = (item: { id: string }) => item.id;
    expect((await cache.index("/api/x/", "/api/x/", load, byId)).get("i7")).toEqual([items[7]]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("moves only the written items between an index's groups: a write does not regroup the list", async () => {
    const cache = new ReadCache();
    const Item = z.object({ id: z.string(), email: z.string() });
    type Item = z.infer<typeof Item>;
    const items: Item[] = Array.from({ length: 100 }, (_, i) => ({ id: `i${i}`, email: `user${i}@x.io` }));
    const shape = { item: Item };
    const by = jest.fn((item: Item) => item.email);
    const index = () => cache.index("/api/x/", "/api/x/", async () => items, by, undefined, shape);
    await index();
    expect(by).toHaveBeenCalledTimes(100);
    cache.written("PATCH", "/api/x/i3/", { id: "i3", email: "renamed@x.io" });
    cache.written("POST", "/api/x/", { id: "i100", email: "user100@x.io" });
    cache.written("DELETE", "/api/x/i5/", undefined);
    const after = await index();
    expect(after.get("user3@x.io")).toBeUndefined();
    expect(after.get("renamed@x.io")).toEqual([{ id: "i3", email: "renamed@x.io" }]);
    expect(after.get("user100@x.io")).toEqual([{ id: "i100", email: "user100@x.io" }]);
    expect(after.get("user5@x.io")).toBeUndefined();
    expect(after.get("user6@x.io")).toEqual([items[6]]);
    expect(by.mock.calls.length).toBeLessThanOrEqual(100 + 5); // the written items only, not 100 again
  });

  it("keeps an index up to date with the run's writes, without reading the list again", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: membersList, method: "GET" })
      .reply(200, page([member("u1", "a@x.io"), member("u2", "b@x.io")]), json);
    await expect(api.client.members.findByEmail(ORG, "B@x.io")).resolves.toMatchObject({ level: 1 });
    api.pool.intercept({ path: `${membersPath}u2/`, method: "PATCH" }).reply(200, member("u2", "b@x.io", 8), json);
    await api.client.members.update(ORG, "u2", { level: 8 });
    await expect(api.client.members.findByEmail(ORG, "b@x.io")).resolves.toMatchObject({ level: 8 });
    api.pool.intercept({ path: `${membersPath}u1/`, method: "DELETE" }).reply(204, "");
    await api.client.members.delete(ORG, "u1");
    await expect(api.client.members.findByEmail(ORG, "a@x.io")).resolves.toBeUndefined();
    await expect(api.client.members.findByUserUuid(ORG, "u2")).resolves.toMatchObject({ level: 8 });
    expect(api.client.metrics.snapshot().totalRequests).toBe(3); // one read, two writes
    await api.finish();
  });

  it("finds the newest of several invites to one email, and an invite by id, through the cached list", async () => {
    const api = mockApi();
    const invite = (id: string, email: string, createdAt: string) => ({
      id,
      target_email: email,
      level: 1,
      is_expired: false,
      created_at: createdAt,
    });
    api.pool
      .intercept({ path: `/api/organizations/${ORG}/invites/?limit=1000`, method: "GET" })
      .reply(
        200,
        page([
          invite("old", "a@x.io", "2026-01-01T00:00:00Z"),
          invite("new", "A@X.io", "2026-01-02T00:00:00Z"),
          invite("other", "b@x.io", "2026-01-03T00:00:00Z"),
        ]),
        json,
      );
    await expect(api.client.invites.findByEmail(ORG, "a@x.io")).resolves.toMatchObject({ id: "new" });
    await expect(api.client.invites.findById(ORG, "old")).resolves.toMatchObject({ target_email: "a@x.io" });
    await expect(api.client.invites.findById(ORG, "gone")).resolves.toBeUndefined();
    expect(api.client.metrics.snapshot().totalRequests).toBe(1);
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
