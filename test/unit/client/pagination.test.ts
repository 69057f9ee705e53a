import { PostHogError } from "../../../provider/client/errors";
import { nextPath, withQuery } from "../../../provider/client/pagination";
import { HOST, ORG, json, mockApi, page, role } from "./helpers";

const rolesPath = `/api/organizations/${ORG}/roles/`;

describe("pagination", () => {
  it("follows absolute next URLs until the last page", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: rolesPath, method: "GET" })
      .reply(200, page([role("r1", "a"), role("r2", "b")], `${HOST}${rolesPath}?limit=2&offset=2`, 5), json);
    api.pool
      .intercept({ path: `${rolesPath}?limit=2&offset=2`, method: "GET" })
      .reply(200, page([role("r3", "c"), role("r4", "d")], `${HOST}${rolesPath}?limit=2&offset=4`, 5), json);
    api.pool
      .intercept({ path: `${rolesPath}?limit=2&offset=4`, method: "GET" })
      .reply(200, page([role("r5", "e")], null, 5), json);
    const names: string[] = [];
    for await (const r of api.client.roles.list(ORG)) names.push(r.name);
    expect(names).toEqual(["a", "b", "c", "d", "e"]);
    expect(api.client.metrics.snapshot().requests["GET /api/organizations/{id}/roles/"]).toBe(3);
    await api.finish();
  });

  it("passes the query on the first page and lets next carry it afterwards", async () => {
    const api = mockApi();
    const first = `/api/organizations/${ORG}/members/?email=a%40b.c&limit=1`;
    api.pool.intercept({ path: first, method: "GET" }).reply(200, page([], null), json);
    await expect(api.client.members.listAll(ORG, { email: "a@b.c", limit: 1 })).resolves.toEqual([]);
    await api.finish();
  });

  it("stops lazily: breaking out of the loop fetches no further page", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: rolesPath, method: "GET" })
      .reply(200, page([role("r1", "a")], `${HOST}${rolesPath}?offset=1`), json);
    for await (const r of api.client.roles.list(ORG)) {
      expect(r.name).toBe("a");
      break;
    }
    await api.finish();
  });

  it("replays a next link that a proxy rewrote to another host against the configured host only", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: rolesPath, method: "GET" })
      .reply(200, page([role("r1", "a")], `http://internal:8000${rolesPath}?limit=1&offset=1`), json);
    api.pool
      .intercept({ path: `${rolesPath}?limit=1&offset=1`, method: "GET" })
      .reply(200, page([role("r2", "b")]), json);
    await expect(api.client.roles.listAll(ORG)).resolves.toHaveLength(2);
    expect(api.calls().every((c) => c.origin === HOST)).toBe(true);
    await api.finish();
  });

  it("refuses a next link to another host and path, without requesting it", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: rolesPath, method: "GET" })
      .reply(200, page([role("r1", "a")], "https://evil.example/steal/?offset=1"), json);
    const error = await api.client.roles.listAll(ORG).catch((e: unknown) => e);
    expect(PostHogError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(
      "returned a pagination link to https://evil.example, which is not the configured host https://posthog.test; the link was not followed",
    );
    expect(api.calls()).toHaveLength(1);
    await api.finish();
  });

  // A refresh concludes from a list that an object is gone: a partial list must fail, never end quietly.
  it("throws, never ends quietly, when next repeats itself", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: rolesPath, method: "GET" })
      .reply(200, page([role("r1", "a")], `${HOST}${rolesPath}`), json);
    await expect(api.client.roles.listAll(ORG)).rejects.toThrow(
      /list came back incomplete \(a pagination link repeated\)/,
    );
    await api.finish();
  });

  it("throws when an empty page still links a next one", async () => {
    const api = mockApi();
    api.pool.intercept({ path: rolesPath, method: "GET" }).reply(200, page([], `${HOST}${rolesPath}?offset=1`), json);
    await expect(api.client.roles.listAll(ORG)).rejects.toThrow(/an empty page linked a next one/);
    await api.finish();
  });

  it("throws when the list holds fewer items than it counted (an empty answer is not a complete one)", async () => {
    const api = mockApi();
    api.pool.intercept({ path: rolesPath, method: "GET" }).reply(200, page([], null, 2), json);
    await expect(api.client.roles.listAll(ORG)).rejects.toThrow(/0 of the 2 items it counted/);
    await api.finish();
  });
});

describe("nextPath / withQuery", () => {
  it("keeps same-origin links as path + query", () => {
    expect(nextPath(`${HOST}/api/x/?a=1`, HOST, "/api/x/")).toBe("/api/x/?a=1");
    expect(nextPath("/api/x/?a=2", HOST, "/api/x/")).toBe("/api/x/?a=2");
  });

  it("appends query parameters, skipping undefined and null", () => {
    expect(withQuery("/api/x/", { a: 1, b: undefined, c: null, d: "x y" })).toBe("/api/x/?a=1&d=x+y");
    expect(withQuery("/api/x/?a=1", { b: true })).toBe("/api/x/?a=1&b=true");
    expect(withQuery("/api/x/", {})).toBe("/api/x/");
  });
});
