import { changes, logged as loggedRequests, previewRefusal, useStack } from "../helpers/e2e";

const THREE_DAYS = 3 * 24 * 3600;
const BULK = "POST /api/organizations/{organization_id}/invites/bulk/";
const SINGLE = "POST /api/organizations/{organization_id}/invites/";

// Invite through the real pulumi CLI: pending → accepted (the resource follows the member) → a
// replacement invite that expires on PostHog's clock and is re-sent; 25 invites go out in bulk.
describe("Invite lifecycle through the real pulumi CLI", () => {
  const e2e = useStack("test/e2e/programs/invite", "E2E Invites");
  const invites = async () => (await e2e().emulator.control.state()).invites;
  const memberships = async () =>
    (await e2e().emulator.control.state()).memberships.filter((m) => m.organization_id === e2e().boot.organization.id);
  /** The invite resource's state, as the last operation recorded it. */
  const recorded = async (name = "invitee") => {
    const state = await e2e().stack.exportStack();
    return state.deployment.resources.find((r: any) => r.type.endsWith(":Invite") && r.urn.endsWith(`::${name}`))
      ?.outputs;
  };
  const logged = (op: () => Promise<unknown>) => loggedRequests(e2e(), op);
  let firstId: string;
  let graceUuid: string;

  it("invites, and records a pending invite that expires 3 days later", async () => {
    const { stack } = e2e();
    await stack.setConfig("level", "member");
    const result = await stack.up();
    expect(changes(result.summary).create).toBe(2);
    firstId = result.outputs.inviteId.value;
    const live = await invites();
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ id: firstId, target_email: "grace@example.com", level: 1, first_name: "Grace" });
    const outs = await recorded();
    expect(outs).toMatchObject({ status: "pending", memberUuid: null, level: "member", onExpired: "reinvite" });
    expect(Date.parse(outs.expiresAt) - Date.parse(outs.createdAt)).toBeGreaterThanOrEqual(THREE_DAYS * 1000 - 1);
  });

  it("previews no changes right after up", async () => {
    await e2e().stack.preview({ expectNoChanges: true });
  });

  it("follows the member once the invite is accepted: refresh keeps it, no diff, no re-invite", async () => {
    const { stack, emulator } = e2e();
    const { user } = await emulator.control.acceptInvite(firstId);
    graceUuid = user.uuid;
    expect(await invites()).toEqual([]);
    const refreshed = await stack.refresh();
    expect(changes(refreshed.summary).delete).toBe(0);
    expect(await recorded()).toMatchObject({
      status: "accepted",
      memberUuid: user.uuid,
      expiresAt: null,
      level: "member",
    });
    const log = await logged(() => stack.preview({ expectNoChanges: true }));
    expect(log.requests.filter((r) => r.method !== "GET")).toEqual([]);
    expect(await invites()).toEqual([]);
  });

  it("changes the member's level when the accepted invite's level changes", async () => {
    const { stack } = e2e();
    await stack.setConfig("level", "admin");
    let stdout = "";
    const log = await logged(async () => {
      const up = await stack.up();
      stdout = up.stdout;
      expect(changes(up.summary).update).toBe(1);
    });
    // The plan says "update"; the warning says what really happens in PostHog.
    expect(stdout).toMatch(/already joined: this update changes their member level to "admin"; no invite is sent/);
    expect(log.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.route}`)).toEqual([
      "PATCH /api/organizations/{organization_id}/members/{user__uuid}/",
    ]);
    expect((await memberships()).find((m) => m.user_uuid === graceUuid)?.level).toBe(8);
    expect(await invites()).toEqual([]);
    await stack.preview({ expectNoChanges: true });
  });

  it("invites another email as a replacement, leaving the accepted member in place", async () => {
    const { stack } = e2e();
    await stack.setConfig("email", "lin@example.com");
    await stack.setConfig("level", "member");
    const up = await stack.up();
    expect(changes(up.summary).replace).toBe(1);
    expect(up.stdout).toMatch(/grace@example\.com already accepted this invite and stays in the organization/);
    const live = await invites();
    expect(live.map((i) => i.target_email)).toEqual(["lin@example.com"]);
    expect((await memberships()).find((m) => m.user_uuid === graceUuid)?.level).toBe(8); // Grace stays an admin
    await stack.preview({ expectNoChanges: true });
  });

  it("shows an invite that expired on PostHog's clock as a replacement at preview, and re-invites on up", async () => {
    const { stack, emulator } = e2e();
    const before = (await invites())[0];
    await emulator.control.advanceClock(THREE_DAYS + 1);
    let planned = "";
    const preview = await logged(async () => {
      const p = await stack.preview();
      planned = p.stdout;
      expect(p.changeSummary.replace).toBe(1);
    });
    expect(planned).toMatch(
      /the invite expired: `up` invites lin@example\.com again and PostHog emails lin@example\.com again/,
    );
    expect(preview.requests.filter((r) => r.method !== "GET")).toEqual([]);
    expect(changes((await stack.up()).summary).replace).toBe(1);
    const live = await invites();
    expect(live).toHaveLength(1);
    expect(live[0].id).not.toBe(before.id);
    expect(live[0].target_email).toBe("lin@example.com");
    expect(await recorded()).toMatchObject({ status: "pending", memberUuid: null });
    await stack.preview({ expectNoChanges: true });
  });

  it("keeps an expired invite with onExpired keep", async () => {
    const { stack, emulator } = e2e();
    await stack.setConfig("onExpired", "keep");
    const switched = await logged(async () => expect(changes((await stack.up()).summary).update).toBe(1));
    expect(switched.requests.filter((r) => r.method !== "GET")).toEqual([]); // a provider policy, nothing to send
    await emulator.control.advanceClock(THREE_DAYS + 1);
    await stack.preview({ expectNoChanges: true });
    await stack.refresh();
    expect(await recorded()).toMatchObject({ status: "expired" });
    await stack.preview({ expectNoChanges: true });
    await stack.removeConfig("onExpired");
    expect(changes((await stack.up()).summary).replace).toBe(1);
    expect(await recorded()).toMatchObject({ status: "pending", onExpired: "reinvite" });
  });

  it("sends 25 invites created together through invites/bulk/, at most 20 per request", async () => {
    const { stack } = e2e();
    await stack.setConfig("count", "25");
    // The engine runs at most `--parallel` operations at once (here 4 per core by default), which
    // also bounds how many creates can meet in one batch; raise it so 20 can. The provider reads the
    // CLI's `--parallel`, sends a batch once it holds 20, and the last 5 after the batching window.
    const log = await logged(async () => expect(changes((await stack.up({ parallel: 64 })).summary).create).toBe(25));
    const bulk = log.requests.filter((r) => `${r.method} ${r.route}` === BULK);
    const single = log.requests.filter((r) => `${r.method} ${r.route}` === SINGLE);
    console.log(`25 invites created with ${bulk.length} bulk requests and ${single.length} single creates`);
    expect(bulk.length).toBe(2); // 20 is the most PostHog takes in one request
    expect(single.length).toBe(0);
    expect(bulk.every((r) => r.status === 201)).toBe(true);
    expect((await invites()).filter((i) => i.target_email.startsWith("teammate"))).toHaveLength(25);
    await stack.preview({ expectNoChanges: true });
  });

  it("refreshes 26 invites with one read of the invite list", async () => {
    const { stack } = e2e();
    const log = await logged(() => stack.refresh());
    expect(log.counts["GET /api/organizations/{organization_id}/invites/"]).toBe(1);
    expect(log.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("drops an invite revoked out of band on refresh and sends it again on up", async () => {
    const { stack, emulator } = e2e();
    const revoked = (await invites()).find((i) => i.target_email === "teammate3@example.com")!;
    await emulator.control.deleteObject("invite", revoked.id);
    expect(changes((await stack.refresh()).summary).delete).toBe(1);
    expect(changes((await stack.up()).summary).create).toBe(1);
    expect((await invites()).some((i) => i.target_email === "teammate3@example.com")).toBe(true);
  });

  it("refuses a level PostHog does not have at preview, sending nothing", async () => {
    const { output, writes } = await previewRefusal(e2e(), { level: "superuser" });
    expect(output).toMatch(/level must be "member", "admin" or "owner"/);
    expect(writes).toEqual([]);
    await e2e().stack.setConfig("level", "member");
  });

  it("refuses to invite an existing member at preview, in PostHog's words, sending no write", async () => {
    const { output, writes } = await previewRefusal(e2e(), { email: e2e().boot.user.email });
    expect(output).toMatch(/A user with this email address already belongs to the organization\./);
    expect(output).toMatch(/manage their level with posthog\.OrganizationMember/);
    expect(writes).toEqual([]);
    await e2e().stack.setConfig("email", "lin@example.com");
  });

  it("leaves no pending invite behind after destroy, and the accepted member in place", async () => {
    const { stack } = e2e();
    await stack.destroy();
    expect(await invites()).toEqual([]);
    expect(await memberships()).toHaveLength(2); // the owner and Grace
  });
});
