import { emulatorHarness, invalid } from "./harness";

const h = emulatorHarness();

const denied = (detail: string) => ({ type: "authentication_error", code: "permission_denied", detail, attr: null });
const PLAN_LIMIT =
  "You have reached the maximum limit of allowed projects for your current plan. Upgrade your plan to be able to create and manage more projects.";

describe("projects", () => {
  it("lists projects with the basic serializer and filters by search", async () => {
    const c = await h.boot();
    await c.api.post(`${c.org}/projects/`, { name: "Marketing site" });
    const all = await c.api.get(`${c.org}/projects/`);
    expect(all.body.count).toBe(2);
    expect(Object.keys(all.body.results[0]).sort()).toEqual(
      [
        "access_control",
        "api_token",
        "completed_snippet_onboarding",
        "has_completed_onboarding_for",
        "id",
        "ingested_event",
        "is_demo",
        "name",
        "organization",
        "timezone",
        "uuid",
      ].sort(),
    );
    expect(
      (await c.api.get(`${c.org}/projects/?search=market`)).body.results.map((p: { name: string }) => p.name),
    ).toEqual(["Marketing site"]);
  });

  it("creates a project with a phc_ token, default names and a switched current project", async () => {
    const c = await h.boot();
    const res = await c.api.post(`${c.org}/projects/`, { timezone: "Europe/Berlin", api_token: "ignored" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: "Default project 2",
      timezone: "Europe/Berlin",
      organization: c.orgId,
      is_pending_deletion: false,
    });
    expect(res.body.project_id).toBe(res.body.id);
    expect(res.body.api_token).toMatch(/^phc_[A-Za-z0-9]{43}$/);
    expect((await c.api.post(`${c.org}/projects/`, { name: "" })).body.name).toBe("Default project 3");
    expect((await c.api.get(`${c.org}/projects/@current/`)).body.name).toBe("Default project 3");
  });

  it("allows one project without the organizations_projects feature", async () => {
    const c = await h.boot();
    await h.control().settings({ features: [] });
    expect((await c.api.post(`${c.org}/projects/`, { name: "Second" })).body).toEqual(denied(PLAN_LIMIT));
  });

  it("applies the quota to PUT but not to PATCH", async () => {
    const c = await h.boot();
    await h.control().settings({ project_quota: 1 });
    const path = `${c.org}/projects/${c.projectId}/`;
    expect((await c.api.put(path, { name: "Renamed" })).body).toEqual(denied(PLAN_LIMIT));
    expect((await c.api.patch(path, { name: "Renamed" })).body.name).toBe("Renamed");
  });

  it("caps unlimited plans at 1500 projects", async () => {
    const c = await h.boot();
    await h.control().settings({ project_quota: null });
    const store = h.emulator().store;
    const org = store.organization(c.orgId)!;
    for (let i = 0; i < 1499; i++) store.createProject(org, `p${i}`, {});
    expect((await c.api.post(`${c.org}/projects/`, { name: "one too many" })).body).toEqual(
      denied(
        "You have reached the maximum limit of 1500 projects per organization. Contact support if you'd like access to more projects.",
      ),
    );
  });

  it("lets members create projects only when the organization allows it", async () => {
    const owner = await h.boot();
    const m = await h.member(owner.orgId, 1);
    expect((await m.api.post(`${owner.org}/projects/`, { name: "x" })).body).toEqual(
      denied("You need to be an organization admin or above to create new projects."),
    );
    await owner.api.patch(`${owner.org}/`, { members_can_create_projects: true });
    expect((await m.api.post(`${owner.org}/projects/`, { name: "x" })).status).toBe(201);
  });

  it("validates fields with DRF's messages and ignores read-only ones", async () => {
    const c = await h.boot();
    const path = `${c.org}/projects/${c.projectId}/`;
    expect((await c.api.patch(path, { name: "x".repeat(201) })).body).toEqual(
      invalid("Ensure this field has no more than 200 characters.", "name", "max_length"),
    );
    expect((await c.api.patch(path, { timezone: "Mars/Base" })).body).toEqual(
      invalid('"Mars/Base" is not a valid choice.', "timezone", "invalid_choice"),
    );
    expect((await c.api.patch(path, { session_recording_minimum_duration_milliseconds: "soon" })).body).toEqual(
      invalid("A valid integer is required.", "session_recording_minimum_duration_milliseconds"),
    );
    expect((await c.api.patch(path, { session_recording_minimum_duration_milliseconds: 30001 })).body.code).toBe(
      "max_value",
    );
    expect((await c.api.patch(path, { week_start_day: 3 })).body).toEqual(
      invalid('"3" is not a valid choice.', "week_start_day", "invalid_choice"),
    );
    expect((await c.api.patch(path, { app_urls: "https://x" })).body).toEqual(
      invalid('Expected a list of items but got type "str".', "app_urls", "not_a_list"),
    );
    expect((await c.api.patch(path, { product_description: "x".repeat(1001) })).body.code).toBe("max_length");
    const ok = await c.api.patch(path, { api_token: "phc_mine", id: 999, session_recording_sample_rate: 0.5 });
    expect(ok.body).toMatchObject({ id: c.projectId, session_recording_sample_rate: "0.50" });
    expect(ok.body.api_token).not.toBe("phc_mine");
  });

  it("merges session_replay_config on PATCH instead of replacing it", async () => {
    const c = await h.boot();
    const path = `${c.org}/projects/${c.projectId}/`;
    await c.api.patch(path, { session_replay_config: { record_canvas: true } });
    const res = await c.api.patch(path, { session_replay_config: { ai_config: null } });
    expect(res.body.session_replay_config).toEqual({ record_canvas: true, ai_config: null });
  });

  it("answers 400 with the ValueError text for a non-integer id and 404 for other organizations", async () => {
    const c = await h.boot();
    const other = await h.boot();
    expect((await c.api.get(`${c.org}/projects/abc/`)).body).toEqual(
      invalid("invalid literal for int() with base 10: 'abc'"),
    );
    expect((await c.api.get(`${c.org}/projects/${other.projectId}/`)).status).toBe(404);
  });

  it("deletes asynchronously and refuses a second delete", async () => {
    const c = await h.boot();
    const p = (await c.api.post(`${c.org}/projects/`, { name: "Temp" })).body;
    expect((await c.api.delete(`${c.org}/projects/${p.id}/`)).status).toBe(204);
    expect((await c.api.get(`${c.org}/projects/${p.id}/`)).body.is_pending_deletion).toBe(true);
    expect((await c.api.delete(`${c.org}/projects/${p.id}/`)).body).toEqual(
      invalid("This project is already being deleted."),
    );
  });

  it("refuses deleting the last project of a subscribed organization", async () => {
    const c = await h.boot();
    await h.control().patchObject("organization", c.orgId, { customer_id: "cus_123" });
    expect((await c.api.delete(`${c.org}/projects/${c.projectId}/`)).body).toEqual(
      invalid(
        "Cannot delete the last project in an organization with an active subscription. Please cancel your subscription first in the billing page.",
      ),
    );
  });

  it("lets only admins delete a project or reset its token", async () => {
    const owner = await h.boot();
    const m = await h.member(owner.orgId, 1);
    expect((await m.api.delete(`${owner.org}/projects/${owner.projectId}/`)).status).toBe(403);
    expect((await m.api.patch(`${owner.org}/projects/${owner.projectId}/reset_token/`)).status).toBe(403);
    expect((await m.api.patch(`${owner.org}/projects/${owner.projectId}/`, { name: "ok" })).status).toBe(200);
  });

  it("resets the project token", async () => {
    const c = await h.boot();
    const before = (await c.api.get(`${c.org}/projects/${c.projectId}/`)).body.api_token;
    const res = await c.api.patch(`${c.org}/projects/${c.projectId}/reset_token/`);
    expect(res.status).toBe(200);
    expect(res.body.api_token).toMatch(/^phc_/);
    expect(res.body.api_token).not.toBe(before);
  });

  it("registers a product intent with 201", async () => {
    const c = await h.boot();
    const res = await c.api.patch(`${c.org}/projects/${c.projectId}/add_product_intent/`, { product_type: "surveys" });
    expect(res.status).toBe(201);
    expect(res.body.product_intents.map((i: { product_type: string }) => i.product_type)).toEqual(["surveys"]);
    expect((await c.api.patch(`${c.org}/projects/${c.projectId}/add_product_intent/`, {})).body).toMatchObject({
      code: "required",
      attr: "product_type",
    });
  });

  it("completes product onboarding with raw error bodies", async () => {
    const c = await h.boot();
    const path = `${c.org}/projects/${c.projectId}/complete_product_onboarding/`;
    expect((await c.api.patch(path, {})).body).toEqual({ error: "product_type is required" });
    const bad = await c.api.patch(path, { product_type: "teleportation" });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^invalid product_type, expected one of \['product_analytics', /);
    const ok = await c.api.patch(path, { product_type: "session_replay" });
    expect(ok.body.has_completed_onboarding_for).toEqual({ session_replay: true });
  });

  it("reports whether demo data is being generated and serves the activity log", async () => {
    const c = await h.boot();
    expect((await c.api.get(`${c.org}/projects/${c.projectId}/is_generating_demo_data/`)).body).toEqual({
      is_generating_demo_data: false,
    });
    await c.api.patch(`${c.org}/projects/${c.projectId}/`, { name: "Renamed" });
    const activity = await c.api.get(`${c.org}/projects/${c.projectId}/activity/`);
    expect(activity.body).toMatchObject({ total_count: 1, next: null, previous: null });
    expect(activity.body.results[0]).toMatchObject({ activity: "updated", item_id: String(c.projectId) });
  });

  it("refuses deleting while bulk deletes are disabled", async () => {
    const c = await h.boot();
    const p = (await c.api.post(`${c.org}/projects/`, { name: "Temp" })).body;
    await h.control().settings({ bulk_deletes_disabled: true });
    expect((await c.api.delete(`${c.org}/projects/${p.id}/`)).body).toEqual(
      invalid("Project deletion is temporarily disabled during database migration. Please try again later."),
    );
  });
});
