// The actions PostHog serves beside the CRUD routes that users' keys can reach: proxy `diagnose`,
// members `scoped_api_keys` / `github_login`, projects `rotate_secret_token`,
// `delete_secret_token_backup`, `generate_conversations_public_token`, `change_organization`.
// Only `github_login` has a derivable scope; the others refuse every scoped key (scopes.test.ts).
import { emulatorHarness } from "./harness";

const h = emulatorHarness();

const denied = (detail: string) => ({ type: "authentication_error", code: "permission_denied", detail, attr: null });
const invalid = (detail: string) => ({ type: "validation_error", code: "invalid_input", detail, attr: null });
const SERVER_ERROR = { type: "server_error", code: "error", detail: "A server error occurred.", attr: null };
const NO_PAK = "This action does not support Personal API Key access";

describe("proxy record diagnose", () => {
  it("reports every check of a waiting record, the CNAME first with its DNS fix", async () => {
    const c = await h.boot();
    const p = (await c.api.post(`${c.org}/proxy_records/`, { domain: "t.example.com" })).body;
    const before = Date.parse((await h.control().clock()).now);
    const res = await c.api.post(`${c.org}/proxy_records/${p.id}/diagnose/`);
    const after = Date.parse((await h.control().clock()).now);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["checks", "ran_at", "summary"]);
    // ran_at is the emulator clock's time of the request.
    expect(Date.parse(res.body.ran_at)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(res.body.ran_at)).toBeLessThanOrEqual(after);
    expect(res.body.checks.map((x: { id: string }) => x.id)).toEqual([
      "cname",
      "cloudflare",
      "caa",
      "http_challenge",
      "live_event",
      "cert_expiry",
    ]);
    expect(res.body.checks[0]).toMatchObject({
      id: "cname",
      status: "failed",
      remediation: { type: "dns", records: [{ name: "t.example.com", type: "CNAME", value: p.target_cname }] },
    });
    expect(res.body.checks.slice(1).every((x: { status: string }) => x.status === "skipped")).toBe(true);
    expect(res.body.summary).toEqual({
      status: "fail",
      primary_issue: "cname",
      next_action: `Add a CNAME record for t.example.com pointing to ${p.target_cname}.`,
    });
  });

  it("calls a valid record healthy", async () => {
    const c = await h.boot();
    const p = (await c.api.post(`${c.org}/proxy_records/`, { domain: "t.example.com" })).body;
    await h.control().setProxyStatus(p.id, "valid");
    const res = await c.api.post(`${c.org}/proxy_records/${p.id}/diagnose/`);
    expect(res.body.summary).toEqual({ status: "healthy", primary_issue: null, next_action: null });
    expect(res.body.checks.every((x: { status: string; remediation: unknown }) => x.status === "passed")).toBe(true);
  });

  it("cools down for 30 seconds per record and user", async () => {
    const c = await h.boot();
    const admin = await h.member(c.orgId, 8);
    const p = (await c.api.post(`${c.org}/proxy_records/`, { domain: "t.example.com" })).body;
    expect((await c.api.post(`${c.org}/proxy_records/${p.id}/diagnose/`)).status).toBe(200);
    const again = await c.api.post(`${c.org}/proxy_records/${p.id}/diagnose/`);
    expect(again.status).toBe(429);
    expect(again.body).toEqual({
      detail: "A diagnostic was just run for this proxy. Please wait a few seconds before trying again.",
    });
    // Another user has a cooldown of their own.
    expect((await admin.api.post(`${c.org}/proxy_records/${p.id}/diagnose/`)).status).toBe(200);
    await h.control().advanceClock(29);
    expect((await c.api.post(`${c.org}/proxy_records/${p.id}/diagnose/`)).status).toBe(429);
    await h.control().advanceClock(1);
    expect((await c.api.post(`${c.org}/proxy_records/${p.id}/diagnose/`)).status).toBe(200);
  });

  it("needs an admin, answers 404 for an unknown record and refuses scoped keys", async () => {
    const c = await h.boot();
    const member = await h.member(c.orgId, 1);
    const scoped = await h.member(c.orgId, 15, ["*"]);
    const p = (await c.api.post(`${c.org}/proxy_records/`, { domain: "t.example.com" })).body;
    expect((await member.api.post(`${c.org}/proxy_records/${p.id}/diagnose/`)).body).toEqual(
      denied("Your organization access level is insufficient."),
    );
    expect((await c.api.post(`${c.org}/proxy_records/00000000-0000-0000-0000-000000000000/diagnose/`)).status).toBe(
      404,
    );
    expect((await scoped.api.post(`${c.org}/proxy_records/${p.id}/diagnose/`)).body).toEqual(denied(NO_PAK));
  });
});

