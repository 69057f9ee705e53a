// Person: one person's access to the organization for their whole life, declared once by email.
// Why a resource of its own rather than the Invite/OrganizationMember pair (docs/posthog-api/FACTS.md §4,
// §5): PostHog keeps a person in two places over time, an invite (no GET, no PATCH, deleted when
// accepted) and then a membership (created only by accepting), so a program that names one of them
// breaks when the person moves to the other. A Person follows whichever exists, by email:
// - create adopts a member who already joined (PATCHing the level if it differs), takes over a
//   pending invite at the same level without sending anything, and invites otherwise;
// - the id is the lowercased email, so invite → member never changes the id or replaces anything;
// - an invite past its 3 days (judged on PostHog's clock) is re-sent on `up` unless onExpired is "keep";
// - a level change PATCHes a member, and re-invites (PostHog deletes the old invite) an invitee;
// - deleting follows onRemove: a member is removed ("remove"), set to member ("downgrade") or left
//   ("retain"); a pending invite is revoked unless "retain". PostHog never removes an owner, so an
//   owner is set to member first and then removed.
import { z } from "zod";
import type { OrganizationInvite } from "../../client/invites";
import type { OrganizationMember } from "../../client/members";
import type { Context } from "../core/context";
import { inviteEmail, inviteFirstName, organizationDefault, organizationId } from "../core/fields";
import {
  callerMembership,
  foldEmail,
  LEVELS,
  level,
  levelName,
  levelNumber,
  party,
  updateRefusal,
  inviteAboveOwnRefusal,
} from "../rules/membership";
import type { ResourceSpec, StateOf } from "../core/spec";
import { expiryOf } from "./invite";
import { isKnown } from "../core/unknowns";

export const PersonInputs = z.strictObject({
  organizationId,
  email: inviteEmail,
  level,
  firstName: inviteFirstName,
  onExpired: z.enum(["reinvite", "keep"], { error: 'onExpired must be "reinvite" or "keep"' }).default("reinvite"),
  onRemove: z
    .enum(["remove", "downgrade", "retain"], { error: 'onRemove must be "remove", "downgrade" or "retain"' })
    .default("remove"),
});
export type PersonInputs = z.infer<typeof PersonInputs> & { organizationId: string };

/** What a Person follows: the member they are, or the invite they have not accepted yet. */
export type PersonView = { member: OrganizationMember } | { invite: OrganizationInvite };

/** A person's state: email and level as PostHog reports them, whether member or invitee, and the dates. */
export type PersonState = StateOf<
  PersonInputs,
  {
    email: string;
    level: string;
    status: "member" | "invited" | "expired";
    userUuid: string | null;
    inviteId: string | null;
    invitedAt: string | null;
    expiresAt: string | null;
    joinedAt: string | null;
  }
>;

/** True when the state's invite is past its validity at `now` (PostHog's clock), or was read as expired. */
function isExpired(state: Partial<PersonState>, now: number): boolean {
  if (state.status === "expired") return true;
  return state.status === "invited" && typeof state.expiresAt === "string" && now > Date.parse(state.expiresAt);
}

/** The member with this email, else the newest invite for it, from the cached lists. */
async function lookUp(ctx: Context, org: string, email: string): Promise<PersonView | undefined> {
  const member = await ctx.client.members.findByEmail(org, email);
  if (member) return { member };
  const invite = await ctx.client.invites.findByEmail(org, email);
  return invite ? { invite } : undefined;
}

const invite = (ctx: Context, inputs: PersonInputs) =>
  ctx.client.invites.createBatched(inputs.organizationId, {
    target_email: inputs.email,
    level: levelNumber(inputs.level),
    ...(inputs.firstName !== undefined ? { first_name: inputs.firstName } : {}),
  });

/** Brings what exists to the declared level: PATCH a member, re-invite an invitee whose invite differs or expired. */
async function converge(ctx: Context, inputs: PersonInputs, view: PersonView | undefined): Promise<PersonView> {
  const wanted = levelNumber(inputs.level);
  if (view && "member" in view) {
    if (view.member.level === wanted) return view;
    return { member: await ctx.client.members.update(inputs.organizationId, view.member.user.uuid, { level: wanted }) };
  }
  if (view && view.invite.level === wanted && !view.invite.is_expired) return view;
  if (view && view.invite.is_expired && view.invite.level === wanted && inputs.onExpired === "keep") return view;
  return { invite: await invite(ctx, inputs) };
}

export const person: ResourceSpec<PersonInputs, PersonView, PersonState, "Person"> = {
  kind: "Person",
  label: ["email"],
  stateVersion: 1,
  args: PersonInputs,
  replaceOnChanges: ["organizationId", "email"],
  defaults: organizationDefault,
  normalize: { email: foldEmail },

  refineDiff: (changes, state, news, now) => {
    // Policies are this provider's, never sent to PostHog; an expired invite is re-sent in place
    // (the id is the email, so nothing is replaced).
    if (changes.replaces.length === 0 && isExpired(state, now) && news.onExpired !== "keep")
      return { changed: [...changes.changed, "status"], replaces: [] };
    return changes;
  },

  verify: async (ctx, inputs) => {
    // The lookup needs the organization and email, the level rules the level.
    if (!isKnown(inputs.organizationId, inputs.email, inputs.level)) return [];
    const caller = await callerMembership(ctx, inputs.organizationId);
    if (!caller) return [];
    const found = await lookUp(ctx, inputs.organizationId, inputs.email);
    const wanted = levelNumber(inputs.level);
    if (found && "member" in found) {
      const refusal =
        found.member.level !== wanted ? updateRefusal(party(caller), party(found.member), wanted) : undefined;
      return refusal ? [{ property: "level", reason: refusal }] : [];
    }
    if (wanted > caller.level && !(found && found.invite.level === wanted))
      return [inviteAboveOwnRefusal(caller.level, inputs.organizationId, inputs.email, inputs.level, "declare")];
    return [];
  },

  id: (view) => ("member" in view ? view.member.user.email : view.invite.target_email).toLowerCase(),
  toState: (view) => {
    if ("member" in view) {
      const m = view.member;
      return {
        email: m.user.email,
        level: levelName(m.level),
        status: "member",
        userUuid: m.user.uuid,
        inviteId: null,
        invitedAt: null,
        expiresAt: null,
        joinedAt: m.joined_at ?? null,
      };
    }
    const i = view.invite;
    return {
      email: i.target_email,
      level: levelName(i.level),
      status: i.is_expired ? "expired" : "invited",
      userUuid: null,
      inviteId: i.id,
      invitedAt: i.created_at,
      expiresAt: expiryOf(i.created_at),
      joinedAt: null,
    };
  },

  create: async (ctx, inputs) => converge(ctx, inputs, await lookUp(ctx, inputs.organizationId, inputs.email)),
  retrieve: (ctx, _id, state) => lookUp(ctx, state.organizationId, state.email),
  update: async (ctx, _id, news) => converge(ctx, news, await lookUp(ctx, news.organizationId, news.email)),
  delete: async (ctx, _id, state) => {
    if (state.onRemove === "retain") return;
    const found = await lookUp(ctx, state.organizationId, state.email);
    if (!found) return;
    if ("invite" in found) return ctx.client.invites.delete(state.organizationId, found.invite.id);
    const org = state.organizationId;
    const uuid = found.member.user.uuid;
    if (found.member.level !== LEVELS.member) await ctx.client.members.update(org, uuid, { level: LEVELS.member });
    if (state.onRemove === "remove") await ctx.client.members.delete(org, uuid);
  },
};
