import type { OrganizationMemberArgs } from "../../../../provider";
import type { OrganizationMember as WireMember } from "../../../../provider/client/members";
import { defineResource } from "../../../../provider/runtime/core/define-resource";
import { computeChanges } from "../../../../provider/runtime/core/diff";
import { UNKNOWN } from "../../../../provider/runtime/core/unknowns";
import { organizationMember, OrganizationMemberInputs } from "../../../../provider/runtime/specs/organization-member";
import * as h from "../helpers";

// The time diff rules are judged at (computeChanges takes it from the caller).
const NOW = Date.now();

const GRACE = { uuid: "0190b1a5-0c1e-7000-8000-00000000ace1", email: "grace@example.com" };
const LIN = { uuid: "0190b1a5-0c1e-7000-8000-0000000011e1", email: "lin@example.com" };
const STRANGER = "0190b1a5-0c1e-7000-8000-0000000bad01";
const OTHER_ORG = "0190b1a5-0c1e-7000-8000-00000000b002";

const wireMember = (user: { uuid: string; email: string }, level: number): WireMember => ({
  id: `m-${user.uuid}`,
  user: h.wireUser(user, { first_name: "Grace", last_name: "Hopper" }),
  level,
  joined_at: "2026-11-03T12:00:00Z",
  updated_at: "2026-11-03T12:00:00Z",
  is_2fa_enabled: true,
  has_social_auth: false,
  last_login: null,
});

/** ORG with Ada (the API key's user) at `callerLevel`, Grace a member and Lin an owner. */
function api(callerLevel = 15, graceLevel = 1): h.FakeApi {
  const members = [wireMember(h.ADA, callerLevel), wireMember(GRACE, graceLevel), wireMember(LIN, 15)];
  return {
    members: {
      listAll: async () => members,
      findByEmail: async (_org: string, email: string) =>
        members.find((m) => m.user.email.toLowerCase() === email.toLowerCase()),
      findByUserUuid: async (_org: string, uuid: string) => members.find((m) => m.user.uuid === uuid),
      update: async (_org: string, uuid: string, body: { level: number }) => ({
        ...members.find((m) => m.user.uuid === uuid)!,
        level: body.level,
      }),
      delete: async () => undefined,
    },
  };
}

/** Grace's membership as a member, named by email and retained on destroy: create's result, diff's start. */
const STATE = {
  organizationId: h.ORG,
  email: GRACE.email,
  userUuid: GRACE.uuid,
  level: "member",
  onDestroy: "retain",
  firstName: "Grace",
  joinedAt: "2026-11-03T12:00:00Z",
  adopted: false,
  ...h.STATE_FIELDS,
};

afterEach(h.resetFakeContext);

// Compile-time: OrganizationMemberArgs, unwrapped, has exactly the schema's keys and each value type is accepted.
const argsMatch: h.ArgsMatch<OrganizationMemberArgs, typeof OrganizationMemberInputs> = true;

