// Invite: an invitation for one email address to join the organization at a level.
// API quirks that shaped this spec (docs/posthog-api/FACTS.md §5 and §11, PostHog posthog/api/organization_invite.py,
// posthog/models/organization_invite.py):
// - there is no GET by id and no PATCH: reads go through the organization's invite list (one cached
//   read per run, shared by every Invite), and any change to a pending invite replaces it;
// - creating an invite first deletes every invite for that email, so a replacement's new invite has
//   already removed the old one (deleting the old id then answers 404, which counts as done);
// - invites expire 3 days after `created_at` but stay listed with `is_expired`; expiry is judged on
//   PostHog's clock (the `Date` of its responses), so an expired invite shows at preview, unrefreshed;
// - accepting an invite creates the member and deletes the email's invites: the resource then follows
//   the member (the cached member list, by email) and a `level` change PATCHes the member (docs/posthog-api/FACTS.md §4);
// - "already a member" (400) and "level above your own" (403) are checked at preview, in PostHog's words;
// - creates that arrive together go through `invites/bulk/`, 20 a request (client `createBatched`).
import { z } from "zod";
import { hasReason } from "../../client";
import type { OrganizationInvite, OrganizationInviteCreateParams } from "../../client/invites";
import type { OrganizationMember } from "../../client/members";
import type { Context } from "../core/context";
import { inviteEmail, inviteFirstName, organizationDefault, organizationId } from "../core/fields";
import {
  callerMembership,
  foldEmail,
  level,
  levelName,
  levelNumber,
  party,
  sameEmail,
  updateRefusal,
  inviteAboveOwnRefusal,
} from "../rules/membership";
import type { Recorded, ResourceSpec, StateOf } from "../core/spec";
import { warn } from "../core/log";
import { isKnown } from "../core/unknowns";

/** PostHog's INVITE_DAYS_VALIDITY (posthog/constants.py). */
export const INVITE_VALIDITY_MS = 3 * 24 * 3600 * 1000;

const projectAccess = z.strictObject(
  {
    projectId: z
      .number({ error: "projectId must be a project's integer id (e.g. `project.projectId`)" })
      .int("projectId must be a project's integer id (e.g. `project.projectId`)"),
    level: z.enum(["member", "admin"], { error: 'level must be "member" or "admin"' }),
  },
  { error: "each privateProjectAccess entry must be an object { projectId, level }" },
);

export const InviteInputs = z.strictObject({
  organizationId,
  email: inviteEmail,
  level,
  firstName: inviteFirstName,
  message: z.string({ error: "message must be a string" }).optional(),
  sendEmail: z.boolean({ error: "sendEmail must be true or false" }).optional(),
  privateProjectAccess: z
    .array(projectAccess, { error: "privateProjectAccess must be a list of { projectId, level }" })
    .optional(),
  onExpired: z.enum(["reinvite", "keep"], { error: 'onExpired must be "reinvite" or "keep"' }).default("reinvite"),
});
export type InviteInputs = z.infer<typeof InviteInputs> & { organizationId: string };

/** Where an invite is in its life: waiting for the invitee, past its 3 days, or turned into a member. */
export type InviteStatus = "pending" | "expired" | "accepted";

type ProjectAccess = z.infer<typeof projectAccess>;

/**
 * An invite's state: its inputs as PostHog reports them (the level by name; one PostHog reports that
 * this version does not know, as its number), where it is in its life, and the member it became.
 */
export type InviteState = StateOf<
  InviteInputs,
  {
    level: string;
    firstName: string | undefined;
    message: string | null | undefined;
    privateProjectAccess:
      | {
          /** The private project's id. */
          projectId: number;
          /** The invitee's level in it, by name. */
          level: string;
        }[]
      | undefined;
    status: InviteStatus;
    createdAt: string | null;
    expiresAt: string | null;
    memberUuid: string | null;
  }
>;

/** What an Invite follows: its invite while pending or expired, the member it became once accepted. */
export type InviteView =
  | { id: string; invite: OrganizationInvite }
  | { id: string; member: OrganizationMember; previous: Recorded<InviteInputs, InviteState> };

const byProject = (list: unknown) =>
  Array.isArray(list) ? list.toSorted((a: ProjectAccess, b: ProjectAccess) => a.projectId - b.projectId) : list;

function createBody(inputs: InviteInputs): OrganizationInviteCreateParams {
  return {
    target_email: inputs.email,
    level: levelNumber(inputs.level),
    ...(inputs.firstName !== undefined ? { first_name: inputs.firstName } : {}),
    ...(inputs.message !== undefined ? { message: inputs.message } : {}),
    ...(inputs.sendEmail !== undefined ? { send_email: inputs.sendEmail } : {}),
    ...(inputs.privateProjectAccess !== undefined
      ? {
          private_project_access: inputs.privateProjectAccess.map((a) => ({
            id: a.projectId,
            level: levelNumber(a.level),
          })),
        }
      : {}),
  };
}

