import { createHash } from "node:crypto";
import { emulatorHarness } from "./harness";

const h = emulatorHarness();

describe("proxy records", () => {
  it("creates a record with 201, status waiting and a deterministic target CNAME", async () => {
    const c = await h.boot();
    const res = await c.api.post(`${c.org}/proxy_records/`, { domain: "e.example.com" });
    expect(res.status).toBe(201);
    const hash = createHash("sha256")
      .update(c.orgId + "e.example.com")
      .digest("hex")
      .slice(0, 20);
    expect(res.body).toMatchObject({
      domain: "e.example.com",
      status: "waiting",
      message: null,
      created_by: c.userId,
      target_cname: `${hash}.proxy-us.posthog.com`,
    });
  });

  it("lists without pagination, newest first, with the quota", async () => {
    const c = await h.boot();
    await c.api.post(`${c.org}/proxy_records/`, { domain: "a.example.com" });
    await h.control().advanceClock(1);
    await c.api.post(`${c.org}/proxy_records/`, { domain: "b.example.com" });
    const res = await c.api.get(`${c.org}/proxy_records/`);
    expect(Object.keys(res.body).sort()).toEqual(["max_proxy_records", "results"]);
    expect(res.body.max_proxy_records).toBe(2);
    expect(res.body.results.map((r: { domain: string }) => r.domain)).toEqual(["b.example.com", "a.example.com"]);
  });

  it("refuses a third record with a raw detail body", async () => {
    const c = await h.boot();
    await c.api.post(`${c.org}/proxy_records/`, { domain: "a.example.com" });
    await c.api.post(`${c.org}/proxy_records/`, { domain: "b.example.com" });
    const res = await c.api.post(`${c.org}/proxy_records/`, { domain: "c.example.com" });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail: "Maximum of 2 proxy records per organization." });
    await h.control().settings({ proxy_record_quota: 3 });
    expect((await c.api.post(`${c.org}/proxy_records/`, { domain: "c.example.com" })).status).toBe(201);
  });

  it("requires a domain", async () => {
    const c = await h.boot();
    expect((await c.api.post(`${c.org}/proxy_records/`, {})).body).toEqual({
      type: "validation_error",
      code: "required",
      detail: "This field is required.",
      attr: "domain",
    });
  });

  it("fails like the database does for duplicate or over-long domains", async () => {
    const c = await h.boot();
    await c.api.post(`${c.org}/proxy_records/`, { domain: "dup.example.com" });
    const other = await h.boot();
    expect((await other.api.post(`${other.org}/proxy_records/`, { domain: "dup.example.com" })).status).toBe(500);
    expect((await other.api.post(`${other.org}/proxy_records/`, { domain: `${"a".repeat(61)}.com` })).status).toBe(500);
  });

  it("is immutable: PUT and PATCH answer 405", async () => {
    const c = await h.boot();
    const p = (await c.api.post(`${c.org}/proxy_records/`, { domain: "a.example.com" })).body;
    expect((await c.api.patch(`${c.org}/proxy_records/${p.id}/`, { domain: "b.example.com" })).body.detail).toBe(
      'Method "PATCH" not allowed.',
    );
    expect((await c.api.put(`${c.org}/proxy_records/${p.id}/`, { domain: "b.example.com" })).status).toBe(405);
  });

  it("hard-deletes a waiting record and answers 200 success", async () => {
    const c = await h.boot();
    const p = (await c.api.post(`${c.org}/proxy_records/`, { domain: "a.example.com" })).body;
    const res = await c.api.delete(`${c.org}/proxy_records/${p.id}/`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect((await c.api.get(`${c.org}/proxy_records/${p.id}/`)).status).toBe(404);
  });

  it("only flips a live record to deleting", async () => {
    const c = await h.boot();
    const p = (await c.api.post(`${c.org}/proxy_records/`, { domain: "a.example.com" })).body;
    await h.control().setProxyStatus(p.id, "valid");
    expect((await c.api.get(`${c.org}/proxy_records/${p.id}/`)).body.status).toBe("valid");
    expect((await c.api.delete(`${c.org}/proxy_records/${p.id}/`)).body).toEqual({ success: true });
    expect((await c.api.get(`${c.org}/proxy_records/${p.id}/`)).body.status).toBe("deleting");
  });

  it("retries only erroring or timed-out records", async () => {
    const c = await h.boot();
    const p = (await c.api.post(`${c.org}/proxy_records/`, { domain: "a.example.com" })).body;
    expect((await c.api.post(`${c.org}/proxy_records/${p.id}/retry/`)).body).toEqual({
      detail: "Cannot retry proxy in waiting state.",
    });
    await h.control().setProxyStatus(p.id, "erroring", "DNS mismatch");
    expect((await c.api.get(`${c.org}/proxy_records/${p.id}/`)).body.message).toBe("DNS mismatch");
    expect((await c.api.post(`${c.org}/proxy_records/${p.id}/retry/`)).body).toMatchObject({
      status: "waiting",
      message: null,
    });
  });

  it("answers 404 for records of other organizations", async () => {
    const a = await h.boot();
    const b = await h.boot();
    const p = (await a.api.post(`${a.org}/proxy_records/`, { domain: "a.example.com" })).body;
    expect((await b.api.get(`${b.org}/proxy_records/${p.id}/`)).status).toBe(404);
    expect((await b.api.delete(`${b.org}/proxy_records/${p.id}/`)).status).toBe(404);
  });
});
