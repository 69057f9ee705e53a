import type { InviteArgs } from "../../../../provider";
import type { OrganizationInvite } from "../../../../provider/client/invites";
import type { OrganizationMember } from "../../../../provider/client/members";
import { defineResource } from "../../../../provider/runtime/core/define-resource";
import { computeChanges } from "../../../../provider/runtime/core/diff";
import { setWarningSinkForTesting } from "../../../../provider/runtime/core/log";
import { UNKNOWN } from "../../../../provider/runtime/core/unknowns";
import { invite, InviteInputs } from "../../../../provider/runtime/specs/invite";
import * as h from "../helpers";

const INVITE_ID = "0190b1a5-0c1e-7000-8000-0000000f0001";
const GRACE = { uuid: "0190b1a5-0c1e-7000-8000-00000000ace1", email: "grace@example.com" };
/** Someone who is not a member of ORG. */
const LIN = "lin@example.com";
const CREATED = "2026-11-02T10:00:00.123456Z";
const EXPIRES = "2026-11-05T10:00:00.123Z";
/** A moment one day into the invite's validity, and one just past it, on PostHog's clock. */
const DAY_ONE = Date.parse("2026-11-03T10:00:00Z");
const PAST_EXPIRY = Date.parse(EXPIRES) + 1000;

/** An invite as PostHog lists it (posthog/api/organization_invite.py OrganizationInviteSerializer). */
const wireInvite = (fields: Partial<OrganizationInvite> = {}): OrganizationInvite => ({
  id: INVITE_ID,
  target_email: GRACE.email,
  first_name: "",
  emailing_attempt_made: true,
  level: 1,
  is_expired: false,
  created_by: h.wireUser(h.ADA, { id: 1, distinct_id: "ada", first_name: "Ada", last_name: "L" }),
  created_at: CREATED,
  updated_at: CREATED,
  message: null,
  private_project_access: [],
  is_setup_delegation: false,
  ...fields,
});

const wireMember = (user: { uuid: string; email: string }, level: number): OrganizationMember => ({
  id: `m-${user.uuid}`,
  user: h.wireUser(user, { first_name: "Someone" }),
  level,
  joined_at: "2026-11-03T12:00:00Z",
  updated_at: "2026-11-03T12:00:00Z",
  is_2fa_enabled: false,
  has_social_auth: false,
  last_login: null,
});

/** ORG with Ada (the API key's user) at `callerLevel`, `others` as further members, and `invites` listed. */
function api(
  options: { callerLevel?: number; others?: OrganizationMember[]; invites?: OrganizationInvite[] } = {},
): h.FakeApi {
  const members = [wireMember(h.ADA, options.callerLevel ?? 15), ...(options.others ?? [])];
  const byEmail = (email: string) => members.find((m) => m.user.email.toLowerCase() === email.toLowerCase());
  return {
    members: {
      listAll: async () => members,
      findByEmail: async (_org: string, email: string) => byEmail(email),
      findByUserUuid: async (_org: string, uuid: string) => members.find((m) => m.user.uuid === uuid),
      update: async (_org: string, uuid: string, body: { level: number }) => ({
        ...members.find((m) => m.user.uuid === uuid)!,
        level: body.level,
      }),
    },
    invites: {
      listAll: async () => options.invites ?? [],
      createBatched: async (_org: string, body: { target_email: string; level: number }) =>
        wireInvite({ target_email: body.target_email, level: body.level }),
      delete: async () => undefined,
    },
  };
}

/** Grace's invite as a member, reinvited on expiry: the inputs, and its state while pending or once accepted. */
const NEWS = { organizationId: h.ORG, email: GRACE.email, level: "member", onExpired: "reinvite" };
const PENDING = {
  ...NEWS,
  status: "pending",
  createdAt: CREATED,
  expiresAt: EXPIRES,
  memberUuid: null,
  adopted: false,
  ...h.STATE_FIELDS,
};
const ACCEPTED = { ...PENDING, status: "accepted", expiresAt: null, memberUuid: GRACE.uuid };

afterEach(h.resetFakeContext);

const withoutProvider = ({ __provider: _p, ...rest }: Record<string, unknown>) => rest;

// Compile-time: InviteArgs, unwrapped, has exactly the schema's keys and each value type is accepted.
const argsMatch: h.ArgsMatch<InviteArgs, typeof InviteInputs> = true;

