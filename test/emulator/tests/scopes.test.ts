import { emulatorHarness } from "./harness";

const h = emulatorHarness();

const denied = (detail: string) => ({ type: "authentication_error", code: "permission_denied", detail, attr: null });

describe("scopes", () => {
  it("refuses a key without the required scope with the scope named", async () => {
    const c = await h.boot({ scopes: ["project:read"] });
    const res = await c.api.get(`${c.org}/roles/`);
    expect(res.status).toBe(403);
    expect(res.body).toEqual(denied("API key missing required scope 'organization:read'"));
    const write = await h.api(c.key).post(`${c.org}/invites/`, { target_email: "a@b.co" });
    expect(write.body).toEqual(denied("API key missing required scope 'organization_member:write'"));
  });

  it("lets a :write scope satisfy :read but not the other way round", async () => {
    const w = await h.boot({ scopes: ["organization:write"] });
    expect((await w.api.get(`${w.org}/roles/`)).status).toBe(200);
    const r = await h.boot({ scopes: ["organization:read"] });
    expect((await r.api.post(`${r.org}/roles/`, { name: "x" })).body).toEqual(
      denied("API key missing required scope 'organization:write'"),
    );
  });

  it("lets a key with * pass every derivable scope", async () => {
    const c = await h.boot({ scopes: ["*"] });
    expect((await c.api.post(`${c.org}/roles/`, { name: "x" })).status).toBe(201);
    expect((await c.api.get(`${c.org}/members/`)).status).toBe(200);
    expect((await c.api.get(`/api/projects/${c.projectId}/batch_exports/`)).status).toBe(200);
  });

  it("refuses actions without a derivable scope to scoped keys, even with *", async () => {
    const c = await h.boot({ scopes: ["*"] });
    const p = c.projectId;
    const calls = [
      c.api.patch(`${c.org}/projects/${p}/reset_token/`),
      c.api.get(`${c.org}/projects/${p}/activity/`),
      c.api.get(`${c.org}/projects/${p}/is_generating_demo_data/`),
      c.api.post(`${c.org}/domains/00000000-0000-0000-0000-000000000000/verify/`),
      c.api.post(`${c.org}/proxy_records/00000000-0000-0000-0000-000000000000/retry/`),
      c.api.get(`/api/projects/${p}/batch_exports/00000000-0000-0000-0000-000000000000/logs/`),
      c.api.get(`${c.org}/batch_exports/00000000-0000-0000-0000-000000000000/logs/`),
      c.api.post(`${c.org}/proxy_records/00000000-0000-0000-0000-000000000000/diagnose/`),
      c.api.get(`${c.org}/members/${c.userUuid}/scoped_api_keys/`),
      c.api.patch(`${c.org}/projects/${p}/rotate_secret_token/`),
      c.api.patch(`${c.org}/projects/${p}/delete_secret_token_backup/`),
      c.api.post(`${c.org}/projects/${p}/generate_conversations_public_token/`),
      c.api.post(`${c.org}/projects/${p}/change_organization/`, { organization_id: c.orgId }),
    ];
    expect(calls).toHaveLength(13);
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(403);
      expect(res.body).toEqual(denied("This action does not support Personal API Key access"));
    }
  });

  it("lets legacy keys without scopes call actions without a derivable scope", async () => {
    const c = await h.boot({ scopes: null });
    expect((await c.api.get(`${c.org}/projects/${c.projectId}/is_generating_demo_data/`)).status).toBe(200);
    expect((await c.api.patch(`${c.org}/projects/${c.projectId}/reset_token/`)).status).toBe(200);
  });

  it("refuses a GET on the member detail route to scoped keys, since it maps to no action", async () => {
    const c = await h.boot({ scopes: ["*"] });
    const res = await c.api.get(`${c.org}/members/${c.userUuid}/`);
    expect(res.body).toEqual(denied("This action does not support Personal API Key access"));
  });

  it("uses the explicit scopes of custom actions", async () => {
    const c = await h.boot({ scopes: ["project:read"] });
    const intent = await c.api.patch(`${c.org}/projects/${c.projectId}/add_product_intent/`, {
      product_type: "surveys",
    });
    expect(intent.status).toBe(201);
    const be = await h.boot({ scopes: ["batch_export:read"] });
    const pause = await be.api.post(`${be.org}/batch_exports/00000000-0000-0000-0000-000000000000/pause/`);
    expect(pause.body).toEqual(denied("API key missing required scope 'batch_export:write'"));
  });

  it("refuses project-scoped keys on organization endpoints", async () => {
    const c = await h.boot();
    const key = await h.control().createApiKey({ user_uuid: c.userUuid, scopes: ["*"], scoped_teams: [c.projectId] });
    const res = await h.api(key).get(`${c.org}/roles/`);
    expect(res.body).toEqual(denied("API keys with scoped projects are only supported on project-based endpoints."));
    expect((await h.api(key).get("/api/organizations/")).status).toBe(403);
  });

  it("lets project-scoped keys use their project's routes only", async () => {
    const c = await h.boot();
    const other = (await c.api.post(`${c.org}/projects/`, { name: "Other" })).body.id;
    const key = await h
      .control()
      .createApiKey({ user_uuid: c.userUuid, scopes: ["batch_export:read"], scoped_teams: [c.projectId] });
    expect((await h.api(key).get(`/api/projects/${c.projectId}/batch_exports/`)).status).toBe(200);
    const res = await h.api(key).get(`/api/projects/${other}/batch_exports/`);
    expect(res.body).toEqual(denied(`API key does not have access to the requested project: ID ${other}.`));
  });

  it("filters the organization list and refuses other organizations for organization-scoped keys", async () => {
    const c = await h.boot({ org_name: "Scoped" });
    const second = (await c.api.post("/api/organizations/", { name: "Unscoped" })).body.id;
    const key = await h
      .control()
      .createApiKey({ user_uuid: c.userUuid, scopes: ["organization:read"], scoped_organizations: [c.orgId] });
    const list = await h.api(key).get("/api/organizations/");
    expect(list.body.results.map((o: { id: string }) => o.id)).toEqual([c.orgId]);
    const res = await h.api(key).get(`/api/organizations/${second}/roles/`);
    expect(res.body).toEqual(denied(`API key does not have access to the requested organization: ID ${second}.`));
    expect((await h.api(key).get(`/api/organizations/${second}/`)).status).toBe(403);
  });

  it("requires user:read for /api/users/@me/ with scoped keys", async () => {
    const c = await h.boot({ scopes: ["organization:read"] });
    expect((await c.api.get("/api/users/@me/")).body).toEqual(denied("API key missing required scope 'user:read'"));
  });
});