describe("member actions", () => {
  it("lists a member's keys that reach the organization: scoped to it, to its projects, or to nothing", async () => {
    const c = await h.boot();
    const m = await h.member(c.orgId, 1);
    const other = await h.boot();
    await h.control().createApiKey({ user_uuid: m.userUuid, scopes: ["*"], scoped_organizations: [c.orgId] });
    await h.control().createApiKey({ user_uuid: m.userUuid, scopes: ["*"], scoped_teams: [c.projectId] });
    await h.control().createApiKey({ user_uuid: m.userUuid, scopes: ["*"], scoped_organizations: [other.orgId] });
    const res = await c.api.get(`${c.org}/members/${m.userUuid}/scoped_api_keys/`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["has_keys", "has_keys_active_last_week", "keys"]);
    // The member's own key (no scoping) plus the two scoped here; the other organization's is left out.
    expect(res.body.keys).toHaveLength(3);
    expect(res.body.has_keys).toBe(true);
    expect(res.body.has_keys_active_last_week).toBe(false);
    for (const k of res.body.keys) expect(Object.keys(k).sort()).toEqual(["last_used_at", "name"]);
  });

  it("marks keys used within the last week as active", async () => {
    const c = await h.boot();
    const m = await h.member(c.orgId, 1);
    await m.api.get(`${c.org}/members/`);
    const used = await c.api.get(`${c.org}/members/${m.userUuid}/scoped_api_keys/`);
    expect(used.body.has_keys_active_last_week).toBe(true);
    expect(used.body.keys[0].last_used_at).toEqual(expect.any(String));
    await h.control().advanceClock(8 * 24 * 3600);
    expect((await c.api.get(`${c.org}/members/${m.userUuid}/scoped_api_keys/`)).body.has_keys_active_last_week).toBe(
      false,
    );
  });

  it("answers 404 for a user who is not a member, and @me for the caller", async () => {
    const c = await h.boot();
    const other = await h.boot();
    expect((await c.api.get(`${c.org}/members/${other.userUuid}/scoped_api_keys/`)).status).toBe(404);
    expect((await c.api.get(`${c.org}/members/@me/scoped_api_keys/`)).body.has_keys).toBe(true);
  });

  it("answers a member's GitHub login, null when none is linked", async () => {
    const c = await h.boot();
    const m = await h.member(c.orgId, 1);
    expect((await c.api.get(`${c.org}/members/${m.userUuid}/github_login/`)).body).toEqual({ github_login: null });
    await h.control().patchObject("user", m.userUuid, { github_login: "octocat" });
    expect((await c.api.get(`${c.org}/members/${m.userUuid}/github_login/`)).body).toEqual({ github_login: "octocat" });
    expect((await c.api.get(`${c.org}/members/00000000-0000-0000-0000-000000000000/github_login/`)).status).toBe(404);
  });

  it("lets scoped keys read the GitHub login with organization_member:read only", async () => {
    const c = await h.boot();
    const reader = await h.member(c.orgId, 1, ["organization_member:read"]);
    const other = await h.member(c.orgId, 1, ["organization:read"]);
    expect((await reader.api.get(`${c.org}/members/${c.userUuid}/github_login/`)).status).toBe(200);
    expect((await other.api.get(`${c.org}/members/${c.userUuid}/github_login/`)).body).toEqual(
      denied("API key missing required scope 'organization_member:read'"),
    );
  });
});

describe("project secret token", () => {
  it("mints a phs_ token, then rotates it into the backup, then deletes the backup", async () => {
    const c = await h.boot();
    const url = `${c.org}/projects/${c.projectId}`;
    const before = (await c.api.get(`${url}/`)).body;
    expect([before.secret_api_token, before.secret_api_token_backup]).toEqual([null, null]);
    const first = await c.api.patch(`${url}/rotate_secret_token/`);
    expect(first.status).toBe(200);
    expect(first.body.secret_api_token).toMatch(/^phs_[A-Za-z0-9]{47}$/);
    expect(first.body.secret_api_token_backup).toBeNull();
    expect(first.body.api_token).toBe(before.api_token);
    const second = (await c.api.patch(`${url}/rotate_secret_token/`)).body;
    expect(second.secret_api_token).not.toBe(first.body.secret_api_token);
    expect(second.secret_api_token_backup).toBe(first.body.secret_api_token);
    const deleted = await c.api.patch(`${url}/delete_secret_token_backup/`);
    expect(deleted.status).toBe(200);
    expect([deleted.body.secret_api_token, deleted.body.secret_api_token_backup]).toEqual([
      second.secret_api_token,
      null,
    ]);
    // Deleting again has nothing to delete and answers the project unchanged.
    const again = (await c.api.patch(`${url}/delete_secret_token_backup/`)).body;
    expect(again.updated_at).toBe(deleted.body.updated_at);
    const fields = (await c.api.get(`${url}/activity/`)).body.results.map(
      (a: { detail: { changes: { field: string; action: string }[] } }) => a.detail.changes[0],
    );
    expect(fields.slice(0, 3)).toEqual([
      { type: "Team", action: "deleted", field: "secret_api_token_backup" },
      { type: "Team", action: "changed", field: "secret_api_token" },
      { type: "Team", action: "created", field: "secret_api_token" },
    ]);
  });

  it("needs a project admin and answers 404 for an unknown project", async () => {
    const c = await h.boot();
    const m = await h.member(c.orgId, 1);
    for (const action of ["rotate_secret_token", "delete_secret_token_backup"]) {
      expect((await m.api.patch(`${c.org}/projects/${c.projectId}/${action}/`)).body).toEqual(
        denied("You do not have permission to perform this action."),
      );
      expect((await c.api.patch(`${c.org}/projects/999999/${action}/`)).status).toBe(404);
    }
  });
});

