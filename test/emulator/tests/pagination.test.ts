import { request } from "node:http";
import { checkResponse, emulatorHarness } from "./harness";

const h = emulatorHarness();

describe("pagination", () => {
  it("returns 100 items per page by default with an absolute next link", async () => {
    const c = await h.boot();
    const store = h.emulator().store;
    for (let i = 0; i < 150; i++)
      store.state.roles.push({
        id: `00000000-0000-0000-0000-${String(i).padStart(12, "0")}`,
        organization_id: c.orgId,
        name: `r${i}`,
        created_at: store.now(),
        created_by_uuid: null,
      });
    const page = await c.api.get(`${c.org}/roles/`);
    expect(page.body.count).toBe(150);
    expect(page.body.results).toHaveLength(100);
    expect(page.body.previous).toBeNull();
    expect(page.body.next).toBe(`${h.emulator().url}${c.org}/roles/?limit=100&offset=100`);
    const last = await c.api.get(page.body.next.replace(h.emulator().url, ""));
    expect(last.body.results).toHaveLength(50);
    expect(last.body.next).toBeNull();
    expect(last.body.previous).toBe(`${h.emulator().url}${c.org}/roles/?limit=100`);
  });

  it("builds links from the Host header and keeps other query parameters, sorted", async () => {
    const c = await h.boot();
    for (let i = 0; i < 3; i++) await c.api.post(`${c.org}/roles/`, { name: `r${i}` });
    // fetch() does not let a caller set Host, so this request goes through node:http.
    const path = `${c.org}/roles/?offset=1&limit=1&zeta=1`;
    const res = await new Promise<{ body: any }>((resolve, reject) => {
      const req = request(
        `${h.emulator().url}${path}`,
        { headers: { Host: "posthog.example:8443", Authorization: `Bearer ${c.key}` } },
        (r) => {
          let text = "";
          r.on("data", (d: Buffer) => (text += d.toString()));
          r.on("end", () => resolve({ body: JSON.parse(text) }));
        },
      );
      req.on("error", reject);
      req.end();
    });
    checkResponse("GET", `${c.org}/roles/`, 200, res.body);
    expect(res.body.next).toBe(`http://posthog.example:8443${c.org}/roles/?limit=1&offset=2&zeta=1`);
    expect(res.body.previous).toBe(`http://posthog.example:8443${c.org}/roles/?limit=1&zeta=1`);
  });

  it("accepts any limit (no maximum) and falls back to the default for invalid ones", async () => {
    const c = await h.boot();
    const store = h.emulator().store;
    for (let i = 0; i < 250; i++)
      store.state.roles.push({
        id: `00000000-0000-0000-0001-${String(i).padStart(12, "0")}`,
        organization_id: c.orgId,
        name: `r${i}`,
        created_at: store.now(),
        created_by_uuid: null,
      });
    expect((await c.api.get(`${c.org}/roles/?limit=1000`)).body.results).toHaveLength(250);
    expect((await c.api.get(`${c.org}/roles/?limit=0`)).body.results).toHaveLength(100);
    expect((await c.api.get(`${c.org}/roles/?limit=abc&offset=-5`)).body.results).toHaveLength(100);
  });
});

describe("rate limits", () => {
  it("throttles a key after the burst limit with 429, Retry-After and DRF's message", async () => {
    const c = await h.boot();
    await h.control().settings({ burst_per_minute: 3 });
    for (let i = 0; i < 3; i++) expect((await c.api.get("/api/organizations/")).status).toBe(200);
    const res = await c.api.get("/api/organizations/");
    expect(res.status).toBe(429);
    const wait = Number(res.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(55);
    expect(wait).toBeLessThanOrEqual(60);
    expect(res.body).toEqual({
      type: "throttled_error",
      code: "throttled",
      detail: `Request was throttled. Expected available in ${wait} seconds.`,
      attr: null,
    });
  });

  it("counts keys separately and frees the window when the clock moves on", async () => {
    const a = await h.boot();
    const b = await h.boot();
    await h.control().settings({ burst_per_minute: 1 });
    expect((await a.api.get("/api/organizations/")).status).toBe(200);
    expect((await a.api.get("/api/organizations/")).status).toBe(429);
    expect((await b.api.get("/api/organizations/")).status).toBe(200);
    await h.control().advanceClock(61);
    expect((await a.api.get("/api/organizations/")).status).toBe(200);
  });

  it("applies the sustained hourly limit beside the burst limit", async () => {
    const c = await h.boot();
    await h.control().settings({ sustained_per_hour: 2 });
    await c.api.get("/api/organizations/");
    await c.api.get("/api/organizations/");
    const res = await c.api.get("/api/organizations/");
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(3500);
  });

  it("does not count requests refused by permissions, as DRF throttles after them", async () => {
    const c = await h.boot({ scopes: ["project:read"] });
    await h.control().settings({ burst_per_minute: 1 });
    for (let i = 0; i < 3; i++) expect((await c.api.get(`${c.org}/roles/`)).status).toBe(403);
    expect((await c.api.get(`${c.org}/projects/`)).status).toBe(200);
  });

  it("can be switched off", async () => {
    const c = await h.boot();
    await h.control().settings({ burst_per_minute: 1, rate_limit_enabled: false });
    for (let i = 0; i < 3; i++) expect((await c.api.get("/api/organizations/")).status).toBe(200);
  });

  it("uses 480 per minute and 4800 per hour by default", async () => {
    const s = await h.control().settings({});
    expect([s.burst_per_minute, s.sustained_per_hour, s.rate_limit_enabled]).toEqual([480, 4800, true]);
  });
});