describe("organization member spec: check", () => {
  it("has public Args that match the input schema", () => expect(argsMatch).toBe(true));

  const rows: [string, number, h.CheckRow[1], h.CheckRow[2]][] = [
    ["adopts a member named by email at their current level", 15, { email: GRACE.email, level: "member" }, []],
    ["adopts a member named by email in another case", 15, { email: "Grace@Example.COM", level: "member" }, []],
    ["adopts a member named by userUuid", 15, { userUuid: GRACE.uuid, level: "member" }, []],
    ["lets an owner make another member owner", 15, { userUuid: GRACE.uuid, level: "owner" }, []],
    ["lets an admin make a member admin", 8, { email: GRACE.email, level: "admin" }, []],
    ["accepts a member that is unknown at preview", 15, { userUuid: UNKNOWN, level: "admin" }, []],
    [
      "refuses both email and userUuid",
      15,
      { email: GRACE.email, userUuid: GRACE.uuid, level: "member" },
      [["email", /^Set exactly one of userUuid and email to name the member\.$/]],
    ],
    [
      "refuses neither email nor userUuid",
      15,
      { level: "member" },
      [["userUuid", /^Set exactly one of userUuid and email to name the member\.$/]],
    ],
    [
      "refuses PostHog's numeric level",
      15,
      { email: GRACE.email, level: 15 },
      [["level", /^level must be "member", "admin" or "owner"\.$/]],
    ],
    [
      "refuses an unknown destroy policy",
      15,
      { email: GRACE.email, level: "member", onDestroy: "delete" },
      [["onDestroy", /^onDestroy must be "remove", "retain" or "downgrade"\.$/]],
    ],
    [
      "refuses removing an owner on destroy, in PostHog's words",
      15,
      { email: GRACE.email, level: "owner", onDestroy: "remove" },
      [
        [
          "onDestroy",
          /^Cannot leave the organization as its owner! PostHog never removes an owner: set onDestroy to "downgrade" or "retain"/,
        ],
      ],
    ],
    [
      "refuses someone who is not a member",
      15,
      { email: "stranger@example.com", level: "member" },
      [
        [
          "email",
          /^stranger@example\.com is not a member of organization .*, and PostHog only adds members who accept an invite\. Invite them first \(posthog\.Invite\)/,
        ],
      ],
    ],
    [
      "refuses a userUuid that is not a member",
      15,
      { userUuid: STRANGER, level: "member" },
      [["userUuid", /is not a member of organization .* or check the userUuid\.$/]],
    ],
    [
      "refuses changing the caller's own level",
      15,
      { email: h.ADA.email, level: "admin" },
      [["level", /^You can't change your own access level\. ada@example\.com is the API key's own user: keep "owner"/]],
    ],
    [
      "refuses an admin making someone owner",
      8,
      { email: GRACE.email, level: "owner" },
      [
        [
          "level",
          /^You can only make another member owner if you're this organization's owner\. Your level is "admin": apply with an owner's key\.$/,
        ],
      ],
    ],
    [
      "refuses a member changing anyone's level",
      1,
      { email: GRACE.email, level: "admin" },
      [
        [
          "level",
          /^You can only change access level of others to lower or equal to your current one\. Your level is "member"/,
        ],
      ],
    ],
    [
      "refuses a member editing others at their own level",
      1,
      { email: GRACE.email, level: "member", onDestroy: "remove" },
      [["onDestroy", /^You can only edit others if you are an admin\. Your level is "member"/]],
    ],
    [
      "refuses an admin demoting an owner",
      8,
      { email: LIN.email, level: "admin" },
      [
        [
          "level",
          /^You can only edit others with level lower or equal to you\. lin@example\.com is "owner", above your "admin": apply with an owner's key\.$/,
        ],
      ],
    ],
    [
      "lets the caller adopt their own membership, retained on destroy",
      15,
      { email: h.ADA.email, level: "owner", onDestroy: "retain" },
      [],
    ],
    [
      "refuses a downgrade of the caller's own user on destroy",
      15,
      { email: h.ADA.email, level: "owner", onDestroy: "downgrade" },
      [["onDestroy", /^You can't change your own access level\./]],
    ],
    ["lets the caller keep their own level", 15, { email: h.ADA.email, level: "owner" }, []],
  ];
  it.each(rows)("%s", async (_name, callerLevel, inputs, failures) => {
    h.installFakeContext(api(callerLevel));
    const result = await defineResource(organizationMember).check({}, { __provider: h.PROVIDER, ...inputs });
    h.expectFailures(result.failures, failures);
  });

  it("refuses onDestroy remove for the API key's own user", async () => {
    h.installFakeContext(api(8));
    const result = await defineResource(organizationMember).check(
      {},
      { __provider: h.PROVIDER, email: h.ADA.email, level: "admin", onDestroy: "remove" },
    );
    h.expectFailures(result.failures, [
      [
        "onDestroy",
        /^ada@example\.com is the API key's own user: removing them on destroy would lock this stack out of organization .*\. Set onDestroy to "retain"\.$/,
      ],
    ]);
  });

  it("checks the level against the member's live level, so restoring drift is checked too", async () => {
    h.installFakeContext(api(8, 8));
    const same = await defineResource(organizationMember).check(
      {},
      { __provider: h.PROVIDER, email: GRACE.email, level: "admin" },
    );
    expect(same.failures).toEqual([]);
  });

  it("sends nothing when the inputs alone show the problem", async () => {
    const fake = h.installFakeContext(api());
    await defineResource(organizationMember).check(
      {},
      { __provider: h.PROVIDER, email: GRACE.email, level: "owner", onDestroy: "remove" },
    );
    expect(fake.calls).toEqual([]);
  });

  it("fills organizationId from the stack and onDestroy with retain", async () => {
    h.installFakeContext(api());
    const result = await defineResource(organizationMember).check(
      {},
      { __provider: h.PROVIDER, email: GRACE.email, level: "member" },
    );
    expect(result.inputs).toEqual({
      __provider: h.PROVIDER,
      organizationId: h.ORG,
      email: GRACE.email,
      level: "member",
      onDestroy: "retain",
    });
  });
});

describe("organization member spec: state", () => {
  const inputs = {
    __provider: h.PROVIDER,
    organizationId: h.ORG,
    email: GRACE.email,
    level: "member",
    onDestroy: "retain",
  };

  it("adopts the member without a write when the level already matches", async () => {
    const fake = h.installFakeContext(api());
    const result = await defineResource(organizationMember).create(inputs);
    expect(result).toEqual({ id: GRACE.uuid, outs: STATE });
    expect(h.hasUndefined(result.outs)).toBe(false);
    expect(fake.calls).toEqual(["members.findByEmail"]);
  });

  it("adopts the member and sets the declared level", async () => {
    const update = jest.fn(async (_org: string, _uuid: string, body: { level: number }) =>
      wireMember(GRACE, body.level),
    );
    const fake = h.installFakeContext({ members: { ...api().members, update } });
    const result = await defineResource(organizationMember).create({
      ...inputs,
      email: undefined,
      userUuid: GRACE.uuid,
      level: "admin",
    });
    expect(update).toHaveBeenCalledWith(h.ORG, GRACE.uuid, { level: 8 });
    expect(result.outs).toMatchObject({ userUuid: GRACE.uuid, email: GRACE.email, level: "admin" });
    expect(fake.calls).toEqual(["members.findByUserUuid", "members.update"]);
  });

  it("says to invite first when the member does not exist", async () => {
    h.installFakeContext(api());
    await expect(
      defineResource(organizationMember).create({ ...inputs, email: "stranger@example.com" }),
    ).rejects.toThrow(/stranger@example\.com is not a member of organization .* Invite them first \(posthog\.Invite\)/);
  });

  it("reads the member from the member list and drops one who left", async () => {
    h.installFakeContext(api(15, 8));
    await expect(defineResource(organizationMember).read(GRACE.uuid, STATE)).resolves.toEqual({
      id: GRACE.uuid,
      props: { ...STATE, level: "admin" },
      // The refreshed inputs carry the level PostHog reports, so the drift shows as a field diff.
      inputs: expect.objectContaining({ level: "admin" }),
    });
    h.installFakeContext({ members: { findByUserUuid: async () => undefined } });
    await expect(defineResource(organizationMember).read(GRACE.uuid, STATE)).resolves.toEqual({});
  });

  it("PATCHes a new level, and changes only onDestroy without a write", async () => {
    const fake = h.installFakeContext(api());
    await expect(
      defineResource(organizationMember).update(GRACE.uuid, STATE, { ...inputs, level: "admin" }),
    ).resolves.toMatchObject({ outs: { level: "admin" } });
    expect(fake.calls).toEqual(["members.update"]);
    const quiet = h.installFakeContext(api());
    await expect(
      defineResource(organizationMember).update(GRACE.uuid, STATE, { ...inputs, onDestroy: "remove" }),
    ).resolves.toMatchObject({ outs: { onDestroy: "remove", level: "member" } });
    expect(quiet.calls).toEqual(["members.findByUserUuid"]);
  });

  const destroyRows: [string, Record<string, unknown>, string[], unknown[]][] = [
    ["retains the member by default", { onDestroy: "retain", level: "admin" }, [], []],
    [
      "downgrades the member to member",
      { onDestroy: "downgrade", level: "admin" },
      ["members.update"],
      [h.ORG, GRACE.uuid, { level: 1 }],
    ],
    ["sends nothing to downgrade a member already at member", { onDestroy: "downgrade", level: "member" }, [], []],
    ["removes the member", { onDestroy: "remove", level: "admin" }, ["members.delete"], [h.ORG, GRACE.uuid]],
  ];
  it.each(destroyRows)("on destroy %s", async (_name, fields, calls, args) => {
    const spy = jest.fn(async () => undefined);
    const fake = h.installFakeContext({ members: { update: spy, delete: spy } });
    await defineResource(organizationMember).delete(GRACE.uuid, { ...STATE, ...fields });
    expect(fake.calls).toEqual(calls);
    if (calls.length) expect(spy).toHaveBeenCalledWith(...args);
  });

  it("counts a member who already left as removed", async () => {
    h.installFakeContext({
      members: {
        delete: async () => {
          throw h.notFound("DELETE");
        },
      },
    });
    await expect(
      defineResource(organizationMember).delete(GRACE.uuid, { ...STATE, onDestroy: "remove" }),
    ).resolves.toBeUndefined();
  });
});

describe("organization member spec: diff", () => {
  const byEmail = { organizationId: h.ORG, email: GRACE.email, level: "member", onDestroy: "retain" };
  const rows: [string, Record<string, unknown>, Record<string, unknown>, h.Changes][] = [
    ["reports nothing when the inputs match the state", STATE, byEmail, h.NO_CHANGES],
    ["compares emails ignoring case", STATE, { ...byEmail, email: "GRACE@example.com" }, h.NO_CHANGES],
    [
      "does not replace when the same member is named by userUuid instead of email",
      STATE,
      { organizationId: h.ORG, userUuid: GRACE.uuid, level: "member", onDestroy: "retain" },
      h.NO_CHANGES,
    ],
    ["updates a new level in place", STATE, { ...byEmail, level: "admin" }, h.inPlace("level")],
    [
      "sees a level changed in PostHog (refreshed into the state) and restores it in place",
      { ...STATE, level: "admin" },
      byEmail,
      h.inPlace("level"),
    ],
    ["updates a new destroy policy in place", STATE, { ...byEmail, onDestroy: "downgrade" }, h.inPlace("onDestroy")],
    ["replaces on another person", STATE, { ...byEmail, email: LIN.email }, h.replacing("email")],
    [
      "replaces in another organization",
      STATE,
      { ...byEmail, organizationId: OTHER_ORG },
      h.replacing("organizationId"),
    ],
  ];
  it.each(rows)("%s", (_name, olds, news, expected) => {
    expect(computeChanges(organizationMember, olds, news, NOW)).toEqual(expected);
  });
});
