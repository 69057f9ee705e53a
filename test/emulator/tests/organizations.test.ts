import { emulatorHarness } from "./harness";

const h = emulatorHarness();

const denied = (detail: string) => ({ type: "authentication_error", code: "permission_denied", detail, attr: null });

describe("organizations", () => {
  it("lists only the caller's organizations", async () => {
    const a = await h.boot({ org_name: "Mine" });
    await h.boot({ org_name: "Theirs" });
    const res = await a.api.get("/api/organizations/");
    expect(res.body.results.map((o: { name: string }) => o.name)).toEqual(["Mine"]);
    expect(res.body.results[0]).toMatchObject({ membership_level: 15, member_count: 1 });
  });

  it("creates an organization with an owner membership, a default project and a switched current organization", async () => {
    const c = await h.boot({ org_name: "Old" });
    const res = await c.api.post("/api/organizations/", {
      name: "New Org",
      slug: "ignored",
      id: "ignored",
      member_count: 99,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: "New Org", slug: "new-org", membership_level: 15, member_count: 1 });
    expect(res.body.projects).toHaveLength(1);
    expect(res.body.teams[0].name).toBe("Default project");
    expect((await c.api.get("/api/organizations/@current/")).body.id).toBe(res.body.id);
    const me = await c.api.get("/api/users/@me/");
    expect(me.body.team.id).toBe(res.body.teams[0].id);
  });

  it("suffixes a colliding slug with four random letters", async () => {
    const c = await h.boot({ org_name: "Acme" });
    const res = await c.api.post("/api/organizations/", { name: "Acme" });
    expect(res.body.slug).toMatch(/^acme-[a-z]{4}$/);
  });

  it("requires a name of at most 64 characters", async () => {
    const c = await h.boot();
    expect((await c.api.post("/api/organizations/", {})).body).toEqual({
      type: "validation_error",
      code: "required",
      detail: "This field is required.",
      attr: "name",
    });
    expect((await c.api.post("/api/organizations/", { name: "x".repeat(65) })).body).toEqual({
      type: "validation_error",
      code: "max_length",
      detail: "Ensure this field has no more than 64 characters.",
      attr: "name",
    });
    expect((await c.api.post("/api/organizations/", { name: "  " })).body).toMatchObject({
      code: "blank",
      detail: "This field may not be blank.",
    });
  });

  it("reports wrong types with DRF's messages", async () => {
    const c = await h.boot();
    expect((await c.api.patch(`${c.org}/`, { enforce_2fa: "maybe" })).body).toEqual({
      type: "validation_error",
      code: "invalid_input",
      detail: "Must be a valid boolean.",
      attr: "enforce_2fa",
    });
    expect((await c.api.patch(`${c.org}/`, { default_experiment_stats_method: "magic" })).body).toMatchObject({
      code: "invalid_choice",
      detail: '"magic" is not a valid choice.',
    });
    expect((await c.api.patch(`${c.org}/`, { default_role_id: "nope" })).body).toMatchObject({
      detail: "Must be a valid UUID.",
      attr: "default_role_id",
    });
    expect((await c.api.patch(`${c.org}/`, { name: null })).body).toMatchObject({
      code: "null",
      detail: "This field may not be null.",
    });
  });

  it("retrieves by id and @current, and hides other organizations as 404", async () => {
    const c = await h.boot({ org_name: "Visible" });
    const other = await h.boot();
    expect((await c.api.get(`${c.org}/`)).body.name).toBe("Visible");
    expect((await c.api.get("/api/organizations/@current")).body.id).toBe(c.orgId);
    expect((await c.api.get(`${other.org}/`)).body).toEqual({
      type: "invalid_request",
      code: "not_found",
      detail: "Not found.",
      attr: null,
    });
    expect((await c.api.get("/api/organizations/not-a-uuid/")).status).toBe(404);
  });

  it("answers Current organization not found. when the caller has no current organization", async () => {
    const c = await h.boot();
    await h.control().patchObject("user", c.userUuid, { current_organization_id: null });
    expect((await c.api.get("/api/organizations/@current/")).body.detail).toBe("Current organization not found.");
  });

  it("updates with PATCH and PUT, ignoring read-only and unknown fields", async () => {
    const c = await h.boot({ org_name: "Before" });
    const patched = await c.api.patch(`${c.org}/`, { is_member_join_email_enabled: false, slug: "hack", unknown: 1 });
    expect(patched.body).toMatchObject({ name: "Before", slug: "before", is_member_join_email_enabled: false });
    const put = await c.api.put(`${c.org}/`, { name: "After" });
    expect(put.body.name).toBe("After");
    expect((await c.api.put(`${c.org}/`, {})).body).toMatchObject({ code: "required", attr: "name" });
  });

  it("lets only admins update and only owners delete", async () => {
    const owner = await h.boot();
    const member = await h.member(owner.orgId, 1);
    const admin = await h.member(owner.orgId, 8);
    expect((await member.api.patch(`${owner.org}/`, { name: "x" })).body).toEqual(
      denied("Your organization access level is insufficient."),
    );
    expect((await admin.api.patch(`${owner.org}/`, { name: "Renamed" })).status).toBe(200);
    expect((await admin.api.delete(`${owner.org}/`)).body).toEqual(
      denied("Your organization access level is insufficient."),
    );
    expect((await owner.api.delete(`${owner.org}/`)).status).toBe(204);
    expect((await owner.api.get(`${owner.org}/`)).status).toBe(404);
    expect(h.emulator().store.state.projects.filter((p) => p.organization_id === owner.orgId)).toHaveLength(0);
  });

  it("sets the default role to a role of the organization only", async () => {
    const c = await h.boot();
    const role = (await c.api.post(`${c.org}/roles/`, { name: "Default" })).body;
    expect((await c.api.patch(`${c.org}/`, { default_role_id: role.id })).body.default_role_id).toBe(role.id);
    expect((await c.api.get(`${c.org}/roles/${role.id}/`)).body.is_default).toBe(true);
    const bad = await c.api.patch(`${c.org}/`, { default_role_id: "00000000-0000-0000-0000-000000000000" });
    expect(bad.body).toMatchObject({ detail: "Role does not exist.", attr: "default_role_id" });
  });

  it("refuses deleting while bulk deletes are disabled", async () => {
    const c = await h.boot();
    await h.control().settings({ bulk_deletes_disabled: true });
    expect((await c.api.delete(`${c.org}/`)).body).toEqual({
      type: "validation_error",
      code: "invalid_input",
      detail: "Organization deletion is temporarily disabled during database migration. Please try again later.",
      attr: null,
    });
  });
});
