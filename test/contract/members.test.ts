import { NotFoundError, PermissionDeniedError, ValidationError } from "../../provider/client";
import { MISSING_UUID, contract, throttledOnce, thrown } from "./helpers";

describe("members (contract)", () => {
  const t = contract();

  async function withMember(level: 1 | 8 | 15 = 1) {
    const c = t();
    const user = await c.control.createUser({ email: `member-${level}@example.com`, first_name: "Mem" });
    await c.control.addMembership({ organization_id: c.org, user_uuid: user.uuid, level });
    return { ...c, user };
  }

  it("lists members, filters by email and finds one case-insensitively", async () => {
    const { client, org, user, boot } = await withMember();
    const all = await client.members.listAll(org);
    expect(all.map((m) => m.user.email).sort()).toEqual([user.email, boot.user.email].sort());
    await expect(client.members.listAll(org, { email: user.email })).resolves.toEqual([
      expect.objectContaining({ user: expect.objectContaining({ uuid: user.uuid }) }),
    ]);
    await expect(client.members.findByEmail(org, user.email.toUpperCase())).resolves.toMatchObject({ level: 1 });
    let n = 0;
    for await (const m of client.members.list(org, { order: "joined_at" })) if (m.user) n++;
    expect(n).toBe(2);
  });

  it("changes a member's level with PATCH and removes the member", async () => {
    const { client, org, user, control } = await withMember();
    await expect(client.members.update(org, user.uuid, { level: 8 })).resolves.toMatchObject({
      level: 8,
      user: expect.objectContaining({ uuid: user.uuid }),
    });
    await client.members.delete(org, user.uuid);
    await expect(client.members.findByUserUuid(org, user.uuid, { fresh: true })).resolves.toBeUndefined();
    const methods = (await control.requests()).requests
      .filter((r) => r.route.includes("/members/{user__uuid}/"))
      .map((r) => r.method);
    expect(methods).toEqual(["PATCH", "DELETE"]);
  });

  it("surfaces PostHog's member rules: own level (403) and owner removal (400)", async () => {
    const { client, org, boot } = t();
    const own = await thrown(client.members.update(org, boot.user.uuid, { level: 8 }));
    expect(PermissionDeniedError.isInstance(own)).toBe(true);
    expect((own as PermissionDeniedError).detail).toBe("You can't change your own access level.");
    const owner = await thrown(client.members.delete(org, boot.user.uuid));
    expect(ValidationError.isInstance(owner)).toBe(true);
    expect((owner as ValidationError).detail).toBe("Cannot leave the organization as its owner!");
  });

  it("answers 404 for a user who is not a member", async () => {
    const { client, org } = t();
    expect(NotFoundError.isInstance(await thrown(client.members.update(org, MISSING_UUID, { level: 1 })))).toBe(true);
  });

  it("retries a throttled PATCH", async () => {
    const c = await withMember();
    await expect(
      throttledOnce(c, "PATCH", "/members/", () => c.client.members.update(c.org, c.user.uuid, { level: 8 })),
    ).resolves.toMatchObject({ level: 8 });
  });
});
