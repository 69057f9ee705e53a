import { changes, useStack } from "../helpers/e2e";

// RoleMembership through the real pulumi CLI. A membership cannot be updated: changing the member
// replaces it (old one removed first, since (role, user) is unique).
describe("RoleMembership lifecycle through the real pulumi CLI", () => {
  const e2e = useStack("test/e2e/programs/role-membership", "E2E Memberships");
  const memberships = async () => (await e2e().emulator.control.state()).roleMemberships;
  const users: Record<string, string> = {};

  beforeAll(async () => {
    const { emulator, boot } = e2e();
    for (const email of ["ada@example.com", "grace@example.com"]) {
      const user = await emulator.control.createUser({ email });
      await emulator.control.addMembership({ organization_id: boot.organization.id, user_uuid: user.uuid, level: 1 });
      users[email] = user.uuid;
    }
  });

  it("adds the member, named by email, to the role", async () => {
    const { stack } = e2e();
    await stack.setConfig("email", "Ada@Example.com");
    const result = await stack.up();
    expect(changes(result.summary).create).toBe(3);
    const live = await memberships();
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ role_id: result.outputs.roleId.value, user_uuid: users["ada@example.com"] });
    expect(result.outputs.memberUuid.value).toBe(users["ada@example.com"]);
  });

  it("previews no changes right after up (emails compare ignoring case)", async () => {
    await e2e().stack.preview({ expectNoChanges: true });
  });

  it("replaces the membership when the member changes", async () => {
    const { stack } = e2e();
    await stack.removeConfig("email");
    await stack.setConfig("userUuid", users["grace@example.com"]);
    const result = await stack.up();
    expect(changes(result.summary).replace).toBe(1);
    const live = await memberships();
    expect(live.map((m: any) => m.user_uuid)).toEqual([users["grace@example.com"]]);
    await stack.preview({ expectNoChanges: true });
  });

  it("drops an out-of-band deleted membership on refresh and recreates it on up", async () => {
    const { stack, emulator } = e2e();
    await emulator.control.deleteObject("role_membership", (await memberships())[0].id);
    expect(changes((await stack.refresh()).summary).delete).toBe(1);
    expect(changes((await stack.up()).summary).create).toBe(1);
    expect(await memberships()).toHaveLength(1);
  });

  it("leaves no membership behind after destroy", async () => {
    await e2e().stack.destroy();
    expect(await memberships()).toEqual([]);
  });
});
