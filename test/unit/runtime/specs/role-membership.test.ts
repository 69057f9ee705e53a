import type { RoleMembership as WireRoleMembership } from "../../../../provider/client/role-memberships";
import { defineResource } from "../../../../provider/runtime/core/define-resource";
import { computeChanges } from "../../../../provider/runtime/core/diff";
import { UNKNOWN } from "../../../../provider/runtime/core/unknowns";
import { roleMembership } from "../../../../provider/runtime/specs/role-membership";
import * as h from "../helpers";

// The time diff rules are judged at (computeChanges takes it from the caller).
const NOW = Date.now();

const ROLE_ID = "0190b1a5-0c1e-7000-8000-0000000e0001";
const OTHER_ROLE = "0190b1a5-0c1e-7000-8000-0000000e0002";
const MEMBERSHIP_ID = "0190b1a5-0c1e-7000-8000-0000000e1001";
const STRANGER = "0190b1a5-0c1e-7000-8000-0000000bad01";
const OTHER_ORG = "0190b1a5-0c1e-7000-8000-00000000b002";

/** A role membership as PostHog returns it. */
const wireMembership = (roleId = ROLE_ID): WireRoleMembership => ({
  id: MEMBERSHIP_ID,
  role_id: roleId,
  user: h.wireUser(h.ADA, { distinct_id: "ada", first_name: "Ada", last_name: "Lovelace" }),
  organization_member: { id: "0190b1a5-0c1e-7000-8000-0000000c0001", level: 1 },
  joined_at: "2026-11-03T12:00:00Z",
  updated_at: "2026-11-03T12:00:00Z",
});

/** ORG's members (Ada only) and a role with no memberships yet. */
function api(existing: WireRoleMembership[] = []): h.FakeApi {
  return {
    members: {
      listAll: async () => [{ id: "m1", level: 1, user: { uuid: h.ADA.uuid, email: h.ADA.email, first_name: "Ada" } }],
    },
    roleMemberships: {
      create: async (_org: string, roleId: string) => wireMembership(roleId),
      listAll: async () => existing,
      retrieve: async () => wireMembership(),
      delete: async () => undefined,
    },
  };
}

/** The outputs PostHog reports for Ada's membership. */
const MEMBER_OUTPUTS = { memberUuid: h.ADA.uuid, memberEmail: h.ADA.email, joinedAt: "2026-11-03T12:00:00Z" };
/** The state of Ada's membership of the role, named by email (as create returns it) or by userUuid. */
const BY_EMAIL = {
  organizationId: h.ORG,
  roleId: ROLE_ID,
  email: h.ADA.email,
  ...MEMBER_OUTPUTS,
  adopted: false,
  ...h.STATE_FIELDS,
};
const BY_UUID = {
  organizationId: h.ORG,
  roleId: ROLE_ID,
  userUuid: h.ADA.uuid,
  ...MEMBER_OUTPUTS,
  adopted: false,
  ...h.STATE_FIELDS,
};

afterEach(h.resetFakeContext);

describe("role membership spec: check", () => {
  const rows: h.CheckRow[] = [
    ["accepts a member named by email", { roleId: ROLE_ID, email: h.ADA.email }, []],
    ["accepts a member named by userUuid", { roleId: ROLE_ID, userUuid: h.ADA.uuid }, []],
    ["accepts an email in another case than PostHog's", { roleId: ROLE_ID, email: "Ada@Example.COM" }, []],
    ["accepts a roleId that is unknown at preview", { roleId: UNKNOWN, email: h.ADA.email }, []],
    [
      "refuses both email and userUuid",
      { roleId: ROLE_ID, email: h.ADA.email, userUuid: h.ADA.uuid },
      [["email", /^Set exactly one of userUuid and email to name the member\.$/]],
    ],
    [
      "refuses neither email nor userUuid",
      { roleId: ROLE_ID },
      [["userUuid", /^Set exactly one of userUuid and email to name the member\.$/]],
    ],
    [
      "refuses a missing roleId",
      { email: h.ADA.email },
      [["roleId", /^roleId must be the id of a Role \(e\.g\. `role\.id`\)\.$/]],
    ],
    [
      "refuses a roleId that is not a UUID",
      { roleId: "engineering", email: h.ADA.email },
      [["roleId", /^roleId must be the id of a Role/]],
    ],
    [
      "refuses a userUuid that is not a UUID",
      { roleId: ROLE_ID, userUuid: "ada" },
      [["userUuid", /^userUuid must be a PostHog user UUID\.$/]],
    ],
    [
      "refuses an email that is not an address",
      { roleId: ROLE_ID, email: "ada" },
      [["email", /^email must be an email address\.$/]],
    ],
    [
      "refuses an organizationId that is not a UUID",
      { roleId: ROLE_ID, email: h.ADA.email, organizationId: "acme" },
      [["organizationId", /^organizationId must be the UUID of a PostHog organization/]],
    ],
    [
      "refuses a non-member while roleId is still unknown (a role created in the same program)",
      { roleId: UNKNOWN, email: "stranger@example.com" },
      [["email", /^stranger@example\.com is not a member of organization .*\. Invite them first/]],
    ],
    [
      "refuses an email of someone who is not a member",
      { roleId: ROLE_ID, email: "stranger@example.com" },
      [["email", /^stranger@example\.com is not a member of organization .*\. Invite them first \(posthog\.Invite\)/]],
    ],
    [
      "refuses a userUuid of someone who is not a member",
      { roleId: ROLE_ID, userUuid: STRANGER },
      [["userUuid", /is not a member of organization .* or check the userUuid\.$/]],
    ],
    [
      "refuses an unknown key",
      { roleId: ROLE_ID, email: h.ADA.email, role: "Engineering" },
      [["role", /^"role" is not an input of this resource\./]],
    ],
  ];
  it.each(rows)("%s", async (_name, inputs, failures) => {
    h.installFakeContext(api());
    const result = await defineResource(roleMembership).check({}, { __provider: h.PROVIDER, ...inputs });
    h.expectFailures(result.failures, failures);
  });

  it("sends nothing when the inputs alone show the problem", async () => {
    const fake = h.installFakeContext(api());
    await defineResource(roleMembership).check({}, { __provider: h.PROVIDER, roleId: ROLE_ID });
    expect(fake.calls).toEqual([]);
  });

  it("does not look the member up when adopting", async () => {
    const fake = h.installFakeContext(api());
    const result = await defineResource(roleMembership).check(
      {},
      { __provider: h.PROVIDER, roleId: ROLE_ID, email: "stranger@example.com", adopt: true },
    );
    expect(result.failures).toEqual([]);
    expect(fake.calls).toEqual(["users.me"]);
  });
});

