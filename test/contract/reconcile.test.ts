// Unknown outcomes on create, kind by kind: PostHog commits the create, then the connection drops
// (commit-then-reset), so the client cannot know whether it happened. Every kind must end with
// exactly one object, and the call must return that object's id. Also: several lost answers in a
// row are worked through (not once), the budget is bounded, and no message advises a duplicating step.
import { ConnectionError, PostHogError, type PostHogClient } from "../../provider/client";
import type { StateDump } from "../helpers/emulator";
import { contract, onFakeTime, thrown } from "./helpers";

interface KindCase {
  kind: string;
  /** The natural key the reconcile uses, for the report's table. */
  key: string;
  /** The create route, as the fault's path regex. */
  route: string;
  /** Creates one object; returns the ids the call returned. */
  create(client: PostHogClient, ctx: { org: string; project: number; roleId: string; user: string }): Promise<string[]>;
  /** The ids in the emulator under the natural key. */
  stored(state: StateDump, ctx: { org: string; project: number; roleId: string; user: string }): string[];
}

const kinds: KindCase[] = [
  {
    kind: "Organization",
    key: "name among the user's organizations, created since the call began",
    route: "^/api/organizations/$",
    create: async (c) => [(await c.organizations.create({ name: "Lost answer Org" })).id],
    stored: (s) => s.organizations.filter((o) => o.name === "Lost answer Org").map((o) => o.id),
  },
  {
    kind: "Project",
    key: "name in the organization, created since the call began",
    route: "/projects/$",
    create: async (c, x) => [String((await c.projects.create(x.org, { name: "Lost answer" })).id)],
    stored: (s, x) =>
      s.projects.filter((p) => p.organization_id === x.org && p.name === "Lost answer").map((p) => String(p.id)),
  },
  {
    kind: "Role",
    key: "name in the organization (unique, ignoring case)",
    route: "/roles/$",
    create: async (c, x) => [(await c.roles.create(x.org, { name: "Lost answer" })).id],
    stored: (s, x) => s.roles.filter((r) => r.organization_id === x.org && r.name === "Lost answer").map((r) => r.id),
  },
  {
    kind: "RoleMembership",
    key: "(role, user) (unique)",
    route: "/role_memberships/$",
    create: async (c, x) => [(await c.roleMemberships.create(x.org, x.roleId, { user_uuid: x.user })).id],
    stored: (s, x) => s.roleMemberships.filter((m) => m.role_id === x.roleId).map((m) => m.id),
  },
  {
    kind: "Domain",
    key: "domain (unique across PostHog)",
    route: "/domains/$",
    create: async (c, x) => [(await c.domains.create(x.org, { domain: "lost.example.com" })).id],
    stored: (s) => s.domains.filter((d) => d.domain === "lost.example.com").map((d) => d.id),
  },
  {
    kind: "ProxyRecord",
    key: "domain (unique across PostHog), not being deleted",
    route: "/proxy_records/$",
    create: async (c, x) => [(await c.proxyRecords.create(x.org, { domain: "ph.lost.example.com" })).id],
    stored: (s) => s.proxyRecords.filter((p) => p.domain === "ph.lost.example.com").map((p) => p.id),
  },
  {
    kind: "BatchExport",
    key: "(project, name, destination type), created since the call began",
    route: "/batch_exports/$",
    create: async (c, x) => [
      (
        await c.batchExports.create(x.org, x.project, {
          name: "lost",
          destination: { type: "NoOp", config: {} },
          interval: "hour",
        })
      ).id,
    ],
    stored: (s, x) =>
      s.batchExports.filter((b) => b.team_id === x.project && b.name === "lost" && !b.deleted).map((b) => b.id),
  },
  {
    kind: "Invite (single)",
    key: "email, created since the call began (a create replaces earlier invites)",
    route: "/invites/$",
    create: async (c, x) => [(await c.invites.create(x.org, { target_email: "lost@example.com" })).id],
    stored: (s, x) =>
      s.invites.filter((i) => i.organization_id === x.org && i.target_email === "lost@example.com").map((i) => i.id),
  },
  {
    kind: "Invite (bulk)",
    key: "every email of the chunk, created since the call began",
    route: "/invites/bulk/$",
    create: async (c, x) =>
      (
        await c.invites.bulkCreate(x.org, [
          { target_email: "lost1@example.com" },
          { target_email: "lost2@example.com" },
        ])
      ).map((i) => i.id),
    stored: (s, x) =>
      s.invites
        .filter((i) => i.organization_id === x.org && /^lost\d@example\.com$/.test(i.target_email))
        .map((i) => i.id),
  },
];

