import { emulatorHarness, invalid } from "./harness";

const h = emulatorHarness();

describe("invites", () => {
  it("creates an invite with defaults and lowercases the email's domain", async () => {
    const c = await h.boot();
    const res = await c.api.post(`${c.org}/invites/`, { target_email: "Ada@Example.COM" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      target_email: "Ada@example.com",
      level: 1,
      first_name: "",
      is_expired: false,
      emailing_attempt_made: true,
      message: null,
    });
    expect(res.body.created_by.uuid).toBe(c.userUuid);
    expect(res.body).not.toHaveProperty("send_email");
  });

  it("replaces every earlier invite for the same email with a new id", async () => {
    const c = await h.boot();
    const first = (await c.api.post(`${c.org}/invites/`, { target_email: "a@example.com", level: 8 })).body;
    await h.control().advanceClock(4 * 24 * 3600);
    const second = (await c.api.post(`${c.org}/invites/`, { target_email: "a@example.com" })).body;
    expect(second.id).not.toBe(first.id);
    const list = (await c.api.get(`${c.org}/invites/`)).body;
    expect(list.results.map((i: { id: string }) => i.id)).toEqual([second.id]);
    expect(second.level).toBe(1);
  });

  it("merges pending invites when asked to combine them", async () => {
    const c = await h.boot();
    await c.api.post(`${c.org}/invites/`, {
      target_email: "a@example.com",
      level: 8,
      private_project_access: [{ id: c.projectId, level: 1 }],
    });
    const merged = (
      await c.api.post(`${c.org}/invites/`, { target_email: "a@example.com", level: 1, combine_pending_invites: true })
    ).body;
    expect(merged.level).toBe(8);
    expect(merged.private_project_access).toEqual([{ id: c.projectId, level: 1 }]);
  });

  it("lists newest first and marks invites older than three days as expired", async () => {
    const c = await h.boot();
    await c.api.post(`${c.org}/invites/`, { target_email: "old@example.com" });
    await h.control().advanceClock(2 * 24 * 3600);
    await c.api.post(`${c.org}/invites/`, { target_email: "new@example.com" });
    await h.control().advanceClock(1 * 24 * 3600 + 60);
    const list = (await c.api.get(`${c.org}/invites/`)).body.results;
    expect(list.map((i: { target_email: string; is_expired: boolean }) => [i.target_email, i.is_expired])).toEqual([
      ["new@example.com", false],
      ["old@example.com", true],
    ]);
  });

  it("validates email, level and name with DRF's messages", async () => {
    const c = await h.boot();
    expect((await c.api.post(`${c.org}/invites/`, {})).body).toEqual(
      invalid("This field is required.", "target_email", "required"),
    );
    expect((await c.api.post(`${c.org}/invites/`, { target_email: "not-an-email" })).body).toEqual(
      invalid("Enter a valid email address.", "target_email"),
    );
    expect((await c.api.post(`${c.org}/invites/`, { target_email: "a@example.com", level: 3 })).body).toEqual(
      invalid('"3" is not a valid choice.', "level", "invalid_choice"),
    );
    expect(
      (await c.api.post(`${c.org}/invites/`, { target_email: "a@example.com", first_name: "x".repeat(31) })).body,
    ).toEqual(invalid("Ensure this field has no more than 30 characters.", "first_name", "max_length"));
  });

  it("refuses inviting above the inviter's own level", async () => {
    const owner = await h.boot();
    const admin = await h.member(owner.orgId, 8);
    const res = await admin.api.post(`${owner.org}/invites/`, { target_email: "boss@example.com", level: 15 });
    expect(res.status).toBe(403);
    expect(res.body.detail).toBe("You cannot invite a user with a higher permission level than your own.");
  });

  it("refuses inviting an existing member", async () => {
    const owner = await h.boot();
    const m = await h.member(owner.orgId, 1);
    expect((await owner.api.post(`${owner.org}/invites/`, { target_email: m.email })).body).toEqual(
      invalid("A user with this email address already belongs to the organization."),
    );
  });

  it("validates private project access entries", async () => {
    const c = await h.boot();
    const other = await h.boot();
    const post = (access: unknown) =>
      c.api.post(`${c.org}/invites/`, { target_email: "p@example.com", private_project_access: access });
    expect((await post([{ id: c.projectId }])).body).toEqual(
      invalid('Each dictionary must contain "id" and "level" keys.', "private_project_access"),
    );
    expect((await post([{ id: other.projectId, level: 1 }])).body).toEqual(
      invalid(
        "Project does not exist on this organization, or it is private and you do not have access to it.",
        "private_project_access",
      ),
    );
    expect((await post([{ id: c.projectId, level: 8 }])).status).toBe(201);
  });

  it("refuses a private-project level above the inviter's own", async () => {
    const owner = await h.boot();
    await h.control().patchObject("project", owner.projectId, { settings: { access_control: true } });
    const m = await h.member(owner.orgId, 1);
    await h
      .control()
      .patchObject("member", m.userUuid, { explicit_project_access: [{ id: owner.projectId, level: 1 }] }, owner.orgId);
    const res = await m.api.post(`${owner.org}/invites/`, {
      target_email: "p@example.com",
      private_project_access: [{ id: owner.projectId, level: 8 }],
    });
    expect(res.body).toEqual(
      invalid("You cannot invite to a private project with a higher level than your own.", "private_project_access"),
    );
  });

  it("lets only admins invite when the caller's current organization turns member invites off", async () => {
    const owner = await h.boot();
    const m = await h.member(owner.orgId, 1);
    await owner.api.patch(`${owner.org}/`, { members_can_invite: false });
    expect((await m.api.post(`${owner.org}/invites/`, { target_email: "x@example.com" })).status).toBe(403);
    expect((await owner.api.post(`${owner.org}/invites/`, { target_email: "x@example.com" })).status).toBe(201);
  });

  it("deletes an invite and answers 404 for unknown ones", async () => {
    const c = await h.boot();
    const inv = (await c.api.post(`${c.org}/invites/`, { target_email: "d@example.com" })).body;
    expect((await c.api.delete(`${c.org}/invites/${inv.id}/`)).status).toBe(204);
    expect((await c.api.delete(`${c.org}/invites/${inv.id}/`)).status).toBe(404);
  });

  it("has no retrieve and no update", async () => {
    const c = await h.boot();
    const inv = (await c.api.post(`${c.org}/invites/`, { target_email: "d@example.com" })).body;
    expect((await c.api.get(`${c.org}/invites/${inv.id}/`)).status).toBe(405);
    expect((await c.api.patch(`${c.org}/invites/${inv.id}/`, { level: 8 })).status).toBe(405);
  });
});