describe("conversations public token", () => {
  it("puts a fresh url-safe token into conversations_settings, keeping the other settings", async () => {
    const c = await h.boot();
    const url = `${c.org}/projects/${c.projectId}`;
    await c.api.patch(`${url}/`, { conversations_settings: { widget_color: "#123456" } });
    const first = await c.api.post(`${url}/generate_conversations_public_token/`);
    expect(first.status).toBe(200);
    expect(first.body.conversations_settings).toEqual({
      widget_color: "#123456",
      widget_public_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const second = (await c.api.post(`${url}/generate_conversations_public_token/`)).body;
    expect(second.conversations_settings.widget_public_token).not.toBe(
      first.body.conversations_settings.widget_public_token,
    );
  });

  it("needs a project admin", async () => {
    const c = await h.boot();
    const m = await h.member(c.orgId, 1);
    expect((await m.api.post(`${c.org}/projects/${c.projectId}/generate_conversations_public_token/`)).status).toBe(
      403,
    );
  });
});

describe("change organization", () => {
  const MOVE_ADMIN = "You must be an admin of both the source and target organizations to move a project.";
  const MOVE_MISSING = "You must be an admin or owner of both the source and target organizations to move a project.";

  it("moves a project to another organization the caller administers", async () => {
    const c = await h.boot();
    const target = await h.boot();
    await h.control().addMembership({ organization_id: target.orgId, user_uuid: c.userUuid, level: 8 });
    const p = (await c.api.post(`${c.org}/projects/`, { name: "Moving" })).body;
    const res = await c.api.post(`${c.org}/projects/${p.id}/change_organization/`, { organization_id: target.orgId });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: p.id, name: "Moving", organization: target.orgId });
    expect(res.body.effective_membership_level).toBe(8);
    expect((await c.api.get(`${c.org}/projects/${p.id}/`)).status).toBe(404);
    expect((await target.api.get(`${target.org}/projects/${p.id}/`)).body.organization).toBe(target.orgId);
    const activity = (await target.api.get(`${target.org}/projects/${p.id}/activity/`)).body.results[0];
    expect(activity.detail).toMatchObject({
      name: "moved to another organization",
      changes: [{ field: "organization_id", before: c.orgId, after: target.orgId }],
    });
  });

  it("refuses a target the caller does not administer or belong to", async () => {
    const c = await h.boot();
    const target = await h.boot();
    const move = (body: unknown) => c.api.post(`${c.org}/projects/${c.projectId}/change_organization/`, body);
    expect((await move({ organization_id: target.orgId })).body).toEqual(invalid(MOVE_MISSING));
    expect((await move({ organization_id: "00000000-0000-0000-0000-000000000000" })).body).toEqual(
      invalid(MOVE_MISSING),
    );
    expect((await move({})).body).toEqual(invalid(MOVE_MISSING));
    expect((await move({ organization_id: 5 })).body).toEqual(invalid(MOVE_MISSING));
    await h.control().addMembership({ organization_id: target.orgId, user_uuid: c.userUuid, level: 1 });
    expect((await move({ organization_id: target.orgId })).body).toEqual(invalid(MOVE_ADMIN));
  });

  it("refuses a member of the source organization with the admin message", async () => {
    const c = await h.boot();
    const m = await h.member(c.orgId, 1);
    const target = await h.boot();
    await h.control().addMembership({ organization_id: target.orgId, user_uuid: m.userUuid, level: 15 });
    const res = await m.api.post(`${c.org}/projects/${c.projectId}/change_organization/`, {
      organization_id: target.orgId,
    });
    expect(res.body).toEqual(invalid(MOVE_ADMIN));
  });

  it("crashes as PostHog does on an id UUIDField cannot read or a body that is not an object", async () => {
    const c = await h.boot();
    const url = `${c.org}/projects/${c.projectId}/change_organization/`;
    for (const body of [{ organization_id: "not-a-uuid" }, { organization_id: [1] }, ["x"], "text"]) {
      const res = await c.api.post(url, body);
      expect({ body, status: res.status, error: res.body }).toEqual({ body, status: 500, error: SERVER_ERROR });
    }
  });

  it("accepts a move into the same organization: PostHog's same-organization check never matches", async () => {
    const c = await h.boot();
    const res = await c.api.post(`${c.org}/projects/${c.projectId}/change_organization/`, { organization_id: c.orgId });
    expect(res.status).toBe(200);
    expect(res.body.organization).toBe(c.orgId);
  });
});
