import { ORG, json, mockApi } from "./helpers";

const base = `/api/organizations/${ORG}/proxy_records/`;
const record = (id: string, domain: string) => ({
  id,
  domain,
  target_cname: "abc.proxy.test",
  status: "waiting",
  message: null,
  created_by: 1,
});

describe("ProxyRecords", () => {
  it("reads the unpaginated list with its quota, and the older bare-array form", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: base, method: "GET" })
      .reply(200, { results: [record("p1", "a.x.io")], max_proxy_records: 2 }, json);
    api.pool.intercept({ path: base, method: "GET" }).reply(200, [record("p2", "b.x.io")], json);
    await expect(api.client.proxyRecords.listResponse(ORG)).resolves.toEqual({
      results: [record("p1", "a.x.io")],
      max_proxy_records: 2,
    });
    await expect(api.client.proxyRecords.listResponse(ORG)).resolves.toEqual({
      results: [record("p2", "b.x.io")],
      max_proxy_records: undefined,
    });
    await api.finish();
  });

  it("treats delete's 200 {success: true} as done and offers no update", async () => {
    const api = mockApi();
    api.pool.intercept({ path: `${base}p1/`, method: "DELETE" }).reply(200, { success: true }, json);
    await expect(api.client.proxyRecords.delete(ORG, "p1")).resolves.toBeUndefined();
    expect("update" in api.client.proxyRecords).toBe(false);
    await api.finish();
  });

  it("reconciles an unknown create by domain, ignoring case and a trailing dot", async () => {
    const api = mockApi();
    api.pool.intercept({ path: base, method: "POST" }).reply(504, "");
    api.pool
      .intercept({ path: base, method: "GET" })
      .reply(200, { results: [record("p1", "ph.x.io")], max_proxy_records: 2 }, json);
    await expect(api.client.proxyRecords.create(ORG, { domain: "PH.x.io." })).resolves.toMatchObject({ id: "p1" });
    await api.finish();
  });
});