describe("reconcile after a lost answer (contract)", () => {
  const t = contract();
  const table: string[] = [];

  async function setup() {
    const { client, org, project, control, boot } = t();
    const roleId = (await client.roles.create(org, { name: "Holder" })).id;
    await control.clearRequests();
    return { client, control, ctx: { org, project, roleId, user: boot.user.uuid } };
  }

  it.each(kinds)("$kind: commit-then-reset on create leaves exactly one object, its id returned", async (k) => {
    const { client, control, ctx } = await setup();
    await control.addFault({ method: "POST", path: k.route, kind: "reset-after" });
    const ids = await k.create(client, ctx);
    const stored = k.stored(await control.state(), ctx);
    expect(stored.sort()).toEqual([...ids].sort());
    expect(stored.length).toBeGreaterThan(0);
    const posts = (await control.requests()).requests.filter((r) => r.method === "POST");
    expect(posts).toHaveLength(1); // found by its natural key, not sent again
    expect(client.metrics.snapshot().reconciled).toBe(1);
    table.push(`${k.kind} | ${k.key} | ${stored.length - ids.length}`);
  });

  it.each(kinds)("$kind: three lost answers in a row (resets, a 503) are worked through", async (k) => {
    const { client, control, ctx } = await setup();
    await control.addFault({ method: "POST", path: k.route, kind: "reset-before", times: 2 });
    await control.addFault({ method: "POST", path: k.route, kind: "5xx", status: 503 });
    await control.addFault({ method: "POST", path: k.route, kind: "reset-after" });
    const ids = await k.create(client, ctx);
    expect(k.stored(await control.state(), ctx).sort()).toEqual([...ids].sort());
    const posts = (await control.requests()).requests.filter((r) => r.method === "POST");
    expect(posts).toHaveLength(4);
  });

  it("two creates of one project name at once get two projects, each its own id", async () => {
    const { client, control, ctx } = await setup();
    await control.addFault({ method: "POST", path: "/projects/$", kind: "reset-after", times: 2 });
    const [a, b] = await Promise.all([
      client.projects.create(ctx.org, { name: "Twin" }),
      client.projects.create(ctx.org, { name: "Twin" }),
    ]);
    expect(a.id).not.toBe(b.id);
    const stored = (await control.state()).projects.filter((p) => p.name === "Twin").map((p) => p.id);
    expect(stored.sort()).toEqual([a.id, b.id].sort());
  });

  it("gives up when the budget is spent, having checked that nothing was created, and says so", async () => {
    const { clientFor, boot, org, control } = t();
    const client = clientFor(boot.api_key, { reconcile: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 } });
    await control.addFault({ method: "POST", path: "/projects/$", kind: "reset-before", times: 10 });
    const error = await thrown(client.projects.create(org, { name: "Never" }));
    expect(ConnectionError.isInstance(error)).toBe(true);
    expect((error as PostHogError).hint).toMatch(/got no answer 3 times .* it was not there, so nothing was created/);
    expect(error.message).toContain("posthog:reconcileAttempts (now 3)");
    expect(error.message).not.toMatch(/refresh/);
    expect((await control.state()).projects.filter((p) => p.name === "Never")).toEqual([]);
    const counts = (await control.requests()).counts;
    expect(counts["POST /api/organizations/{organization_id}/projects/"]).toBe(3);
  });

  it("keeps honouring Retry-After for a throttled create, without a lookup", async () => {
    const { clientFor, boot, org, control } = t();
    await control.addFault({ method: "POST", path: "/roles/$", kind: "429", retry_after: 1 });
    const { value: client, elapsedMs } = await onFakeTime(async () => {
      const client = clientFor(boot.api_key);
      await client.roles.create(org, { name: "Throttled" });
      return client;
    });
    expect(elapsedMs).toBeGreaterThanOrEqual(1_000);
    expect(client.metrics.snapshot()).toMatchObject({ throttled: 1, reconciled: 0 });
    expect(client.metrics.snapshot().waitMs).toBeGreaterThanOrEqual(1_000);
    expect((await control.state()).roles.filter((r) => r.name === "Throttled")).toHaveLength(1);
  });

  afterAll(() => {
    if (table.length === kinds.length)
      console.log(["kind | natural key | duplicates after commit-then-reset", "--- | --- | ---", ...table].join("\n"));
  });
});
