import { changes, useStack } from "../helpers/e2e";
import { program, StackOperationError, TestStack } from "../helpers/stack";

// Domain through the real pulumi CLI against the emulator, whose DNS is set by the test: create,
// no-op preview, TXT outputs, JIT/SSO pending while unverified (a warning and a visible diff),
// verification by waiting, JIT/SSO applied, drift restored, out-of-band delete, destroy. Then
// PostHog's refusals: the plan without automatic provisioning, and a scoped key asked to wait.
describe("Domain lifecycle through the real pulumi CLI", () => {
  const e2e = useStack("test/e2e/programs/domain", "E2E Domains");
  const NAME = "acme-e2e.com";
  const live = async () =>
    (await e2e().emulator.control.state()).domains.filter((d: any) => d.organization_id === e2e().boot.organization.id);

  it("claims the domain on up and outputs the TXT record to publish", async () => {
    const { stack } = e2e();
    const result = await stack.up();
    expect(changes(result.summary).create).toBe(2);
    const [domain] = await live();
    expect(domain).toMatchObject({ domain: NAME, verified_at: null, jit_provisioning_enabled: false });
    expect(result.outputs.domainId.value).toBe(domain.id);
    expect(result.outputs.txtRecordName.value).toBe(`_posthog-challenge.${NAME}`);
    expect(result.outputs.txtRecordValue.value).toBe(domain.verification_challenge);
    expect(result.outputs.isVerified.value).toBe(false);
    expect(result.outputs.pendingSettingsReason.value).toBeNull();
  });

  it("previews no changes right after up", async () => {
    await e2e().stack.preview({ expectNoChanges: true });
  });

  it("keeps JIT/SSO pending on an unverified domain without failing: a warning says why and the diff stays", async () => {
    const { stack } = e2e();
    await stack.setConfig("jit", "true");
    await stack.setConfig("sso", "google-oauth2");
    const preview = await stack.preview();
    expect(preview.stdout).toMatch(
      /warning: Domain "acme-e2e\.com" in organization \S+: jitProvisioningEnabled and ssoEnforcement can only be applied once the domain is verified/,
    );
    const result = await stack.up();
    expect(changes(result.summary).update).toBe(1);
    expect(result.stdout).toMatch(
      /warning: Domain "acme-e2e\.com": jitProvisioningEnabled and ssoEnforcement are not applied yet/,
    );
    expect(result.outputs.pendingSettingsReason.value).toMatch(
      /Publish a TXT record _posthog-challenge\.acme-e2e\.com with the value/,
    );
    expect((await live())[0]).toMatchObject({ jit_provisioning_enabled: false, sso_enforcement: "" });
    await expect(stack.preview({ expectNoChanges: true })).rejects.toThrow();
  });

  it("verifies the domain by waiting once the TXT record is published, then applies JIT/SSO", async () => {
    const { stack, emulator } = e2e();
    const outputs = await stack.outputs();
    await emulator.control.setTxt(outputs.txtRecordName.value, [outputs.txtRecordValue.value]);
    await stack.setConfig("waitSeconds", "20");
    const result = await stack.up();
    expect(changes(result.summary).update).toBe(1);
    expect(result.outputs.isVerified.value).toBe(true);
    expect(result.outputs.pendingSettingsReason.value).toBeNull();
    const [domain] = await live();
    expect(domain.verified_at).not.toBeNull();
    expect(domain).toMatchObject({ jit_provisioning_enabled: true, sso_enforcement: "google-oauth2" });
    const { counts } = await emulator.control.requests();
    expect(counts["POST /api/organizations/{organization_id}/domains/{id}/verify/"]).toBeGreaterThanOrEqual(1);
  });

  it("previews no changes once verified and applied", async () => {
    await e2e().stack.preview({ expectNoChanges: true });
  });

  it("shows drift on refresh and restores it on up", async () => {
    const { stack, emulator } = e2e();
    await emulator.control.patchObject("domain", (await live())[0].id, { jit_provisioning_enabled: false });
    await stack.refresh();
    await expect(stack.preview({ expectNoChanges: true })).rejects.toThrow();
    expect(changes((await stack.up()).summary).update).toBe(1);
    expect((await live())[0].jit_provisioning_enabled).toBe(true);
    await stack.preview({ expectNoChanges: true });
  });

  it("drops an out-of-band deleted domain on refresh, recreates it on up, and verifies it on a later up", async () => {
    const { stack, emulator } = e2e();
    const gone = (await live())[0].id;
    await emulator.control.deleteObject("domain", gone);
    expect(changes((await stack.refresh()).summary).delete).toBe(1);
    // The new domain gets a new challenge, so the published TXT record no longer matches: the wait
    // runs out without failing, and the settings and the wait stay pending.
    await stack.setConfig("waitSeconds", "2");
    const recreated = await stack.up();
    expect(changes(recreated.summary).create).toBe(1);
    expect(recreated.outputs.isVerified.value).toBe(false);
    expect(recreated.stdout).toMatch(/warning: Domain "acme-e2e\.com": Not verified after waiting 2 s/);
    const [domain] = await live();
    expect(domain.id).not.toBe(gone);
    expect(domain).toMatchObject({ verified_at: null, jit_provisioning_enabled: false });
    await expect(stack.preview({ expectNoChanges: true })).rejects.toThrow();

    await emulator.control.setTxt(`_posthog-challenge.${NAME}`, [domain.verification_challenge]);
    const verified = await stack.up();
    expect(changes(verified.summary).update).toBe(1);
    expect(verified.outputs.isVerified.value).toBe(true);
    expect((await live())[0]).toMatchObject({ jit_provisioning_enabled: true, sso_enforcement: "google-oauth2" });
    await stack.preview({ expectNoChanges: true });
  });

  it("leaves no domain behind after destroy", async () => {
    await e2e().stack.destroy();
    expect(await live()).toEqual([]);
  });

  async function upFailure(
    env: Record<string, string>,
    config: Record<string, string>,
  ): Promise<{ message: string; stack: TestStack }> {
    const stack = await TestStack.open({ ...program("test/e2e/programs/domain"), env });
    for (const [k, v] of Object.entries(config)) await stack.setConfig(k, v);
    try {
      await stack.up();
    } catch (err) {
      expect(err).toBeInstanceOf(StackOperationError);
      return { message: (err as StackOperationError).message, stack };
    }
    await stack.close();
    throw new Error("up succeeded but should have failed");
  }

  it("shows PostHog's refusal when the plan has no automatic provisioning", async () => {
    const { emulator } = e2e();
    const boot = await emulator.control.bootstrap({ email: "free@example.com", org_name: "Free plan" });
    const before = await emulator.control.settings({});
    await emulator.control.settings({ features: before.features.filter((f) => f !== "automatic_provisioning") });
    try {
      const { message, stack } = await upFailure(
        {
          POSTHOG_HOST: emulator.url,
          POSTHOG_PERSONAL_API_KEY: boot.api_key,
          POSTHOG_ORGANIZATION_ID: boot.organization.id,
        },
        { domain: "free-e2e.com" },
      );
      await stack.close();
      expect(message).toMatch(
        /creating Domain "free-e2e\.com" in organization \S+: POST \S+: 403 authentication_error\/permission_denied: Automatic provisioning is not enabled for this organization\./,
      );
      expect(
        (await emulator.control.state()).domains.filter((d: any) => d.organization_id === boot.organization.id),
      ).toEqual([]);
    } finally {
      await emulator.control.settings({ features: before.features });
    }
  });

  it("says that waiting for verification needs an unscoped key, keeping the created domain in state", async () => {
    const { emulator } = e2e();
    const boot = await emulator.control.bootstrap({
      email: "scoped@example.com",
      org_name: "Scoped key",
      scopes: ["*"],
    });
    const env = {
      POSTHOG_HOST: emulator.url,
      POSTHOG_PERSONAL_API_KEY: boot.api_key,
      POSTHOG_ORGANIZATION_ID: boot.organization.id,
    };
    const { message, stack } = await upFailure(env, { domain: "scoped-e2e.com", waitSeconds: "10" });
    try {
      expect(message).toMatch(
        /waitForVerification cannot verify scoped-e2e\.com: PostHog refuses its verify action to personal API keys that have scopes, even '\*'\./,
      );
      expect(message).toMatch(
        /Use a personal API key without scopes for this stack, or verify the domain in PostHog \(Organization settings → Verified domains → Verify\)/,
      );
      expect(message).not.toContain(boot.api_key);
      const owned = () =>
        emulator.control.state().then((s) => s.domains.filter((d: any) => d.organization_id === boot.organization.id));
      expect(await owned()).toHaveLength(1);
      // Without the wait, the same key manages the domain; destroy removes it.
      await stack.removeConfig("waitSeconds");
      await stack.up();
      await stack.destroy();
      expect(await owned()).toEqual([]);
    } finally {
      await stack.close();
    }
  });
});
