import { emulatorHarness } from "./harness";
import { validateUpdate } from "../routes/members";

const h = emulatorHarness();

const denied = (detail: string) => ({ type: "authentication_error", code: "permission_denied", detail, attr: null });

describe("members", () => {
  it("lists active members newest first and filters by exact email", async () => {
    const owner = await h.boot();
    await h.control().advanceClock(1);
    const m = await h.member(owner.orgId, 1);
    const all = await owner.api.get(`${owner.org}/members/`);
    expect(all.body.results.map((x: { user: { email: string } }) => x.user.email)).toEqual([m.email, owner.email]);
    const one = await owner.api.get(`${owner.org}/members/?email=${encodeURIComponent(m.email)}`);
    expect(one.body.count).toBe(1);
    expect(one.body.results[0]).toMatchObject({ level: 1, user: { uuid: m.userUuid } });
    await h.control().patchObject("user", m.userUuid, { is_active: false });
    expect((await owner.api.get(`${owner.org}/members/`)).body.count).toBe(1);
  });

  it("refuses a search longer than 200 characters", async () => {
    const c = await h.boot();
    expect((await c.api.get(`${c.org}/members/?search=${"x".repeat(201)}`)).body).toMatchObject({
      attr: "search",
      type: "validation_error",
    });
  });

  it("has no retrieve: GET on a member answers 405", async () => {
    const c = await h.boot();
    const res = await c.api.get(`${c.org}/members/${c.userUuid}/`);
    expect(res.status).toBe(405);
    expect(res.body.detail).toBe('Method "GET" not allowed.');
  });

  it("has no create: POST on the member list answers 405", async () => {
    const c = await h.boot();
    expect((await c.api.post(`${c.org}/members/`, { user_uuid: c.userUuid })).status).toBe(405);
  });

  it("changes a level by user uuid", async () => {
    const owner = await h.boot();
    const m = await h.member(owner.orgId, 1);
    const res = await owner.api.patch(`${owner.org}/members/${m.userUuid}/`, { level: 8 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ level: 8, user: { uuid: m.userUuid } });
  });

  it("refuses changing your own level", async () => {
    const c = await h.boot();
    expect((await c.api.patch(`${c.org}/members/@me/`, { level: 8 })).body).toEqual(
      denied("You can't change your own access level."),
    );
  });

  it("lets only owners grant owner", async () => {
    const owner = await h.boot();
    const admin = await h.member(owner.orgId, 8);
    const m = await h.member(owner.orgId, 1);
    expect((await admin.api.patch(`${owner.org}/members/${m.userUuid}/`, { level: 15 })).body).toEqual(
      denied("You can only make another member owner if you're this organization's owner."),
    );
    expect((await owner.api.patch(`${owner.org}/members/${m.userUuid}/`, { level: 15 })).body.level).toBe(15);
  });

  it("refuses raising others above your own level", async () => {
    const owner = await h.boot();
    const admin = await h.member(owner.orgId, 8);
    const m = await h.member(owner.orgId, 1);
    // A level between admin and owner is only reachable through the raw value validate_update sees.
    expect((await admin.api.patch(`${owner.org}/members/${m.userUuid}/`, { level: 9 })).body).toEqual(
      denied("You can only change access level of others to lower or equal to your current one."),
    );
  });

  it("refuses members editing others", async () => {
    const owner = await h.boot();
    const a = await h.member(owner.orgId, 1);
    const b = await h.member(owner.orgId, 1);
    expect((await a.api.patch(`${owner.org}/members/${b.userUuid}/`, {})).body).toEqual(
      denied("You can only edit others if you are an admin."),
    );
    expect((await a.api.delete(`${owner.org}/members/${b.userUuid}/`)).body).toEqual(
      denied("You can only edit others if you are an admin."),
    );
  });

  it("refuses admins editing members above them", async () => {
    const owner = await h.boot();
    const admin = await h.member(owner.orgId, 8);
    expect((await admin.api.patch(`${owner.org}/members/${owner.userUuid}/`, { level: 8 })).body).toEqual(
      denied("You can only edit others with level lower or equal to you."),
    );
  });

  it("validates the level after the permission rules, with invalid_choice", async () => {
    const owner = await h.boot();
    const m = await h.member(owner.orgId, 1);
    expect((await owner.api.patch(`${owner.org}/members/${m.userUuid}/`, { level: 5 })).body).toEqual({
      type: "validation_error",
      code: "invalid_choice",
      detail: '"5" is not a valid choice.',
      attr: "level",
    });
  });

  it("never removes an owner, even when another owner asks", async () => {
    const owner = await h.boot();
    const second = await h.member(owner.orgId, 15);
    const res = await second.api.delete(`${owner.org}/members/${owner.userUuid}/`);
    expect(res.body).toEqual({
      type: "validation_error",
      code: "invalid_input",
      detail: "Cannot leave the organization as its owner!",
      attr: null,
    });
    expect((await owner.api.delete(`${owner.org}/members/@me/`)).status).toBe(400);
  });

  it("removes a member (and their role memberships) and lets members leave on their own", async () => {
    const owner = await h.boot();
    const m = await h.member(owner.orgId, 1);
    const role = (await owner.api.post(`${owner.org}/roles/`, { name: "R" })).body;
    await owner.api.post(`${owner.org}/roles/${role.id}/role_memberships/`, { user_uuid: m.userUuid });
    expect((await owner.api.delete(`${owner.org}/members/${m.userUuid}/`)).status).toBe(204);
    expect((await owner.api.get(`${owner.org}/roles/${role.id}/role_memberships/`)).body.count).toBe(0);
    const leaver = await h.member(owner.orgId, 1);
    expect((await leaver.api.delete(`${owner.org}/members/@me/`)).status).toBe(204);
    expect((await owner.api.delete(`${owner.org}/members/${leaver.userUuid}/`)).status).toBe(404);
  });

  it("answers 404 for unknown or malformed member uuids", async () => {
    const c = await h.boot();
    expect((await c.api.patch(`${c.org}/members/00000000-0000-0000-0000-000000000000/`, { level: 1 })).status).toBe(
      404,
    );
    expect((await c.api.patch(`${c.org}/members/nope/`, { level: 1 })).status).toBe(404);
  });

  it("refuses edits across organizations (only reachable below the API, which filters by organization)", () => {
    const at = (id: string, organization_id: string, level: 1 | 8 | 15) => ({
      id,
      organization_id,
      user_uuid: id,
      level,
      joined_at: "",
      updated_at: "",
    });
    expect(() => validateUpdate(at("a", "org-1", 15), at("b", "org-2", 1), null)).toThrow(
      "You both need to belong to the same organization.",
    );
  });
});
