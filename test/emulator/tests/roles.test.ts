import { emulatorHarness, invalid } from "./harness";

const h = emulatorHarness();

describe("roles", () => {
  it("creates, retrieves, lists, renames and deletes a role", async () => {
    const c = await h.boot();
    const created = await c.api.post(`${c.org}/roles/`, { name: "Engineers", members: ["ignored"], is_default: true });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Engineers", members: [], is_default: false, created_by: null });
    const id = created.body.id;
    expect((await c.api.get(`${c.org}/roles/${id}/`)).body.name).toBe("Engineers");
    expect((await c.api.get(`${c.org}/roles/`)).body.count).toBe(1);
    expect((await c.api.patch(`${c.org}/roles/${id}/`, { name: "Engineering" })).body.name).toBe("Engineering");
    expect((await c.api.put(`${c.org}/roles/${id}/`, { name: "Eng" })).body.name).toBe("Eng");
    expect((await c.api.delete(`${c.org}/roles/${id}/`)).status).toBe(204);
    expect((await c.api.get(`${c.org}/roles/${id}/`)).status).toBe(404);
  });

  it("keeps names unique per organization, case-insensitively", async () => {
    const c = await h.boot();
    const a = (await c.api.post(`${c.org}/roles/`, { name: "Design" })).body;
    expect((await c.api.post(`${c.org}/roles/`, { name: "design" })).body).toEqual(
      invalid("There is already a role with this name.", "name", "unique"),
    );
    const b = (await c.api.post(`${c.org}/roles/`, { name: "Other" })).body;
    expect((await c.api.patch(`${c.org}/roles/${b.id}/`, { name: "DESIGN" })).body.code).toBe("unique");
    expect((await c.api.patch(`${c.org}/roles/${a.id}/`, { name: "DESIGN" })).status).toBe(200);
    const other = await h.boot();
    expect((await other.api.post(`${other.org}/roles/`, { name: "Design" })).status).toBe(201);
  });

  it("requires a name of at most 200 characters", async () => {
    const c = await h.boot();
    expect((await c.api.post(`${c.org}/roles/`, {})).body).toEqual(
      invalid("This field is required.", "name", "required"),
    );
    expect((await c.api.post(`${c.org}/roles/`, { name: "x".repeat(201) })).body).toEqual(
      invalid("Ensure this field has no more than 200 characters.", "name", "max_length"),
    );
    expect((await c.api.post(`${c.org}/roles/`, { name: ["x"] })).body).toEqual(invalid("Not a valid string.", "name"));
    const r = (await c.api.post(`${c.org}/roles/`, { name: "x" })).body;
    expect((await c.api.put(`${c.org}/roles/${r.id}/`, {})).body.code).toBe("required");
  });

  it("hides roles of other organizations and malformed ids as 404", async () => {
    const a = await h.boot();
    const b = await h.boot();
    const role = (await a.api.post(`${a.org}/roles/`, { name: "A" })).body;
    expect((await b.api.get(`${b.org}/roles/${role.id}/`)).status).toBe(404);
    expect((await a.api.get(`${a.org}/roles/not-a-uuid/`)).status).toBe(404);
  });

  it("clears the organization's default role when the role is deleted", async () => {
    const c = await h.boot();
    const role = (await c.api.post(`${c.org}/roles/`, { name: "Default" })).body;
    await c.api.patch(`${c.org}/`, { default_role_id: role.id });
    await c.api.delete(`${c.org}/roles/${role.id}/`);
    expect((await c.api.get(`${c.org}/`)).body.default_role_id).toBeNull();
  });
});

describe("role memberships", () => {
  it("adds a member to a role by user uuid, lists, retrieves and removes it", async () => {
    const owner = await h.boot();
    const m = await h.member(owner.orgId, 1);
    const role = (await owner.api.post(`${owner.org}/roles/`, { name: "R" })).body;
    const base = `${owner.org}/roles/${role.id}/role_memberships/`;
    const rm = await owner.api.post(base, { user_uuid: m.userUuid });
    expect(rm.status).toBe(201);
    expect(rm.body).toMatchObject({ role_id: role.id, user: { uuid: m.userUuid }, organization_member: { level: 1 } });
    expect(rm.body).not.toHaveProperty("user_uuid");
    expect((await owner.api.get(base)).body.results[0].id).toBe(rm.body.id);
    expect((await owner.api.get(`${base}${rm.body.id}/`)).body.id).toBe(rm.body.id);
    expect((await owner.api.get(`${owner.org}/roles/${role.id}/`)).body.members).toHaveLength(1);
    expect((await owner.api.delete(`${base}${rm.body.id}/`)).status).toBe(204);
    expect((await owner.api.get(`${base}${rm.body.id}/`)).status).toBe(404);
  });

  it("reports the create errors PostHog reports", async () => {
    const owner = await h.boot();
    const stranger = await h.boot();
    const role = (await owner.api.post(`${owner.org}/roles/`, { name: "R" })).body;
    const base = `${owner.org}/roles/${role.id}/role_memberships/`;
    expect((await owner.api.post(base, {})).body).toEqual(invalid("This field is required.", "user_uuid", "required"));
    expect((await owner.api.post(base, { user_uuid: "nope" })).body).toEqual(
      invalid("Must be a valid UUID.", "user_uuid"),
    );
    expect((await owner.api.post(base, { user_uuid: stranger.userUuid })).body).toEqual(
      invalid("User does not exist."),
    );
    await owner.api.post(base, { user_uuid: owner.userUuid });
    expect((await owner.api.post(base, { user_uuid: owner.userUuid })).body).toEqual(
      invalid("User is already part of the role."),
    );
    const foreign = (await stranger.api.post(`${stranger.org}/roles/`, { name: "S" })).body;
    expect(
      (await owner.api.post(`${owner.org}/roles/${foreign.id}/role_memberships/`, { user_uuid: owner.userUuid })).body,
    ).toEqual(invalid("Role does not exist."));
  });

  it("has no update", async () => {
    const c = await h.boot();
    const role = (await c.api.post(`${c.org}/roles/`, { name: "R" })).body;
    const rm = (await c.api.post(`${c.org}/roles/${role.id}/role_memberships/`, { user_uuid: c.userUuid })).body;
    expect((await c.api.patch(`${c.org}/roles/${role.id}/role_memberships/${rm.id}/`, {})).status).toBe(405);
  });

  it("lets members read but only admins write", async () => {
    const owner = await h.boot();
    const m = await h.member(owner.orgId, 1);
    const role = (await owner.api.post(`${owner.org}/roles/`, { name: "R" })).body;
    const base = `${owner.org}/roles/${role.id}/role_memberships/`;
    expect((await m.api.get(base)).status).toBe(200);
    expect((await m.api.post(base, { user_uuid: m.userUuid })).body.detail).toBe(
      "Your organization access level is insufficient.",
    );
  });
});