describe("bulk invites", () => {
  it("creates up to 20 invites and answers 201 with the array", async () => {
    const c = await h.boot();
    const res = await c.api.post(`${c.org}/invites/bulk/`, [
      { target_email: "a@example.com" },
      { target_email: "b@example.com", level: 8 },
    ]);
    expect(res.status).toBe(201);
    expect(res.body.map((i: { target_email: string }) => i.target_email)).toEqual(["a@example.com", "b@example.com"]);
  });

  it("needs an array", async () => {
    const c = await h.boot();
    expect((await c.api.post(`${c.org}/invites/bulk/`, { target_email: "a@example.com" })).body).toEqual(
      invalid("This endpoint needs an array of data for bulk invite creation."),
    );
  });

  it("refuses more than 20 invites with code max_length", async () => {
    const c = await h.boot();
    const items = Array.from({ length: 21 }, (_, i) => ({ target_email: `u${i}@example.com` }));
    expect((await c.api.post(`${c.org}/invites/bulk/`, items)).body).toEqual(
      invalid("A maximum of 20 invites can be sent in a single request.", null, "max_length"),
    );
  });

  it("validates every item before creating any", async () => {
    const c = await h.boot();
    const res = await c.api.post(`${c.org}/invites/bulk/`, [
      { target_email: "bad" },
      { target_email: "ok@example.com" },
    ]);
    expect(res.status).toBe(400);
    // exceptions_hog renders the list's first entry with str(): the codes as code, the details as detail.
    expect(res.body).toEqual({
      type: "validation_error",
      code: "{'target_email': ['invalid']}",
      detail: "{'target_email': [ErrorDetail(string='Enter a valid email address.', code='invalid')]}",
      attr: null,
    });
    expect((await c.api.get(`${c.org}/invites/`)).body.count).toBe(0);
  });

  it("reports a valid first item as {} even when a later one fails", async () => {
    const c = await h.boot();
    const res = await c.api.post(`${c.org}/invites/bulk/`, [
      { target_email: "ok@example.com" },
      { target_email: "bad" },
    ]);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ type: "validation_error", code: "{}", detail: "{}", attr: null });
    expect((await c.api.get(`${c.org}/invites/`)).body.count).toBe(0);
  });

  it("renders required, non-object and null items as DRF's per-item errors", async () => {
    const c = await h.boot();
    const first = async (item: unknown) => (await c.api.post(`${c.org}/invites/bulk/`, [item])).body;
    expect(await first({})).toEqual({
      type: "validation_error",
      code: "{'target_email': ['required']}",
      detail: "{'target_email': [ErrorDetail(string='This field is required.', code='required')]}",
      attr: null,
    });
    expect(await first("a@example.com")).toEqual({
      type: "validation_error",
      code: "{'non_field_errors': ['invalid']}",
      detail:
        "{'non_field_errors': [ErrorDetail(string='Invalid data. Expected a dictionary, but got str.', code='invalid')]}",
      attr: null,
    });
    // A null item fails the child serializer's own null check: a bare list, not a field dict.
    expect(await first(null)).toEqual({
      type: "validation_error",
      code: "['null']",
      detail: "[ErrorDetail(string='This field may not be null.', code='null')]",
      attr: null,
    });
  });
});

