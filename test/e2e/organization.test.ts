import { changes, useStack } from "../helpers/e2e";

// Organization through the real pulumi CLI. Organizations have no input that forces replacement,
// so the lifecycle is create, no-op preview, update, drift, out-of-band delete, destroy.
describe("Organization lifecycle through the real pulumi CLI", () => {
  const e2e = useStack("test/e2e/programs/organization", "E2E Home Org");
  const managed = async () =>
    (await e2e().emulator.control.state()).organizations.filter((o: any) => o.id !== e2e().boot.organization.id);

  it("creates the organization, the key's user its owner, with a server-chosen slug", async () => {
    const { stack, emulator, boot } = e2e();
    const result = await stack.up();
    expect(changes(result.summary).create).toBe(2);
    const [org] = await managed();
    expect(org).toMatchObject({
      name: "Acme Analytics",
      members_can_invite: false,
      default_experiment_stats_method: "frequentist",
    });
    expect(result.outputs.organizationId.value).toBe(org.id);
    expect(result.outputs.slug.value).toBe(org.slug);
    const memberships = (await emulator.control.state()).memberships.filter((m: any) => m.organization_id === org.id);
    expect(memberships).toEqual([expect.objectContaining({ user_uuid: boot.user.uuid, level: 15 })]);
  });

  it("previews no changes right after up, although PostHog switched the user's current organization", async () => {
    await e2e().stack.preview({ expectNoChanges: true });
  });

  it("updates settings in place", async () => {
    const { stack } = e2e();
    const before = (await managed())[0].id;
    await stack.setConfig("enforce2fa", "true");
    await stack.setConfig("name", "Acme");
    expect(changes((await stack.up()).summary)).toMatchObject({ update: 1, replace: 0 });
    expect((await managed())[0]).toMatchObject({ id: before, name: "Acme", enforce_2fa: true });
    await stack.preview({ expectNoChanges: true });
  });

  it("shows drift on refresh and restores it on up", async () => {
    const { stack, emulator } = e2e();
    await emulator.control.patchObject("organization", (await managed())[0].id, { members_can_invite: true });
    await stack.refresh();
    await expect(stack.preview({ expectNoChanges: true })).rejects.toThrow();
    expect(changes((await stack.up()).summary).update).toBe(1);
    expect((await managed())[0].members_can_invite).toBe(false);
  });

  it("drops an out-of-band deleted organization on refresh and recreates it on up", async () => {
    const { stack, emulator } = e2e();
    await emulator.control.deleteObject("organization", (await managed())[0].id);
    expect(changes((await stack.refresh()).summary).delete).toBe(1);
    expect(changes((await stack.up()).summary).create).toBe(1);
    expect(await managed()).toHaveLength(1);
  });

  it("deletes the organization on destroy", async () => {
    await e2e().stack.destroy();
    expect(await managed()).toEqual([]);
  });
});