/** When an invite created at `createdAt` (PostHog's ISO time) stops being valid, or null when that is unreadable. */
export function expiryOf(createdAt: string): string | null {
  const created = Date.parse(createdAt);
  return Number.isNaN(created) ? null : new Date(created + INVITE_VALIDITY_MS).toISOString();
}

/** True when the state's invite is past its validity at `now` (PostHog's clock), or was read as expired. */
export function isExpired(state: Partial<InviteState>, now: number): boolean {
  if (state.status === "expired") return true;
  return state.status === "pending" && typeof state.expiresAt === "string" && now > Date.parse(state.expiresAt);
}

async function retrieve(
  ctx: Context,
  id: string,
  state: Recorded<InviteInputs, InviteState>,
): Promise<InviteView | undefined> {
  if (state.status !== "accepted") {
    const invite = await ctx.client.invites.findById(state.organizationId, id);
    if (invite) return { id, invite };
  }
  // The invite is gone: accepted (its email is now a member) or revoked (then the resource is gone).
  const member =
    typeof state.memberUuid === "string"
      ? await ctx.client.members.findByUserUuid(state.organizationId, state.memberUuid)
      : await ctx.client.members.findByEmail(state.organizationId, state.email);
  return member ? { id, member, previous: state } : undefined;
}

// The organization's invites as the first check of this process read them: one read per run, taken
// before this run's own creates (which invalidate the client's cached list), so the ownership check
// neither re-reads the list after every create nor mistakes this run's invites for another's.
const atStart = new WeakMap<object, Map<string, Promise<OrganizationInvite[]>>>();
function invitesAtStart(ctx: Context, organizationId: string): Promise<OrganizationInvite[]> {
  let byOrg = atStart.get(ctx.client);
  if (!byOrg) atStart.set(ctx.client, (byOrg = new Map()));
  let list = byOrg.get(organizationId);
  if (!list) {
    list = ctx.client.invites.listAll(organizationId);
    list.catch(() => byOrg.delete(organizationId)); // a failed read is not remembered
    byOrg.set(organizationId, list);
  }
  return list;
}

/**
 * Two declarations of one invite (two stacks on one organization, or a stack and the UI) would
 * replace each other's invite on every `up`: PostHog deletes earlier invites for an email when it
 * creates one. Invites carry no field a stack could tag, but a pending invite for the email that
 * this resource did not create (it is new here) is observable: that is another declaration's.
 */
async function warnIfDeclaredElsewhere(ctx: Context, inputs: InviteInputs): Promise<void> {
  const others = (await invitesAtStart(ctx, inputs.organizationId)).filter(
    (i) => sameEmail(i.target_email, inputs.email) && !i.is_expired,
  );
  const other = others[0];
  if (!other) return;
  const by = other.created_by?.email ? ` by ${other.created_by.email}` : "";
  await warn(
    `Invite "${inputs.email}" in organization ${inputs.organizationId}: a pending invite for this email already exists (created ${other.created_at}${by}) that this stack did not create, so another declaration owns it (another stack, or the PostHog UI). \`up\` replaces it with this stack's invite; if both keep declaring it, each \`up\` replaces the other's. Declare it in one stack only.`,
  );
}

