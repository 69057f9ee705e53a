import { NotFoundError, PermissionDeniedError } from "../../provider/client";
import { MISSING_UUID, contract, throttledOnce, thrown } from "./helpers";

describe("organizations (contract)", () => {
  const t = contract();

  it("creates with only a name; the key's user becomes owner", async () => {
    const { client } = t();
    const org = await client.organizations.create({ name: "Only Name" });
    expect(org).toMatchObject({ name: "Only Name", membership_level: 15 });
    expect(org.slug).toMatch(/^only-name/);
  });

  it("creates with all writable params, reads, updates with PATCH, lists and deletes", async () => {
    const { client, control } = t();
    const org = await client.organizations.create({
      name: "All Params",
      is_member_join_email_enabled: false,
      enforce_2fa: true,
      members_can_invite: false,
      members_can_use_personal_api_keys: true,
      allow_publicly_shared_resources: false,
      is_ai_data_processing_approved: true,
      default_experiment_stats_method: "frequentist",
      default_anonymize_ips: true,
    });
    expect(org).toMatchObject({
      enforce_2fa: true,
      members_can_invite: false,
      default_experiment_stats_method: "frequentist",
    });
    await expect(client.organizations.retrieve(org.id)).resolves.toMatchObject({ id: org.id, name: "All Params" });
    await expect(client.organizations.update(org.id, { name: "Renamed", enforce_2fa: false })).resolves.toMatchObject({
      name: "Renamed",
      enforce_2fa: false,
    });
    const names = (await client.organizations.listAll()).map((o) => o.name).sort();
    expect(names).toEqual(["Contract Org", "Renamed"]);
    await client.organizations.delete(org.id);
    expect(NotFoundError.isInstance(await thrown(client.organizations.retrieve(org.id)))).toBe(true);
    const methods = (await control.requests()).requests
      .filter((r) => r.route === "/api/organizations/{id}/")
      .map((r) => r.method);
    expect(methods).not.toContain("PUT");
  });

  it("answers 404 with the organization hint for an unknown id", async () => {
    const { client } = t();
    const error = await thrown(client.organizations.retrieve(MISSING_UUID));
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(error.message).toContain(`The organization ${MISSING_UUID} was not found or the key's user is not a member`);
  });

  it("refuses a key without the organization:write scope with a hint naming the scope", async () => {
    const { clientFor, control, boot, org } = t();
    const key = await control.createApiKey({ user_uuid: boot.user.uuid, scopes: ["organization:read"] });
    const error = await thrown(clientFor(key).organizations.update(org, { name: "x" }));
    expect(PermissionDeniedError.isInstance(error)).toBe(true);
    expect((error as PermissionDeniedError).hint).toBe(
      "Add the scope 'organization:write' to the personal API key in PostHog (Settings → Personal API keys).",
    );
  });

  it("retries a throttled list", async () => {
    const c = t();
    await expect(
      throttledOnce(c, "GET", "^/api/organizations/$", () => c.client.organizations.listAll()),
    ).resolves.toHaveLength(1);
  });
});