describe("invite spec: check", () => {
  it("has public Args that match the input schema", () => expect(argsMatch).toBe(true));

  const rows: h.CheckRow[] = [
    ["accepts an email and a level", { email: LIN, level: "member" }, []],
    [
      "accepts every optional input",
      {
        email: LIN,
        level: "admin",
        firstName: "Grace",
        message: "Welcome!",
        sendEmail: false,
        privateProjectAccess: [{ projectId: 12, level: "admin" }],
        onExpired: "keep",
      },
      [],
    ],
    ["accepts an email that is unknown at preview", { email: UNKNOWN, level: "member" }, []],
    ["refuses a missing email", { level: "member" }, [["email", /^email must be an email address\.$/]]],
    [
      "refuses an email that is not an address",
      { email: "grace", level: "member" },
      [["email", /^email must be an email address\.$/]],
    ],
    [
      "refuses an email longer than 254 characters",
      { email: `${"l".repeat(250)}@example.com`, level: "member" },
      [["email", /^email is longer than PostHog's limit of 254 characters\.$/]],
    ],
    [
      "refuses PostHog's numeric level",
      { email: LIN, level: 8 },
      [["level", /^level must be "member", "admin" or "owner"\.$/]],
    ],
    ["refuses a missing level", { email: LIN }, [["level", /^level must be "member", "admin" or "owner"\.$/]]],
    [
      "refuses a first name over 30 characters",
      { email: LIN, level: "member", firstName: "G".repeat(31) },
      [["firstName", /^firstName is longer than PostHog's limit of 30 characters: shorten it\.$/]],
    ],
    [
      "refuses a project id that is not a number",
      { email: LIN, level: "member", privateProjectAccess: [{ projectId: "12", level: "member" }] },
      [["privateProjectAccess.0.projectId", /^projectId must be a project's integer id/]],
    ],
    [
      "refuses owner access to a project",
      { email: LIN, level: "member", privateProjectAccess: [{ projectId: 12, level: "owner" }] },
      [["privateProjectAccess.0.level", /^level must be "member" or "admin"\.$/]],
    ],
    [
      "refuses an unknown expiry policy",
      { email: LIN, level: "member", onExpired: "renew" },
      [["onExpired", /^onExpired must be "reinvite" or "keep"\.$/]],
    ],
    [
      "refuses an unknown key",
      { email: LIN, level: "member", role: "admin" },
      [["role", /^"role" is not an input of this resource\./]],
    ],
    [
      "refuses to invite someone who already belongs to the organization, in PostHog's words",
      { email: "Grace@Example.com", level: "member" },
      [
        [
          "email",
          /^A user with this email address already belongs to the organization\. Grace@Example\.com is a member of organization .* already: manage their level with posthog\.OrganizationMember/,
        ],
      ],
    ],
  ];
  it.each(rows)("%s", async (_name, inputs, failures) => {
    h.installFakeContext(api({ others: [wireMember(GRACE, 1)] }));
    const result = await defineResource(invite).check({}, { __provider: h.PROVIDER, ...inputs });
    h.expectFailures(result.failures, failures);
  });

  it("warns when another declaration (another stack, the UI) owns a pending invite for the email", async () => {
    const warnings: string[] = [];
    setWarningSinkForTesting(async (m) => void warnings.push(m));
    try {
      h.installFakeContext(api({ invites: [wireInvite({ target_email: LIN, created_at: CREATED })] }));
      const result = await defineResource(invite).check({}, { __provider: h.PROVIDER, email: LIN, level: "member" });
      expect(result.failures).toEqual([]);
      expect(warnings).toEqual([
        expect.stringMatching(
          /a pending invite for this email already exists .* that this stack did not create, so another declaration owns it/,
        ),
      ]);
      // The stack's own invite (an Invite already in its state for this email) is not someone else's.
      warnings.length = 0;
      await defineResource(invite).check(
        { organizationId: h.ORG, email: LIN, level: "member" },
        { __provider: h.PROVIDER, email: LIN, level: "member" },
      );
      expect(warnings).toEqual([]);
    } finally {
      setWarningSinkForTesting(undefined);
    }
  });

  it("checks the email while the level is still unknown at preview", async () => {
    h.installFakeContext(api({ others: [wireMember(GRACE, 1)] }));
    const result = await defineResource(invite).check(
      {},
      { __provider: h.PROVIDER, email: GRACE.email, level: UNKNOWN },
    );
    h.expectFailures(result.failures, [["email", /already belongs to the organization/]]);
  });

  it("refuses a level above the caller's own, in PostHog's words", async () => {
    h.installFakeContext(api({ callerLevel: 8 }));
    const result = await defineResource(invite).check({}, { __provider: h.PROVIDER, email: LIN, level: "owner" });
    h.expectFailures(result.failures, [
      [
        "level",
        /^You cannot invite a user with a higher permission level than your own\. Your level in organization .* is "admin": invite lin@example\.com as "admin" or lower/,
      ],
    ]);
  });

  it("lets an admin invite admins", async () => {
    h.installFakeContext(api({ callerLevel: 8 }));
    const result = await defineResource(invite).check({}, { __provider: h.PROVIDER, email: LIN, level: "admin" });
    expect(result.failures).toEqual([]);
  });

  it("sends nothing when the inputs alone show the problem", async () => {
    const fake = h.installFakeContext(api());
    await defineResource(invite).check({}, { __provider: h.PROVIDER, email: "grace", level: "member" });
    expect(fake.calls).toEqual([]);
  });

  it("fills organizationId from the stack and onExpired with reinvite", async () => {
    h.installFakeContext(api());
    const result = await defineResource(invite).check({}, { __provider: h.PROVIDER, email: LIN, level: "member" });
    expect(result.inputs).toEqual({
      __provider: h.PROVIDER,
      organizationId: h.ORG,
      email: LIN,
      level: "member",
      onExpired: "reinvite",
    });
  });

  it("accepts an existing invite whose invitee has joined since (the resource now follows the member)", async () => {
    h.installFakeContext(api({ others: [wireMember(GRACE, 1)] }));
    const olds = { organizationId: h.ORG, email: GRACE.email, level: "member", onExpired: "reinvite" };
    const result = await defineResource(invite).check(olds, {
      __provider: h.PROVIDER,
      email: GRACE.email,
      level: "member",
    });
    expect(result.failures).toEqual([]);
  });

  it("checks a level change after acceptance against PostHog's member rules", async () => {
    h.installFakeContext(api({ callerLevel: 8, others: [wireMember(GRACE, 1)] }));
    const olds = { organizationId: h.ORG, email: GRACE.email, level: "member", onExpired: "reinvite" };
    const result = await defineResource(invite).check(olds, {
      __provider: h.PROVIDER,
      email: GRACE.email,
      level: "owner",
    });
    h.expectFailures(result.failures, [
      ["level", /^You can only make another member owner if you're this organization's owner\. Your level is "admin"/],
    ]);
  });
});

describe("invite spec: state", () => {
  const inputs = { __provider: h.PROVIDER, ...NEWS };

  it("creates through the batching client and records a pending invite that expires 3 days later", async () => {
    const createBatched = jest.fn(async (_org: string, _body: Record<string, unknown>) =>
      wireInvite({ level: 8, first_name: "Grace", message: "Hi", private_project_access: [{ id: 12, level: 8 }] }),
    );
    const fake = h.installFakeContext({ ...api(), invites: { ...api().invites, createBatched } });
    const result = await defineResource(invite).create({
      ...inputs,
      level: "admin",
      firstName: "Grace",
      message: "Hi",
      sendEmail: false,
      privateProjectAccess: [{ projectId: 12, level: "admin" }],
    });
    expect(createBatched).toHaveBeenCalledWith(h.ORG, {
      target_email: GRACE.email,
      level: 8,
      first_name: "Grace",
      message: "Hi",
      send_email: false,
      private_project_access: [{ id: 12, level: 8 }],
    });
    expect(fake.calls).toEqual(["invites.createBatched"]);
    expect(result).toEqual({
      id: INVITE_ID,
      outs: {
        ...PENDING,
        level: "admin",
        firstName: "Grace",
        message: "Hi",
        sendEmail: false, // write-only: the last applied value
        privateProjectAccess: [{ projectId: 12, level: "admin" }],
      },
    });
    expect(h.hasUndefined(result.outs)).toBe(false);
  });

  it("reads an invite PostHog lists as expired as expired", () => {
    expect(
      invite.toState({ id: INVITE_ID, invite: wireInvite({ is_expired: true }) }, inputs as unknown as InviteInputs),
    ).toMatchObject({ status: "expired", expiresAt: EXPIRES });
  });

  it("adds a refresh hint when PostHog says the invitee already belongs (accepted since the last refresh)", async () => {
    const createBatched = async () => {
      throw h.refused("A user with this email address already belongs to the organization.");
    };
    h.installFakeContext({ ...api(), invites: { ...api().invites, createBatched } });
    await expect(defineResource(invite).create(inputs)).rejects.toThrow(
      /already belongs to the organization\..* run `pulumi refresh`: the Invite then follows the member\.$/,
    );
  });

  const pending = { ...PENDING, __provider: h.PROVIDER };
  const accepted = { ...ACCEPTED, __provider: h.PROVIDER };

  it("reads a listed invite from the organization's invite list", async () => {
    const fake = h.installFakeContext(api({ invites: [wireInvite({ id: "other" }), wireInvite()] }));
    const result = await defineResource(invite).read(INVITE_ID, pending);
    expect(result).toMatchObject({ id: INVITE_ID, props: { status: "pending", memberUuid: null } });
    expect(fake.calls).toEqual(["invites.listAll"]);
  });

  it("turns a vanished invite whose email is now a member into an accepted one, with the member's level", async () => {
    h.installFakeContext(api({ others: [wireMember({ ...GRACE, email: "Grace@example.com" }, 8)] }));
    const result = await defineResource(invite).read(INVITE_ID, pending);
    expect(result).toEqual({
      id: INVITE_ID,
      inputs: expect.objectContaining({ email: "Grace@example.com", level: "admin" }),
      props: {
        ...withoutProvider(pending),
        email: "Grace@example.com",
        level: "admin",
        status: "accepted",
        expiresAt: null,
        memberUuid: GRACE.uuid,
        __stateVersion: 1,
        __inputKeys: expect.any(Array),
      },
    });
  });

  it("drops a vanished invite whose email is not a member (revoked)", async () => {
    h.installFakeContext(api());
    await expect(defineResource(invite).read(INVITE_ID, pending)).resolves.toEqual({});
  });

  it("follows an accepted invite's member by user UUID, and drops it once they left", async () => {
    const fake = h.installFakeContext(api({ others: [wireMember(GRACE, 1)] }));
    await expect(defineResource(invite).read(INVITE_ID, accepted)).resolves.toMatchObject({
      id: INVITE_ID,
      props: { status: "accepted", memberUuid: GRACE.uuid },
    });
    expect(fake.calls).toEqual(["members.findByUserUuid"]);
    h.installFakeContext(api());
    await expect(defineResource(invite).read(INVITE_ID, accepted)).resolves.toEqual({});
  });

  it("changes the member's level when an accepted invite's level changes", async () => {
    const update = jest.fn(async (_org: string, _uuid: string, body: { level: number }) =>
      wireMember(GRACE, body.level),
    );
    const fake = h.installFakeContext({ ...api(), members: { ...api().members, update } });
    const result = await defineResource(invite).update(INVITE_ID, accepted, { ...inputs, level: "admin" });
    expect(update).toHaveBeenCalledWith(h.ORG, GRACE.uuid, { level: 8 });
    expect(fake.calls).toEqual(["members.update"]);
    expect(result.outs).toMatchObject({
      level: "admin",
      status: "accepted",
      createdAt: CREATED,
      memberUuid: GRACE.uuid,
    });
  });

  it("changes onExpired of a pending invite without sending anything", async () => {
    const fake = h.installFakeContext(api({ invites: [wireInvite()] }));
    const result = await defineResource(invite).update(INVITE_ID, pending, { ...inputs, onExpired: "keep" });
    expect(result.outs).toMatchObject({ onExpired: "keep", status: "pending" });
    expect(fake.calls).toEqual(["invites.listAll"]);
  });

  it("revokes a pending invite on delete, and counts an invite PostHog already replaced as deleted", async () => {
    const fake = h.installFakeContext(api());
    await defineResource(invite).delete(INVITE_ID, pending);
    expect(fake.calls).toEqual(["invites.delete"]);
    h.installFakeContext({
      ...api(),
      invites: {
        delete: async () => {
          throw h.notFound("DELETE");
        },
      },
    });
    await expect(defineResource(invite).delete(INVITE_ID, pending)).resolves.toBeUndefined();
  });

  it("leaves the member in place when an accepted invite is deleted", async () => {
    const fake = h.installFakeContext(api());
    await defineResource(invite).delete(INVITE_ID, accepted);
    expect(fake.calls).toEqual([]);
  });
});

describe("invite spec: diff", () => {
  const rows: [string, Record<string, unknown>, Record<string, unknown>, number, h.Changes][] = [
    ["reports nothing for a pending invite that matches the inputs", PENDING, NEWS, DAY_ONE, h.NO_CHANGES],
    ["compares emails ignoring case", PENDING, { ...NEWS, email: "GRACE@example.com" }, DAY_ONE, h.NO_CHANGES],
    [
      "replaces a pending invite on a new level (no PATCH for invites)",
      PENDING,
      { ...NEWS, level: "admin" },
      DAY_ONE,
      h.replacing("level"),
    ],
    [
      "replaces a pending invite on a new message",
      PENDING,
      { ...NEWS, message: "Hello" },
      DAY_ONE,
      h.replacing("message"),
    ],
    [
      "replaces a pending invite on another email",
      PENDING,
      { ...NEWS, email: "ada.l@example.com" },
      DAY_ONE,
      h.replacing("email"),
    ],
    [
      "compares project access regardless of order",
      {
        ...PENDING,
        privateProjectAccess: [
          { projectId: 1, level: "member" },
          { projectId: 2, level: "admin" },
        ],
      },
      {
        ...NEWS,
        privateProjectAccess: [
          { projectId: 2, level: "admin" },
          { projectId: 1, level: "member" },
        ],
      },
      DAY_ONE,
      h.NO_CHANGES,
    ],
    ["changes onExpired in place", PENDING, { ...NEWS, onExpired: "keep" }, DAY_ONE, h.inPlace("onExpired")],
    [
      "replaces an invite that expired on PostHog's clock (reinvite)",
      PENDING,
      NEWS,
      PAST_EXPIRY,
      h.replacing("status"),
    ],
    [
      "replaces an invite read as expired (reinvite)",
      { ...PENDING, status: "expired" },
      NEWS,
      DAY_ONE,
      h.replacing("status"),
    ],
    [
      "keeps an expired invite with onExpired keep",
      PENDING,
      { ...NEWS, onExpired: "keep" },
      PAST_EXPIRY,
      h.inPlace("onExpired"),
    ],
    [
      "keeps an expired invite already set to keep",
      { ...PENDING, onExpired: "keep" },
      { ...NEWS, onExpired: "keep" },
      PAST_EXPIRY,
      h.NO_CHANGES,
    ],
    [
      "reports nothing for an accepted invite, however old",
      ACCEPTED,
      NEWS,
      PAST_EXPIRY + 365 * 86_400_000,
      h.NO_CHANGES,
    ],
    [
      "ignores invite-only inputs once accepted",
      ACCEPTED,
      { ...NEWS, message: "Welcome", firstName: "G", sendEmail: false },
      DAY_ONE,
      h.NO_CHANGES,
    ],
    [
      "updates the member when an accepted invite's level changes",
      ACCEPTED,
      { ...NEWS, level: "admin" },
      DAY_ONE,
      h.inPlace("level"),
    ],
    [
      "replaces an accepted invite on another email (a new person to invite)",
      ACCEPTED,
      { ...NEWS, email: "ada.l@example.com" },
      DAY_ONE,
      h.replacing("email"),
    ],
    [
      "replaces when the email is unknown at preview",
      PENDING,
      { ...NEWS, email: UNKNOWN },
      DAY_ONE,
      h.replacing("email"),
    ],
  ];
  it.each(rows)("%s", (_name, state, inputs, now, expected) => {
    expect(computeChanges(invite, state, inputs, now)).toEqual(expected);
  });

  it("judges expiry on PostHog's clock, as last seen in its responses", async () => {
    h.installFakeContext({ ...api(), serverClock: { now: () => PAST_EXPIRY } });
    await expect(defineResource(invite).diff(INVITE_ID, PENDING, NEWS)).resolves.toEqual({
      changes: true,
      replaces: ["status"],
      deleteBeforeReplace: false,
    });
    h.installFakeContext({ ...api(), serverClock: { now: () => DAY_ONE } });
    await expect(defineResource(invite).diff(INVITE_ID, PENDING, NEWS)).resolves.toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });
});