describe("invite acceptance", () => {
  it("creates the user and membership, adds the default role and deletes that email's invites", async () => {
    const c = await h.boot();
    const role = (await c.api.post(`${c.org}/roles/`, { name: "Newcomers" })).body;
    await c.api.patch(`${c.org}/`, { default_role_id: role.id });
    const inv = (await c.api.post(`${c.org}/invites/`, { target_email: "joiner@example.com", level: 8 })).body;
    const accepted = await h.control().acceptInvite(inv.id, { first_name: "Jo" });
    const members = (await c.api.get(`${c.org}/members/?email=joiner@example.com`)).body.results;
    expect(members[0]).toMatchObject({ level: 8, user: { uuid: accepted.user.uuid, first_name: "Jo" } });
    expect((await c.api.get(`${c.org}/invites/`)).body.count).toBe(0);
    expect((await c.api.get(`${c.org}/roles/${role.id}/`)).body.members[0].user.uuid).toBe(accepted.user.uuid);
  });

  it("refuses an expired invite with the signup endpoint's message", async () => {
    const c = await h.boot();
    const inv = (await c.api.post(`${c.org}/invites/`, { target_email: "late@example.com" })).body;
    await h.control().advanceClock(3 * 24 * 3600 + 1);
    await expect(h.control().acceptInvite(inv.id)).rejects.toThrow(
      "This invite has expired. Please ask your admin for a new one.",
    );
  });

  it("refuses accepting into an organization the user already belongs to", async () => {
    const c = await h.boot();
    const other = await h.boot();
    const inv = (await other.api.post(`${other.org}/invites/`, { target_email: c.email })).body;
    await h.control().addMembership({ organization_id: other.orgId, user_uuid: c.userUuid, level: 1 });
    await expect(h.control().acceptInvite(inv.id)).rejects.toThrow("You already are a member of this organization.");
  });
});