export const invite: ResourceSpec<InviteInputs, InviteView, InviteState, "Invite"> = {
  kind: "Invite",
  label: ["email"],
  stateVersion: 1,
  args: InviteInputs,
  // A pending invite cannot be edited (refineDiff replaces on any change); only an accepted one updates.
  replaceOnChanges: ["organizationId", "email"],
  writeOnly: ["sendEmail"],
  defaults: organizationDefault,
  normalize: { email: foldEmail, privateProjectAccess: byProject },

  refineDiff: (changes, state, news, now) => {
    if (state.status === "accepted") {
      // Invite-only inputs are history once the invitee joined; a new level is PATCHed onto the member.
      const changed = changes.changed.filter((k) => k === "organizationId" || k === "email" || k === "level");
      return { changed, replaces: changed.filter((k) => k !== "level") };
    }
    const changed = [...changes.changed];
    // `onExpired` is this provider's policy, never sent to PostHog: it changes in place.
    let replaces = changed.filter((k) => k !== "onExpired");
    if (replaces.length === 0 && isExpired(state, now) && news.onExpired !== "keep") {
      changed.push("status");
      replaces = ["status"];
    }
    return { changed, replaces };
  },

  verify: async (ctx, inputs, olds) => {
    // The member lookup needs the organization and email; the level rules also need the level.
    if (!isKnown(inputs.organizationId, inputs.email)) return [];
    const org = inputs.organizationId;
    const member = await ctx.client.members.findByEmail(org, inputs.email);
    const existing = sameEmail(olds.email, inputs.email) && olds.organizationId === org;
    const caller = await callerMembership(ctx, org);
    const wanted = levelNumber(inputs.level);
    if (member) {
      if (!existing) {
        return [
          {
            property: "email",
            reason: `A user with this email address already belongs to the organization. ${inputs.email} is a member of organization ${org} already: manage their level with posthog.OrganizationMember (email: "${inputs.email}") instead of an Invite.`,
          },
        ];
      }
      // Accepted: a new level is PATCHed onto the member, under PostHog's member rules.
      if (!isKnown(inputs.level)) return [];
      const refusal =
        caller && member.level !== wanted ? updateRefusal(party(caller), party(member), wanted) : undefined;
      return refusal ? [{ property: "level", reason: refusal }] : [];
    }
    if (!isKnown(inputs.level)) return [];
    if (!existing) await warnIfDeclaredElsewhere(ctx, inputs);
    const unchanged = existing && olds.level === inputs.level;
    if (caller && wanted > caller.level && !unchanged)
      return [inviteAboveOwnRefusal(caller.level, org, inputs.email, inputs.level, "invite")];
    return [];
  },

  warnings: (state, inputs, changes) => {
    const email = inputs.email;
    if (state.status === "accepted") {
      if (changes.replaces.length > 0)
        return [
          `${state.email} already accepted this invite and stays in the organization (removing them is OrganizationMember's job, onDestroy: "remove"); replacing it sends a new invite to ${email}.`,
        ];
      if (changes.changed.includes("level"))
        return [
          `${state.email} already joined: this update changes their member level to "${inputs.level}"; no invite is sent.`,
        ];
      return [];
    }
    if (changes.replaces.length === 0) return [];
    const mail =
      inputs.sendEmail === false ? "without an email (sendEmail: false)" : `and PostHog emails ${email} again`;
    return changes.replaces.includes("status")
      ? [`the invite expired: \`up\` invites ${email} again ${mail} (set onExpired: "keep" to leave it expired).`]
      : [
          `PostHog cannot edit an invite: replacing it sends a new invite ${mail}; the link in the earlier invitation stops working.`,
        ];
  },

  id: (view) => view.id,
  toState: (view, inputs) => {
    if ("member" in view) {
      const m = view.member;
      return {
        email: m.user.email,
        level: levelName(m.level),
        status: "accepted",
        createdAt: view.previous.createdAt ?? null,
        expiresAt: null,
        memberUuid: m.user.uuid,
      };
    }
    const i = view.invite;
    return {
      email: i.target_email,
      level: levelName(i.level),
      ...(inputs.firstName !== undefined ? { firstName: i.first_name ?? "" } : {}),
      ...(inputs.message !== undefined ? { message: i.message ?? null } : {}),
      ...(inputs.privateProjectAccess !== undefined
        ? {
            privateProjectAccess: (i.private_project_access ?? []).map((a) => ({
              projectId: a.id,
              level: levelName(a.level),
            })),
          }
        : {}),
      status: i.is_expired ? "expired" : "pending",
      createdAt: i.created_at,
      expiresAt: expiryOf(i.created_at),
      memberUuid: null,
    };
  },

  create: async (ctx, inputs) => {
    try {
      const created = await ctx.client.invites.createBatched(inputs.organizationId, createBody(inputs));
      return { id: created.id, invite: created };
    } catch (err) {
      if (hasReason(err, "already-member")) {
        throw new Error(
          `${err.message} If ${inputs.email} accepted this invite since the last refresh, run \`pulumi refresh\`: the Invite then follows the member.`,
        );
      }
      throw err;
    }
  },
  retrieve,
  update: async (ctx, id, news, olds) => {
    const state = olds;
    if (state.status === "accepted" && typeof state.memberUuid === "string") {
      const member = await ctx.client.members.update(news.organizationId, state.memberUuid, {
        level: levelNumber(news.level),
      });
      return { id, member, previous: state };
    }
    // Pending or expired: only `onExpired` changes in place (refineDiff replaces on anything else).
    const view = await retrieve(ctx, id, state);
    if (!view)
      throw new Error(
        "its invite no longer exists in PostHog. Run `pulumi refresh` to drop it from the state, then `pulumi up` to invite again.",
      );
    return view;
  },
  delete: async (ctx, id, state) => {
    // Once accepted, the invite is gone and the member stays: removing access is OrganizationMember's job.
    if (state.status === "accepted") return;
    await ctx.client.invites.delete(state.organizationId, id);
  },
};
