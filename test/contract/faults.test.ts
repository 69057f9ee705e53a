// Fault injection through the emulator: 429 storms, 5xx bursts, connections reset before and
// after a create is committed, and timeouts. Creates must leave exactly one object behind.
import { ServerError, TimeoutError } from "../../provider/client";
import { contract, onFakeTime, thrown } from "./helpers";

describe("faults (contract)", () => {
  const t = contract();

  it("survives a 429 storm on reads without duplicating anything", async () => {
    const { clientFor, boot, org, control } = t();
    await t().client.roles.create(org, { name: "r" });
    await control.addFault({ method: "GET", path: "/roles/$", kind: "429", retry_after: 1, times: 3 });
    const { value, elapsedMs } = await onFakeTime(async () => {
      const client = clientFor(boot.api_key);
      return { roles: await client.roles.listAll(org), metrics: client.metrics.snapshot() };
    });
    expect(value.roles).toHaveLength(1);
    // Three Retry-After: 1 answers, each waited out in full.
    expect(elapsedMs).toBeGreaterThanOrEqual(3_000);
    expect(value.metrics.throttled).toBe(3);
    expect(value.metrics.waitMs).toBeGreaterThanOrEqual(3_000);
  });

  it("retries a 5xx burst on GET and DELETE", async () => {
    const { client, org, control } = t();
    const role = await client.roles.create(org, { name: "r" });
    await control.addFault({ method: "GET", path: `/roles/${role.id}/$`, kind: "5xx", status: 503, times: 2 });
    await expect(client.roles.retrieve(org, role.id)).resolves.toMatchObject({ id: role.id });
    await control.addFault({ method: "DELETE", path: `/roles/${role.id}/$`, kind: "5xx", times: 2 });
    await client.roles.delete(org, role.id);
    expect((await control.state()).roles).toHaveLength(0);
  });

  it("gives up after maxRetries on a long 5xx burst", async () => {
    const { clientFor, boot, org, control } = t();
    const client = clientFor(boot.api_key, { maxRetries: 2 });
    await control.addFault({ method: "GET", path: "/roles/$", kind: "5xx", times: 5 });
    const error = await thrown(client.roles.listAll(org));
    expect(ServerError.isInstance(error)).toBe(true);
    expect(error.message).toContain("PostHog failed 3 times in a row");
  });

  it.each(["reset-before", "reset-after"] as const)(
    "a create whose connection is reset (%s) leaves exactly one role",
    async (kind) => {
      const { client, org, control } = t();
      await control.addFault({ method: "POST", path: "/roles/$", kind });
      const role = await client.roles.create(org, { name: "Exactly once" });
      const roles = (await control.state()).roles.filter((r) => r.name === "Exactly once");
      expect(roles).toHaveLength(1);
      expect(roles[0].id).toBe(role.id);
      const counts = (await control.requests()).counts;
      // reset-before: reconcile finds nothing, so the POST is sent once more; reset-after: reconcile finds it.
      expect(counts["POST /api/organizations/{organization_id}/roles/"]).toBe(kind === "reset-before" ? 2 : 1);
      expect(client.metrics.snapshot().reconciled).toBe(kind === "reset-after" ? 1 : 0);
    },
  );

  it.each(["reset-before", "reset-after"] as const)(
    "the same holds for domains, proxy records, invites and role memberships (%s)",
    async (kind) => {
      const { client, org, control, boot } = t();
      await control.addFault({ method: "POST", path: "/domains/$", kind });
      await control.addFault({ method: "POST", path: "/proxy_records/$", kind });
      await control.addFault({ method: "POST", path: "/invites/$", kind });
      await control.addFault({ method: "POST", path: "/role_memberships/$", kind });
      const role = await client.roles.create(org, { name: "with member" });
      await client.domains.create(org, { domain: "once.example.com" });
      await client.proxyRecords.create(org, { domain: "ph.once.example.com" });
      await client.invites.create(org, { target_email: "once@example.com" });
      await client.roleMemberships.create(org, role.id, { user_uuid: boot.user.uuid });
      const state = await control.state();
      expect(state.domains.filter((d) => d.domain === "once.example.com")).toHaveLength(1);
      expect(state.proxyRecords.filter((p) => p.domain === "ph.once.example.com")).toHaveLength(1);
      expect(state.invites.filter((i) => i.target_email === "once@example.com")).toHaveLength(1);
      expect(state.roleMemberships.filter((m) => m.role_id === role.id)).toHaveLength(1);
    },
  );

  it("an action without a natural key (token reset) is reported, never repeated, and advises no duplicating step", async () => {
    const { client, org, project, control } = t();
    await control.addFault({ method: "PATCH", path: "/reset_token/$", kind: "reset-after" });
    const error = await thrown(client.projects.resetToken(org, project));
    expect(error.message).toContain("may or may not have been applied");
    expect(error.message).not.toMatch(/refresh/);
    expect(
      (await control.requests()).counts["PATCH /api/organizations/{organization_id}/projects/{id}/reset_token/"],
    ).toBe(1);
  });

  it("times out a slow GET, retries it, and succeeds once the latency is gone", async () => {
    const { clientFor, boot, org, control } = t();
    const client = clientFor(boot.api_key, { timeoutMs: 300 });
    await control.addFault({ method: "GET", path: "/roles/$", kind: "latency", latency_ms: 2_500 });
    await expect(client.roles.listAll(org)).resolves.toEqual([]);
    expect(client.metrics.snapshot().retries).toBe(1);
  });

  it("reports a TimeoutError when every attempt is too slow", async () => {
    const { clientFor, boot, org, control } = t();
    const client = clientFor(boot.api_key, { timeoutMs: 300, maxRetries: 1 });
    await control.addFault({ method: "GET", path: "/roles/$", kind: "latency", latency_ms: 2_500, times: 2 });
    const error = await thrown(client.roles.listAll(org));
    expect(TimeoutError.isInstance(error)).toBe(true);
  });

  // The emulator holds the first POST before handling it; the client times out, reconcile finds
  // nothing yet, and the repeated POST creates the role. The late original then hits the unique
  // name (400) on a closed connection. Natural keys are what make this safe.
  it("a create that times out while the server is still busy leaves exactly one role", async () => {
    const { clientFor, boot, org, control } = t();
    await control.addFault({ method: "POST", path: "/roles/$", kind: "latency", latency_ms: 2_500 });
    // Fake time covers the client's 300 ms timeout and the held original's 2.5 s, which then lands.
    // Small steps keep fake time at most twice as fast as real, so the repeated POST (no latency)
    // still has over 150 ms of real time to answer within its 300 ms.
    const { value: role } = await onFakeTime(async () => {
      const role = await clientFor(boot.api_key, { timeoutMs: 300 }).roles.create(org, { name: "Slow" });
      await new Promise((r) => setTimeout(r, 2_600));
      return role;
    }, 2);
    const roles = (await control.state()).roles.filter((r) => r.name === "Slow");
    expect(roles).toHaveLength(1);
    expect(roles[0].id).toBe(role.id);
  });
});
