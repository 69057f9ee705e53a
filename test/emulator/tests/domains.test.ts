import { emulatorHarness, invalid } from "./harness";

const h = emulatorHarness();

describe("domains", () => {
  it("creates an unverified domain with a 43-character challenge and drops JIT/SSO settings", async () => {
    const c = await h.boot();
    const res = await c.api.post(`${c.org}/domains/`, {
      domain: "example.com",
      jit_provisioning_enabled: true,
      sso_enforcement: "google-oauth2",
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      domain: "example.com",
      is_verified: false,
      verified_at: null,
      jit_provisioning_enabled: false,
      sso_enforcement: "",
    });
    expect(res.body.verification_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("validates the domain format and global uniqueness", async () => {
    const c = await h.boot();
    for (const bad of ["Example.com", "example.com.", "localhost", "-a.com", "a_b.com"]) {
      expect((await c.api.post(`${c.org}/domains/`, { domain: bad })).body).toEqual(
        invalid("Please enter a valid domain or subdomain name.", "domain"),
      );
    }
    await c.api.post(`${c.org}/domains/`, { domain: "taken.com" });
    const other = await h.boot();
    expect((await other.api.post(`${other.org}/domains/`, { domain: "taken.com" })).body).toEqual(
      invalid("domain with this domain already exists.", "domain", "unique"),
    );
    expect((await c.api.post(`${c.org}/domains/`, { domain: `${"a".repeat(125)}.com` })).body.code).toBe("max_length");
  });

  it("needs automatic provisioning on Cloud", async () => {
    const c = await h.boot();
    await h.control().settings({ features: [] });
    const res = await c.api.post(`${c.org}/domains/`, { domain: "example.com" });
    expect(res.status).toBe(403);
    expect(res.body.detail).toBe("Automatic provisioning is not enabled for this organization.");
  });

  it("refuses JIT and SSO settings until the domain is verified", async () => {
    const c = await h.boot();
    const d = (await c.api.post(`${c.org}/domains/`, { domain: "example.com" })).body;
    for (const [attr, value] of [
      ["jit_provisioning_enabled", false],
      ["sso_enforcement", "google-oauth2"],
    ] as const) {
      expect((await c.api.patch(`${c.org}/domains/${d.id}/`, { [attr]: value })).body).toEqual(
        invalid("This attribute cannot be updated until the domain is verified.", attr, "verification_required"),
      );
    }
  });

  it("answers 200 with is_verified false when the TXT record does not match", async () => {
    const c = await h.boot();
    const d = (await c.api.post(`${c.org}/domains/`, { domain: "example.com" })).body;
    await h.control().setTxt("_posthog-challenge.example.com", ["wrong"]);
    const res = await c.api.post(`${c.org}/domains/${d.id}/verify/`);
    expect(res.status).toBe(200);
    expect(res.body.is_verified).toBe(false);
  });

  it("verifies through the emulated DNS, then refuses a second verify", async () => {
    const c = await h.boot();
    const d = (await c.api.post(`${c.org}/domains/`, { domain: "sub.example.com" })).body;
    await h.control().setTxt("_posthog-challenge.sub.example.com", ["other", d.verification_challenge]);
    const res = await c.api.post(`${c.org}/domains/${d.id}/verify/`);
    expect(res.body).toMatchObject({ is_verified: true });
    expect(res.body.verified_at).not.toBeNull();
    expect((await c.api.post(`${c.org}/domains/${d.id}/verify/`)).body).toEqual(
      invalid("This domain has already been verified.", null, "already_verified"),
    );
    const patched = await c.api.patch(`${c.org}/domains/${d.id}/`, {
      jit_provisioning_enabled: true,
      sso_enforcement: "saml",
      domain: "changed.com",
    });
    expect(patched.body).toMatchObject({
      domain: "sub.example.com",
      jit_provisioning_enabled: true,
      sso_enforcement: "saml",
    });
  });

  it("refuses JIT provisioning without the feature even when verified", async () => {
    const c = await h.boot();
    const d = (await c.api.post(`${c.org}/domains/`, { domain: "example.com" })).body;
    await h.control().patchObject("domain", d.id, { verified_at: new Date().toISOString() });
    await h.control().settings({ features: [] });
    expect((await c.api.patch(`${c.org}/domains/${d.id}/`, { jit_provisioning_enabled: true })).body).toMatchObject({
      code: "feature_not_available",
      attr: "jit_provisioning_enabled",
    });
  });

  it("lists ordered by domain, retrieves, replaces with PUT and deletes", async () => {
    const c = await h.boot();
    await c.api.post(`${c.org}/domains/`, { domain: "zeta.com" });
    const a = (await c.api.post(`${c.org}/domains/`, { domain: "alpha.com" })).body;
    expect((await c.api.get(`${c.org}/domains/`)).body.results.map((d: { domain: string }) => d.domain)).toEqual([
      "alpha.com",
      "zeta.com",
    ]);
    expect((await c.api.get(`${c.org}/domains/${a.id}/`)).body.domain).toBe("alpha.com");
    expect((await c.api.put(`${c.org}/domains/${a.id}/`, { saml_entity_id: "urn:x" })).body.saml_entity_id).toBe(
      "urn:x",
    );
    expect((await c.api.delete(`${c.org}/domains/${a.id}/`)).status).toBe(204);
    expect((await c.api.get(`${c.org}/domains/${a.id}/`)).status).toBe(404);
  });

  it("refuses deleting a verified domain that would lock the caller out", async () => {
    const c = await h.boot({ email: "me@example.com" });
    const d = (await c.api.post(`${c.org}/domains/`, { domain: "example.com" })).body;
    await h.control().patchObject("domain", d.id, { verified_at: new Date().toISOString() });
    await c.api.patch(`${c.org}/`, { enforce_verified_domains: true });
    expect((await c.api.delete(`${c.org}/domains/${d.id}/`)).body.code).toBe("would_block_self");
  });

  it("lets members read but only admins write", async () => {
    const owner = await h.boot();
    const m = await h.member(owner.orgId, 1);
    expect((await m.api.get(`${owner.org}/domains/`)).status).toBe(200);
    expect((await m.api.post(`${owner.org}/domains/`, { domain: "example.com" })).status).toBe(403);
  });

  it("refuses SCIM without the feature on a verified domain", async () => {
    const c = await h.boot();
    const d = (await c.api.post(`${c.org}/domains/`, { domain: "example.com" })).body;
    await h.control().patchObject("domain", d.id, { verified_at: new Date().toISOString() });
    expect((await c.api.patch(`${c.org}/domains/${d.id}/`, { scim_enabled: true })).body).toEqual(
      invalid("SCIM provisioning is not available for this organization.", "scim_enabled", "feature_not_available"),
    );
  });
});
