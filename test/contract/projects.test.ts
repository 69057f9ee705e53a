import { NotFoundError, PermissionDeniedError, ValidationError } from "../../provider/client";
import { contract, throttledOnce, thrown } from "./helpers";

describe("projects (contract)", () => {
  const t = contract();

  it("creates with only a name and with settings; ids are integers", async () => {
    const { client, org } = t();
    const p = await client.projects.create(org, { name: "Web" });
    expect(Number.isInteger(p.id)).toBe(true);
    expect(p).toMatchObject({ name: "Web", organization: org });
    expect(p.api_token).toMatch(/^phc_/);
    const full = await client.projects.create(org, {
      name: "Full",
      product_description: "Our app",
      timezone: "Europe/Berlin",
      anonymize_ips: true,
      app_urls: ["https://app.example.com"],
      week_start_day: 1,
      session_recording_opt_in: true,
    });
    expect(full).toMatchObject({
      timezone: "Europe/Berlin",
      anonymize_ips: true,
      app_urls: ["https://app.example.com"],
      week_start_day: 1,
    });
  });

  it("reads, updates with PATCH (never PUT), lists, searches and deletes asynchronously", async () => {
    const { client, org, control } = t();
    const p = await client.projects.create(org, { name: "Mobile" });
    await expect(client.projects.retrieve(org, String(p.id))).resolves.toMatchObject({ id: p.id });
    await expect(client.projects.update(org, p.id, { name: "Mobile App", anonymize_ips: true })).resolves.toMatchObject(
      { name: "Mobile App", anonymize_ips: true },
    );
    await expect(client.projects.listAll(org, { search: "Mobile" })).resolves.toEqual([
      expect.objectContaining({ id: p.id, name: "Mobile App" }),
    ]);
    await client.projects.delete(org, p.id);
    const again = await thrown(client.projects.delete(org, p.id));
    expect(ValidationError.isInstance(again)).toBe(true);
    expect((again as ValidationError).detail).toBe("This project is already being deleted.");
    const methods = (await control.requests()).requests
      .filter((r) => r.route === "/api/organizations/{organization_id}/projects/{id}/")
      .map((r) => r.method);
    expect(methods).not.toContain("PUT");
  });

  it("rotates the token, registers product intents and onboarding, and reads demo-data state and activity", async () => {
    const { client, org, project } = t();
    const before = await client.projects.retrieve(org, project);
    const rotated = await client.projects.resetToken(org, project);
    expect(rotated.api_token).toMatch(/^phc_/);
    expect(rotated.api_token).not.toBe(before.api_token);
    await client.projects.addProductIntent(org, project, { product_type: "session_replay" });
    await client.projects.completeProductOnboarding(org, project, { product_type: "feature_flags" });
    const after = await client.projects.retrieve(org, project);
    expect(after.product_intents?.map((i) => i.product_type)).toEqual(
      expect.arrayContaining(["session_replay", "feature_flags"]),
    );
    expect(after.has_completed_onboarding_for).toMatchObject({ feature_flags: true });
    await expect(client.projects.isGeneratingDemoData(org, project)).resolves.toBe(false);
    const activity = await client.projects.activity(org, project, { limit: 5 });
    expect(Array.isArray(activity.results)).toBe(true);
  });

  it("reports complete_product_onboarding's raw {error} body", async () => {
    const { client, org, project } = t();
    const error = await thrown(client.projects.completeProductOnboarding(org, project, { product_type: "nope" }));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/: 400 Bad Request: invalid product_type, expected one of \[/);
  });

  it("refuses reset_token to scoped keys with the unscoped-key hint", async () => {
    const { clientFor, control, boot, org, project } = t();
    const key = await control.createApiKey({
      user_uuid: boot.user.uuid,
      scopes: ["project:write", "organization:read"],
    });
    const error = await thrown(clientFor(key).projects.resetToken(org, project));
    expect(PermissionDeniedError.isInstance(error)).toBe(true);
    expect((error as PermissionDeniedError).hint).toMatch(/Use a personal API key without scopes/);
  });

  it("answers 404 for an unknown project", async () => {
    const { client, org } = t();
    expect(NotFoundError.isInstance(await thrown(client.projects.retrieve(org, 999999)))).toBe(true);
  });

  it("retries a throttled PATCH", async () => {
    const c = t();
    await expect(
      throttledOnce(c, "PATCH", "/projects/\\d+/$", () =>
        c.client.projects.update(c.org, c.project, { name: "Renamed" }),
      ),
    ).resolves.toMatchObject({ name: "Renamed" });
  });
});