describe("role membership spec: state", () => {
  /** Creates a membership of ROLE_ID in ORG with `fields` naming the member. */
  const createMembership = (fields: Record<string, unknown>) =>
    defineResource(roleMembership).create({
      __provider: h.PROVIDER,
      organizationId: h.ORG,
      roleId: ROLE_ID,
      ...fields,
    });

  it("keeps the program's form of the member, as PostHog spells it, plus the member's outputs", async () => {
    h.installFakeContext(api());
    const result = await createMembership({ email: "Ada@Example.COM" });
    expect(result).toEqual({ id: MEMBERSHIP_ID, outs: BY_EMAIL });
  });

  it("holds userUuid, not email, for a member named by userUuid", () => {
    expect(
      roleMembership.toState(wireMembership(), { organizationId: h.ORG, roleId: ROLE_ID, userUuid: h.ADA.uuid }),
    ).toEqual({ roleId: ROLE_ID, userUuid: h.ADA.uuid, ...MEMBER_OUTPUTS });
  });

  it("creates with the user UUID that the email resolves to", async () => {
    const create = jest.fn(async (_org: string, roleId: string, _body: { user_uuid: string }) =>
      wireMembership(roleId),
    );
    const fake = h.installFakeContext({ ...api(), roleMemberships: { ...api().roleMemberships, create } });
    await createMembership({ email: "ADA@example.com" });
    expect(create).toHaveBeenCalledWith(h.ORG, ROLE_ID, { user_uuid: h.ADA.uuid });
    expect(fake.calls).toEqual(["members.listAll", "roleMemberships.create"]);
  });

  it("adopts the member's existing membership instead of creating a second", async () => {
    const fake = h.installFakeContext(api([wireMembership()]));
    const result = await createMembership({ email: h.ADA.email, adopt: true });
    expect(result).toMatchObject({ id: MEMBERSHIP_ID, outs: { adopted: true } });
    expect(fake.calls).toEqual(["members.listAll", "roleMemberships.listAll"]);
  });
});

describe("role membership spec: diff", () => {
  /** The inputs BY_EMAIL was made from. */
  const NEWS = { organizationId: h.ORG, roleId: ROLE_ID, email: h.ADA.email };
  const rows: [string, Record<string, unknown>, Record<string, unknown>, h.Changes][] = [
    ["reports nothing when the inputs match the state", BY_EMAIL, NEWS, h.NO_CHANGES],
    ["compares emails case-insensitively", BY_EMAIL, { ...NEWS, email: "Ada@Example.COM" }, h.NO_CHANGES],
    ["replaces on another role", BY_EMAIL, { ...NEWS, roleId: OTHER_ROLE }, h.replacing("roleId")],
    ["replaces on another member's email", BY_EMAIL, { ...NEWS, email: "grace@example.com" }, h.replacing("email")],
    [
      "replaces on another member's userUuid",
      BY_UUID,
      { organizationId: h.ORG, roleId: ROLE_ID, userUuid: STRANGER },
      h.replacing("userUuid"),
    ],
    [
      "replaces in another organization",
      BY_EMAIL,
      { ...NEWS, organizationId: OTHER_ORG },
      h.replacing("organizationId"),
    ],
    // Regression: `adopt` only steers create, yet adding it to an existing membership replaced it
    // (deleted and recreated, since role memberships have no update).
    ["changes nothing when only adopt is added", BY_EMAIL, { ...NEWS, adopt: true }, h.NO_CHANGES],
    ["replaces when the role is unknown at preview", BY_EMAIL, { ...NEWS, roleId: UNKNOWN }, h.replacing("roleId")],
  ];
  it.each(rows)("%s", (_name, state, news, expected) => {
    expect(computeChanges(roleMembership, state, news, NOW)).toEqual(expected);
  });

  it("deletes the old membership before creating its replacement (one per role and user)", async () => {
    await expect(
      defineResource(roleMembership).diff(MEMBERSHIP_ID, BY_EMAIL, { ...NEWS, roleId: OTHER_ROLE }),
    ).resolves.toEqual({
      changes: true,
      replaces: ["roleId"],
      deleteBeforeReplace: true,
    });
  });

  it("has no update: deleteAdopted changes in place, anything else replaces", async () => {
    const handlers = defineResource(roleMembership);
    const policy = await handlers.diff(MEMBERSHIP_ID, BY_EMAIL, { ...BY_EMAIL, deleteAdopted: true });
    expect(policy).toMatchObject({ changes: true, replaces: [] });
    const other = await handlers.diff(MEMBERSHIP_ID, BY_EMAIL, { ...BY_EMAIL, email: "grace@example.com" });
    expect(other.replaces).toEqual(["email"]);
  });
});
