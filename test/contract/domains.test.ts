import { NotFoundError, PermissionDeniedError, ValidationError } from "../../provider/client";
import { MISSING_UUID, contract, throttledOnce, thrown } from "./helpers";

describe("domains (contract)", () => {
  const t = contract();

  it("creates with only the domain; JIT/SSO settings sent at create are dropped", async () => {
    const { client, org } = t();
    const d = await client.domains.create(org, { domain: "only.example.com" });
    expect(d).toMatchObject({ domain: "only.example.com", is_verified: false, jit_provisioning_enabled: false });
    expect(d.verification_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const all = await client.domains.create(org, {
      domain: "all.example.com",
      jit_provisioning_enabled: true,
      sso_enforcement: "google-oauth2",
    });
    expect(all).toMatchObject({ jit_provisioning_enabled: false, sso_enforcement: "" });
  });

  it("verifies through the TXT record, then accepts JIT and SSO settings, lists and deletes", async () => {
    const { client, org, control } = t();
    const d = await client.domains.create(org, { domain: "verify.example.com" });
    const refused = await thrown(client.domains.update(org, d.id, { jit_provisioning_enabled: true }));
    expect(ValidationError.isInstance(refused)).toBe(true);
    expect((refused as ValidationError).code).toBe("verification_required");
    await expect(client.domains.verify(org, d.id)).resolves.toMatchObject({ is_verified: false });
    await control.setTxt(`_posthog-challenge.${d.domain}`, [d.verification_challenge]);
    await expect(client.domains.verify(org, d.id)).resolves.toMatchObject({ is_verified: true });
    await expect(
      client.domains.update(org, d.id, { jit_provisioning_enabled: true, sso_enforcement: "google-oauth2" }),
    ).resolves.toMatchObject({
      jit_provisioning_enabled: true,
      sso_enforcement: "google-oauth2",
    });
    await expect(client.domains.retrieve(org, d.id)).resolves.toMatchObject({ is_verified: true });
    await expect(client.domains.findByDomain(org, "VERIFY.example.com.")).resolves.toMatchObject({ id: d.id });
    await expect(client.domains.listAll(org)).resolves.toHaveLength(1);
    await client.domains.delete(org, d.id);
    await expect(client.domains.listAll(org)).resolves.toEqual([]);
  });

  it("refuses verify to a scoped key with the unscoped-key hint", async () => {
    const { client, clientFor, control, boot, org } = t();
    const d = await client.domains.create(org, { domain: "scoped.example.com" });
    const key = await control.createApiKey({ user_uuid: boot.user.uuid, scopes: ["*"] });
    const error = await thrown(clientFor(key).domains.verify(org, d.id));
    expect(PermissionDeniedError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      `POST /api/organizations/${org}/domains/${d.id}/verify/: 403 authentication_error/permission_denied: This action does not support Personal API Key access\n` +
        "PostHog refuses this action to personal API keys that have scopes, even the '*' scope. Use a personal API key without scopes (a legacy, unscoped key) for it.",
    );
  });

  it("answers 404 for an unknown domain", async () => {
    const { client, org } = t();
    expect(NotFoundError.isInstance(await thrown(client.domains.retrieve(org, MISSING_UUID)))).toBe(true);
  });

  it("retries a throttled create", async () => {
    const c = t();
    await expect(
      throttledOnce(c, "POST", "/domains/$", () => c.client.domains.create(c.org, { domain: "t.example.com" })),
    ).resolves.toMatchObject({ domain: "t.example.com" });
    expect((await c.control.state()).domains).toHaveLength(1);
  });
});
