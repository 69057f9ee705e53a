import { NotFoundError, ValidationError } from "../../provider/client";
import { MISSING_UUID, contract, throttledOnce, thrown } from "./helpers";

describe("invites (contract)", () => {
  const t = contract();

  it("creates with only the email (level 1) and with all params", async () => {
    const { client, org, project } = t();
    const plain = await client.invites.create(org, { target_email: "plain@example.com" });
    expect(plain).toMatchObject({ target_email: "plain@example.com", level: 1, is_expired: false });
    const full = await client.invites.create(org, {
      target_email: "full@example.com",
      first_name: "Full",
      level: 8,
      message: "Welcome",
      private_project_access: [{ id: project, level: 1 }],
      send_email: false,
      combine_pending_invites: false,
    });
    expect(full).toMatchObject({
      first_name: "Full",
      level: 8,
      message: "Welcome",
      private_project_access: [{ id: project, level: 1 }],
    });
  });

  it("replaces the earlier invite for the same email, lists, finds and deletes", async () => {
    const { client, org } = t();
    const first = await client.invites.create(org, { target_email: "again@example.com" });
    const second = await client.invites.create(org, { target_email: "again@EXAMPLE.com", level: 8 }); // PostHog lowercases the domain part
    expect(second.id).not.toBe(first.id);
    const all = await client.invites.listAll(org);
    expect(all.map((i) => i.id)).toEqual([second.id]);
    await expect(client.invites.findByEmail(org, "AGAIN@example.com")).resolves.toMatchObject({
      id: second.id,
      level: 8,
    });
    await client.invites.delete(org, second.id);
    await expect(client.invites.listAll(org)).resolves.toEqual([]);
  });

  it("bulk-creates 45 invites in chunks of at most 20", async () => {
    const { client, org, control } = t();
    const emails = Array.from({ length: 45 }, (_, i) => `bulk${i}@example.com`);
    const created = await client.invites.bulkCreate(
      org,
      emails.map((target_email) => ({ target_email })),
    );
    expect(created.map((i) => i.target_email)).toEqual(emails);
    expect((await control.requests()).counts["POST /api/organizations/{organization_id}/invites/bulk/"]).toBe(3);
    await expect(client.invites.listAll(org)).resolves.toHaveLength(45);
  });

  it("batches invites created together into bulk requests", async () => {
    const { client, org, control } = t();
    const emails = Array.from({ length: 30 }, (_, i) => `together${i}@example.com`);
    const created = await Promise.all(
      emails.map((target_email) => client.invites.createBatched(org, { target_email, level: 1 })),
    );
    expect(created.map((i) => i.target_email)).toEqual(emails);
    const counts = (await control.requests()).counts;
    expect(counts["POST /api/organizations/{organization_id}/invites/bulk/"]).toBe(2);
    expect(counts["POST /api/organizations/{organization_id}/invites/"]).toBeUndefined();
  });

  it("shows an accepted invite as gone and its user as a member", async () => {
    const { client, org, control } = t();
    const invite = await client.invites.create(org, { target_email: "joiner@example.com", level: 8 });
    await control.acceptInvite(invite.id);
    await expect(client.invites.listAll(org)).resolves.toEqual([]);
    await expect(client.members.findByEmail(org, "joiner@example.com")).resolves.toMatchObject({ level: 8 });
  });

  it("marks invites older than 3 days as expired (emulator clock)", async () => {
    const { client, org, control } = t();
    await client.invites.create(org, { target_email: "late@example.com" });
    await control.advanceClock(3 * 24 * 3600 + 60);
    await expect(client.invites.listAll(org)).resolves.toEqual([
      expect.objectContaining({ target_email: "late@example.com", is_expired: true }),
    ]);
  });

  it("refuses to invite an existing member", async () => {
    const { client, org, boot } = t();
    const error = await thrown(client.invites.create(org, { target_email: boot.user.email }));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).detail).toBe(
      "A user with this email address already belongs to the organization.",
    );
  });

  it("answers 404 for an unknown invite", async () => {
    const { client, org } = t();
    expect(NotFoundError.isInstance(await thrown(client.invites.delete(org, MISSING_UUID)))).toBe(true);
  });

  it("retries a throttled bulk create", async () => {
    const c = t();
    const created = await throttledOnce(c, "POST", "/invites/bulk/$", () =>
      c.client.invites.bulkCreate(c.org, [{ target_email: "th@example.com" }]),
    );
    expect(created).toHaveLength(1);
  });
});
