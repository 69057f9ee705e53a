import { NotFoundError, ValidationError } from "../../provider/client";
import { MISSING_UUID, contract, throttledOnce, thrown } from "./helpers";

describe("role memberships (contract)", () => {
  const t = contract();

  async function setup() {
    const c = t();
    const user = await c.control.createUser({ email: "rm@example.com" });
    await c.control.addMembership({ organization_id: c.org, user_uuid: user.uuid, level: 1 });
    const role = await c.client.roles.create(c.org, { name: "Readers" });
    return { ...c, user, role };
  }

  it("adds a user to a role, reads, lists, finds and removes the membership", async () => {
    const { client, org, role, user } = await setup();
    const m = await client.roleMemberships.create(org, role.id, { user_uuid: user.uuid });
    expect(m).toMatchObject({ role_id: role.id, user: expect.objectContaining({ uuid: user.uuid }) });
    await expect(client.roleMemberships.retrieve(org, role.id, m.id)).resolves.toMatchObject({ id: m.id });
    await expect(client.roleMemberships.listAll(org, role.id)).resolves.toEqual([
      expect.objectContaining({ id: m.id }),
    ]);
    await expect(client.roleMemberships.findByUser(org, role.id, user.uuid)).resolves.toMatchObject({ id: m.id });
    await expect(client.roles.retrieve(org, role.id)).resolves.toMatchObject({ members: [expect.anything()] });
    await client.roleMemberships.delete(org, role.id, m.id);
    await expect(client.roleMemberships.listAll(org, role.id)).resolves.toEqual([]);
  });

  it("reports a duplicate membership and a non-member user", async () => {
    const { client, org, role, user } = await setup();
    await client.roleMemberships.create(org, role.id, { user_uuid: user.uuid });
    const dup = await thrown(client.roleMemberships.create(org, role.id, { user_uuid: user.uuid }));
    expect(ValidationError.isInstance(dup)).toBe(true);
    expect((dup as ValidationError).detail).toBe("User is already part of the role.");
    const stranger = await thrown(client.roleMemberships.create(org, role.id, { user_uuid: MISSING_UUID }));
    expect((stranger as ValidationError).detail).toBe("User does not exist.");
  });

  it("a member leaving the organization takes their role memberships along (cache follows)", async () => {
    const { client, org, role, user } = await setup();
    await client.roleMemberships.create(org, role.id, { user_uuid: user.uuid });
    await expect(client.roles.listAll(org)).resolves.toEqual([
      expect.objectContaining({ members: [expect.anything()] }),
    ]);
    await client.members.delete(org, user.uuid);
    await expect(client.roles.listAll(org)).resolves.toEqual([expect.objectContaining({ members: [] })]);
  });

  it("answers 404 for an unknown membership", async () => {
    const { client, org, role } = await setup();
    expect(NotFoundError.isInstance(await thrown(client.roleMemberships.delete(org, role.id, MISSING_UUID)))).toBe(
      true,
    );
  });

  it("retries a throttled create", async () => {
    const c = await setup();
    await throttledOnce(c, "POST", "/role_memberships/$", () =>
      c.client.roleMemberships.create(c.org, c.role.id, { user_uuid: c.user.uuid }),
    );
    expect((await c.control.state()).roleMemberships).toHaveLength(1);
  });
});
