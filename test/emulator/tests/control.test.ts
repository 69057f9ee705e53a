import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EmulatorControl, startTestEmulator } from "../../helpers/emulator";
import { Api, emulatorHarness } from "./harness";
import { startEmulator } from "../http/server";

const h = emulatorHarness();

describe("control API", () => {
  it("bootstraps a user, organization, default project, owner membership and legacy key", async () => {
    const b = await h.control().bootstrap({ email: "boss@example.com", org_name: "Boot" });
    expect(b.api_key).toMatch(/^phx_/);
    const api = h.api(b.api_key);
    const org = (await api.get(`/api/organizations/${b.organization.id}/`)).body;
    expect(org).toMatchObject({ name: "Boot", slug: "boot", membership_level: 15 });
    expect(org.teams.map((t: { id: number }) => t.id)).toEqual([b.project.id]);
    expect(
      (await api.get(`/api/organizations/${b.organization.id}/projects/${b.project.id}/reset_token/`)).status,
    ).toBe(405);
  });

  it("bootstraps at a lower level with a separate owner and a scoped key", async () => {
    const b = await h.control().bootstrap({ level: 8, scopes: ["organization:read"] });
    const members = (await h.api(b.api_key).get(`/api/organizations/${b.organization.id}/members/`)).body;
    expect(members.detail).toBe("API key missing required scope 'organization_member:read'");
    const state = await h.control().state();
    const levels = state.memberships
      .filter((m) => m.organization_id === b.organization.id)
      .map((m) => m.level)
      .sort((x, y) => x - y);
    expect(levels).toEqual([8, 15]);
    expect(state.apiKeys.find((k) => k.user_uuid === b.user.uuid)?.scopes).toEqual(["organization:read"]);
  });

  it("creates users, memberships and keys", async () => {
    const b = await h.control().bootstrap();
    const u = await h.control().createUser({ email: "new@example.com", first_name: "New" });
    await h.control().addMembership({ organization_id: b.organization.id, email: "new@example.com", level: 8 });
    const key = await h.control().createApiKey({ email: "new@example.com", scopes: ["organization:write"] });
    const res = await h.api(key).post(`/api/organizations/${b.organization.id}/roles/`, { name: "From admin" });
    expect(res.status).toBe(201);
    await expect(h.control().createUser({ email: "new@example.com" })).rejects.toThrow(/already exists/);
    expect(u.uuid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("moves the clock and reports it", async () => {
    const before = await h.control().clock();
    const after = await h.control().advanceClock(3600);
    expect(after.offset_seconds).toBe(before.offset_seconds + 3600);
    expect(Date.parse(after.now) - Date.parse(before.now)).toBeGreaterThanOrEqual(3600_000);
  });

  it("dates API responses by its clock, as PostHog's server dates them by its own", async () => {
    const c = await h.boot();
    const now = Date.parse((await h.control().advanceClock(3 * 24 * 3600)).now);
    const date = Date.parse((await c.api.get(`${c.org}/roles/`)).headers.get("date")!);
    expect(Math.abs(date - now)).toBeLessThan(5_000);
  });

  it("changes and deletes objects out of band", async () => {
    const c = await h.boot();
    const role = (await c.api.post(`${c.org}/roles/`, { name: "Before" })).body;
    await h.control().patchObject("role", role.id, { name: "After" });
    expect((await c.api.get(`${c.org}/roles/${role.id}/`)).body.name).toBe("After");
    await h.control().deleteObject("role", role.id);
    expect((await c.api.get(`${c.org}/roles/${role.id}/`)).status).toBe(404);
    await expect(h.control().deleteObject("member", c.userUuid)).rejects.toThrow(/organization_id/);
    await expect(h.control().patchObject("role", role.id, {})).rejects.toThrow(/404/);
  });

  it("logs API requests with route templates and counts, but not control requests", async () => {
    const c = await h.boot();
    await h.control().clearRequests();
    await c.api.post(`${c.org}/roles/`, { name: "A" });
    await c.api.post(`${c.org}/roles`, { name: "B" });
    await c.api.get("/api/nowhere/");
    const log = await h.control().requests();
    expect(log.counts[`POST /api/organizations/{organization_id}/roles/`]).toBe(2);
    expect(log.requests.map((r) => [r.method, r.status])).toEqual([
      ["POST", 201],
      ["POST", 201],
      ["GET", 404],
    ]);
    expect(log.requests.every((r) => !r.path.startsWith("/_emulator"))).toBe(true);
  });

  it("resets everything to an empty store and default settings", async () => {
    const c = await h.boot();
    await h.control().settings({ burst_per_minute: 1, features: [] });
    await h.control().addFault({ path: ".*", kind: "5xx" });
    await h.control().reset();
    const state = await h.control().state();
    expect(state.users).toEqual([]);
    expect(state.faults).toEqual([]);
    expect(state.settings.burst_per_minute).toBe(480);
    expect((await c.api.get("/api/organizations/")).status).toBe(401);
  });

  it("reports misuse with a JSON error instead of crashing", async () => {
    const res = await fetch(`${h.emulator().url}/_emulator/faults`, {
      method: "POST",
      body: "{oops",
      headers: { "Content-Type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/invalid JSON/);
    expect((await fetch(`${h.emulator().url}/_emulator/nothing`)).status).toBe(404);
    await expect(h.control().addFault({ path: "x", kind: "explode" as never })).rejects.toThrow(/kind must be one of/);
  });
});

describe("fault injection", () => {
  it("answers 429 with Retry-After a given number of times", async () => {
    const c = await h.boot();
    await h.control().addFault({ method: "GET", path: "/roles/?$", kind: "429", times: 2, retry_after: 7 });
    const first = await c.api.get(`${c.org}/roles/`);
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("7");
    expect((await c.api.get(`${c.org}/roles/`)).status).toBe(429);
    expect((await c.api.get(`${c.org}/roles/`)).status).toBe(200);
  });

  it("answers a 5xx without applying the request", async () => {
    const c = await h.boot();
    await h.control().addFault({ method: "POST", path: "/roles/?$", kind: "5xx", status: 503 });
    expect((await c.api.post(`${c.org}/roles/`, { name: "X" })).status).toBe(503);
    expect((await c.api.get(`${c.org}/roles/`)).body.count).toBe(0);
  });

  it("delays a response by the given latency", async () => {
    // The emulator waits through an injected sleep held open here, so no real time is measured: the
    // response must not arrive before the 150 ms sleep ends, and must arrive once it does.
    const slept: number[] = [];
    let wake = () => undefined as void;
    let asleep = () => undefined as void;
    const sleeping = new Promise<void>((r) => (asleep = r));
    const emu = await startEmulator({
      port: 0,
      sleep: (ms) => {
        slept.push(ms);
        asleep();
        return new Promise<void>((r) => (wake = r));
      },
    });
    try {
      const control = new EmulatorControl(emu.url);
      const boot = await control.bootstrap({ email: "latency@example.com" });
      await control.addFault({ path: "/roles/?$", kind: "latency", latency_ms: 150 });
      let answered = false;
      const res = new Api(emu.url, boot.api_key)
        .get(`/api/organizations/${boot.organization.id}/roles/`)
        .finally(() => (answered = true));
      await sleeping;
      expect(slept).toEqual([150]);
      // The request is logged (so it reached the emulator) but is still held.
      expect((await control.requests()).requests.map((r) => r.status)).toEqual([null]);
      expect(answered).toBe(false);
      wake();
      expect((await res).status).toBe(200);
      expect((await control.requests()).requests.map((r) => [r.status, r.fault])).toEqual([[200, "latency"]]);
    } finally {
      await emu.close();
    }
  });

  it("resets the connection before applying the request", async () => {
    const c = await h.boot();
    await h.control().addFault({ method: "POST", path: "/roles/?$", kind: "reset-before" });
    await expect(c.api.post(`${c.org}/roles/`, { name: "Lost" })).rejects.toThrow();
    expect((await c.api.get(`${c.org}/roles/`)).body.count).toBe(0);
  });

  it("resets the connection after applying the request", async () => {
    const c = await h.boot();
    await h.control().addFault({ method: "POST", path: "/roles/?$", kind: "reset-after" });
    await expect(c.api.post(`${c.org}/roles/`, { name: "Landed" })).rejects.toThrow();
    expect((await c.api.get(`${c.org}/roles/`)).body.results.map((r: { name: string }) => r.name)).toEqual(["Landed"]);
    const log = await h.control().requests();
    expect(log.requests[0]).toMatchObject({ status: null, fault: "reset-after" });
  });
});

describe("random fault mix", () => {
  // Sends `n` role reads and returns each one's outcome: a status, or "reset" for a dropped connection.
  async function outcomes(c: Awaited<ReturnType<typeof h.boot>>, n: number): Promise<(number | "reset")[]> {
    const out: (number | "reset")[] = [];
    for (let i = 0; i < n; i++) {
      out.push(
        await c.api.get(`${c.org}/roles/`).then(
          (r) => r.status,
          () => "reset" as const,
        ),
      );
    }
    return out;
  }

  it("faults about the asked share of requests, deterministically per seed, and reports what it did", async () => {
    const c = await h.boot();
    await h.control().setRandomFaults({ seed: 7, rate: 0.3, retry_after: 0, methods: ["GET"] });
    const first = await outcomes(c, 200);
    const report = await h.control().randomFaults();
    expect(report).toMatchObject({ seed: 7, rate: 0.3, drawn: 200 });
    const fired = Object.values(report!.fired).reduce((a, b) => a + b, 0);
    expect(fired).toBe(first.filter((o) => o !== 200).length);
    expect(fired).toBeGreaterThan(40);
    expect(fired).toBeLessThan(80);
    expect(Object.keys(report!.fired).sort()).toEqual(["429", "5xx", "reset-after", "reset-before"]);
    expect(first.filter((o) => o === 429)).toHaveLength(report!.fired["429"]);
    expect(first.filter((o) => o === 503)).toHaveLength(report!.fired["5xx"]);

    await h.control().setRandomFaults({ seed: 7, rate: 0.3, retry_after: 0, methods: ["GET"] });
    expect(await outcomes(c, 200)).toEqual(first);
    await h.control().setRandomFaults({ seed: 8, rate: 0.3, retry_after: 0, methods: ["GET"] });
    expect(await outcomes(c, 200)).not.toEqual(first);
    await h.control().clearRandomFaults();
    expect((await outcomes(c, 20)).every((o) => o === 200)).toBe(true);
    expect(await h.control().randomFaults()).toBeNull();
  });

  it("commits a write before a reset-after and never commits one before a reset-before", async () => {
    const c = await h.boot();
    await h.control().setRandomFaults({ seed: 1, rate: 1, kinds: ["reset-after"], path: "/roles/$" });
    await expect(c.api.post(`${c.org}/roles/`, { name: "Landed" })).rejects.toThrow();
    await h.control().setRandomFaults({ seed: 1, rate: 1, kinds: ["reset-before"], path: "/roles/$" });
    await expect(c.api.post(`${c.org}/roles/`, { name: "Lost" })).rejects.toThrow();
    await h.control().clearRandomFaults();
    expect((await c.api.get(`${c.org}/roles/`)).body.results.map((r: { name: string }) => r.name)).toEqual(["Landed"]);
  });

  it("refuses a malformed mix", async () => {
    await expect(h.control().setRandomFaults({ seed: 1, rate: 2 })).rejects.toThrow(/rate must be 0 to 1/);
    await expect(h.control().setRandomFaults({ seed: 1.5, rate: 0.1 })).rejects.toThrow(/seed must be an integer/);
    await expect(h.control().setRandomFaults({ seed: 1, rate: 0.1, kinds: ["latency" as never] })).rejects.toThrow(
      /kinds must be/,
    );
  });
});

describe("persistence and seeding", () => {
  it("saves the store on change and loads it at the next start", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "emu-")), "state.json");
    const first = await startEmulator({ persistFile: file });
    const b = await new EmulatorControl(first.url).bootstrap({ org_name: "Persisted" });
    await new Api(first.url, b.api_key).post(`/api/organizations/${b.organization.id}/roles/`, { name: "Kept" });
    await first.close();
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, "utf8")).not.toContain(b.api_key);
    const second = await startEmulator({ persistFile: file });
    const roles = await new Api(second.url, b.api_key).get(`/api/organizations/${b.organization.id}/roles/`);
    expect(roles.body.results.map((r: { name: string }) => r.name)).toEqual(["Kept"]);
    await second.close();
  });

  it("seeds users, organizations and keys from a file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emu-"));
    const seed = join(dir, "seed.json");
    writeFileSync(
      seed,
      JSON.stringify({
        organizations: [
          { name: "Seeded", owner: "ann@example.com", members: [{ email: "bob@example.com", level: 8 }] },
        ],
        api_keys: [
          { email: "ann@example.com" },
          { email: "bob@example.com", key: "phx_bob_fixed_key_0000", scopes: ["organization:read"] },
        ],
      }),
    );
    const emu = await startEmulator({ seedFile: seed });
    const annKey = emu.seededKeys["ann@example.com"];
    const orgs = (await new Api(emu.url, annKey).get("/api/organizations/")).body;
    expect(orgs.results[0]).toMatchObject({ name: "Seeded", member_count: 2 });
    expect(
      (await new Api(emu.url, "phx_bob_fixed_key_0000").get(`/api/organizations/${orgs.results[0].id}/roles/`)).status,
    ).toBe(200);
    await emu.close();
  });

  it("starts a standalone test emulator through the helper", async () => {
    const t = await startTestEmulator();
    const b = await t.control.bootstrap();
    expect(b.api_key).toMatch(/^phx_/);
    await t.close();
  });
});
