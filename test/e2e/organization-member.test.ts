import { changes, logged as loggedRequests, previewRefusal, useStack } from "../helpers/e2e";

const PATCH = "PATCH /api/organizations/{organization_id}/members/{user__uuid}/";

// OrganizationMember through the real pulumi CLI: adopt an existing member, change their level,
// see drift and restore it, have PostHog's rules refused at preview, and destroy per policy.
describe("OrganizationMember lifecycle through the real pulumi CLI", () => {
  const e2e = useStack("test/e2e/programs/organization-member", "E2E Members");
  let grace: string;
  const membership = async (uuid: string) =>
    (await e2e().emulator.control.state()).memberships.find(
      (m) => m.organization_id === e2e().boot.organization.id && m.user_uuid === uuid,
    );
  /** Runs `op` and returns the writes it sent, as `METHOD route`. */
  const writes = async (op: () => Promise<unknown>) =>
    (await loggedRequests(e2e(), op)).requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.route}`);

  beforeAll(async () => {
    const { emulator, boot } = e2e();
    grace = (await emulator.control.createUser({ email: "grace@example.com", first_name: "Grace" })).uuid;
    await emulator.control.addMembership({ organization_id: boot.organization.id, user_uuid: grace, level: 1 });
  });

  it("adopts an existing member at their level without a write", async () => {
    const { stack } = e2e();
    await stack.setConfig("email", "Grace@Example.com");
    await stack.setConfig("level", "member");
    let outputs: Record<string, { value: unknown }> = {};
    expect(await writes(async () => (outputs = (await stack.up()).outputs))).toEqual([]);
    expect(outputs.userUuid.value).toBe(grace);
    expect(outputs.level.value).toBe("member");
  });

  it("previews no changes right after up", async () => {
    await e2e().stack.preview({ expectNoChanges: true });
  });

  it("changes the member's level in place", async () => {
    const { stack } = e2e();
    await stack.setConfig("level", "admin");
    expect(await writes(async () => expect(changes((await stack.up()).summary).update).toBe(1))).toEqual([PATCH]);
    expect((await membership(grace))?.level).toBe(8);
    await stack.preview({ expectNoChanges: true });
  });

  it("shows a level changed in PostHog on refresh and restores the declared one on up", async () => {
    const { stack, emulator, boot } = e2e();
    await emulator.control.patchObject("member", grace, { level: 1 }, boot.organization.id);
    await stack.refresh();
    const state = await stack.exportStack();
    expect(state.deployment.resources.find((r: any) => r.type.endsWith(":OrganizationMember")).outputs.level).toBe(
      "member",
    );
    // The refresh returned the inputs as PostHog has them, so the plan shows the field that drifted.
    const preview = await stack.preview({ diff: true });
    expect(preview.changeSummary.update).toBe(1);
    expect(preview.stdout).toMatch(/level\s*:\s*"member"\s*=>\s*"admin"/);
    // Internal bookkeeping never shows in a plan.
    expect(preview.stdout).not.toMatch(/stateVersion|inputKeys/);
    expect(await writes(() => stack.up())).toEqual([PATCH]);
    expect((await membership(grace))?.level).toBe(8);
    await stack.preview({ expectNoChanges: true });
  });

  it('keeps a level changed in PostHog with ignoreChanges: ["level"]', async () => {
    const { stack, emulator, boot } = e2e();
    await stack.setConfig("ignoreLevel", "true");
    await emulator.control.patchObject("member", grace, { level: 1 }, boot.organization.id);
    await stack.refresh();
    await stack.preview({ expectNoChanges: true });
    expect(await writes(() => stack.up())).toEqual([]);
    expect((await membership(grace))?.level).toBe(1);
    // Back to managing the level: the program's value is restored.
    await stack.removeConfig("ignoreLevel");
    expect(await writes(() => stack.up())).toEqual([PATCH]);
    expect((await membership(grace))?.level).toBe(8);
  });

  it("refuses a change of the API key user's own level at preview, in PostHog's words", async () => {
    const { output, writes: sent } = await previewRefusal(e2e(), {
      ownEmail: e2e().boot.user.email,
      ownLevel: "admin",
    });
    expect(output).toMatch(/You can't change your own access level\./);
    expect(sent).toEqual([]);
  });

  it("adopts the API key user's own membership at its current level", async () => {
    const { stack } = e2e();
    await stack.setConfig("ownLevel", "owner");
    expect(await writes(async () => expect(changes((await stack.up()).summary).create).toBe(1))).toEqual([]);
    await stack.removeConfig("ownLevel");
    expect(await writes(async () => expect(changes((await stack.up()).summary).delete).toBe(1))).toEqual([]); // retained
    expect((await membership(e2e().boot.user.uuid))?.level).toBe(15);
  });

  it("refuses removing an owner on destroy at preview, in PostHog's words", async () => {
    const { output, writes: sent } = await previewRefusal(e2e(), { level: "owner", onDestroy: "remove" });
    expect(output).toMatch(/Cannot leave the organization as its owner!/);
    expect(sent).toEqual([]);
    await e2e().stack.setConfig("level", "admin");
  });

  it("refuses someone who is not a member at preview: invite them first", async () => {
    const { output, writes: sent } = await previewRefusal(e2e(), { email: "stranger@example.com" });
    expect(output).toMatch(
      /stranger@example\.com is not a member of organization .*Invite them first \(posthog\.Invite\)/s,
    );
    expect(sent).toEqual([]);
    await e2e().stack.setConfig("email", "grace@example.com");
  });

  it("downgrades the member on destroy with onDestroy downgrade", async () => {
    const { stack } = e2e();
    await stack.setConfig("onDestroy", "downgrade");
    expect(await writes(async () => expect(changes((await stack.up()).summary).update).toBe(1))).toEqual([]); // a policy: nothing to send
    expect(await writes(() => stack.destroy())).toEqual([PATCH]);
    expect((await membership(grace))?.level).toBe(1);
  });

  it("removes the member on destroy with onDestroy remove", async () => {
    const { stack } = e2e();
    await stack.setConfig("onDestroy", "remove");
    await stack.up();
    expect(await writes(() => stack.destroy())).toEqual([
      "DELETE /api/organizations/{organization_id}/members/{user__uuid}/",
    ]);
    expect(await membership(grace)).toBeUndefined();
  });

  it("keeps the member on destroy by default (retain)", async () => {
    const { stack, emulator, boot } = e2e();
    await emulator.control.addMembership({ organization_id: boot.organization.id, user_uuid: grace, level: 1 });
    await stack.removeConfig("onDestroy");
    await stack.up();
    // The plan says what destroy will do: the member is retained, not removed.
    const state = await stack.exportStack();
    expect(state.deployment.resources.find((r: any) => r.type.endsWith(":OrganizationMember")).retainOnDelete).toBe(
      true,
    );
    expect(await writes(() => stack.destroy())).toEqual([]);
    expect((await membership(grace))?.level).toBe(8);
  });
});