describe("organization membership", () => {
  it("answers 404 Organization not found. for an unknown organization", async () => {
    const c = await h.boot();
    const res = await c.api.get("/api/organizations/00000000-0000-0000-0000-000000000000/roles/");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      type: "invalid_request",
      code: "not_found",
      detail: "Organization not found.",
      attr: null,
    });
  });

  it("answers 403 when the caller is not a member of an existing organization", async () => {
    const a = await h.boot();
    const b = await h.boot();
    const res = await b.api.get(`${a.org}/roles/`);
    expect(res.status).toBe(403);
    expect(res.body).toEqual(denied("You do not have permission to perform this action."));
  });

  it("resolves @current to the caller's current organization", async () => {
    const c = await h.boot();
    await c.api.post(`${c.org}/roles/`, { name: "Here" });
    const res = await c.api.get("/api/organizations/@current/roles/");
    expect(res.body.results.map((r: { name: string }) => r.name)).toEqual(["Here"]);
  });

  it("lets members read but requires admin for writes with PostHog's message", async () => {
    const owner = await h.boot();
    const m = await h.member(owner.orgId, 1);
    expect((await m.api.get(`${m.org}/roles/`)).status).toBe(200);
    const res = await m.api.post(`${m.org}/roles/`, { name: "x" });
    expect(res.body).toEqual(denied("Your organization access level is insufficient."));
    const admin = await h.member(owner.orgId, 8);
    expect((await admin.api.post(`${admin.org}/roles/`, { name: "x" })).status).toBe(201);
  });

  it("refuses non-admin personal-key use when the organization disallows it", async () => {
    const owner = await h.boot();
    const m = await h.member(owner.orgId, 1);
    await owner.api.patch(owner.org + "/", { members_can_use_personal_api_keys: false });
    const org = (await owner.api.get(owner.org + "/")).body;
    expect((await m.api.get(`${m.org}/roles/`)).body).toEqual(
      denied(
        `Organization '${org.name}' does not allow using personal API keys. Contact an admin to enable personal API keys for this organization.`,
      ),
    );
    expect((await owner.api.get(`${owner.org}/roles/`)).status).toBe(200);
  });

  it("refuses every request for an organization pending deletion or deactivated", async () => {
    const c = await h.boot();
    await h.control().patchObject("organization", c.orgId, { is_pending_deletion: true });
    expect((await c.api.get(`${c.org}/roles/`)).body).toEqual(denied("Your organization is being deleted."));
    await h.control().patchObject("organization", c.orgId, { is_pending_deletion: false, is_active: false });
    expect((await c.api.get(`${c.org}/roles/`)).body).toEqual(denied("Your organization has been deactivated."));
  });
});
