// Organization membership: levels, PostHog's rules for changing them, and how a member is named
// (email or user UUID), shared by the Invite, OrganizationMember, Person, Roster and RoleMembership
// specs so each rule and its wording exist once. PostHog's domain, not the generic core (docs/posthog-api/FACTS.md §2.5, §4, §5;
// PostHog `posthog/models/organization.py` OrganizationMembership.validate_update,
// `posthog/api/organization_invite.py` validate_level).
import { z } from "zod";
import type { OrganizationMember } from "../../client/members";
import { whoAmI, type Context } from "../core/context";
import type { Failure } from "../core/spec";

/** PostHog's membership levels by the names the resources use. */
export const LEVELS = { member: 1, admin: 8, owner: 15 } as const;
/** A membership level as resources take it: `"member"` (1), `"admin"` (8) or `"owner"` (15). */
export type LevelName = keyof typeof LEVELS;

/** The `level` input of Invite and OrganizationMember. */
export const level = z.enum(["member", "admin", "owner"], { error: 'level must be "member", "admin" or "owner"' });

/** The number PostHog uses for a level name. */
export function levelNumber(name: LevelName): 1 | 8 | 15 {
  return LEVELS[name];
}

/** The name of a level PostHog reports; a level this version does not know keeps its number as text. */
export function levelName(value: number): string {
  const found = (Object.keys(LEVELS) as LevelName[]).find((k) => LEVELS[k] === value);
  return found ?? String(value);
}

/** Case-insensitive email equality (PostHog lowercases the domain; people type the rest freely). */
export function sameEmail(a: unknown, b: unknown): boolean {
  return typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();
}

/** An email as it is compared (a spec's `normalize`): lowercased; anything else as it is. */
export const foldEmail = (v: unknown): unknown => (typeof v === "string" ? v.toLowerCase() : v);

/** Inputs that name an organization member by exactly one of `email` and `userUuid`. */
export interface MemberName {
  organizationId: string;
  email?: string;
  userUuid?: string;
}

/** The name input a member is given by, for a failure's property. */
export const nameProperty = (inputs: Omit<MemberName, "organizationId">) =>
  inputs.email !== undefined ? "email" : "userUuid";

/** The rule that a member is named by exactly one of `email` and `userUuid`. */
export function oneMemberName(inputs: Omit<MemberName, "organizationId">): Failure[] {
  if ((inputs.userUuid === undefined) !== (inputs.email === undefined)) return [];
  return [
    {
      property: inputs.email ? "email" : "userUuid",
      reason: "Set exactly one of userUuid and email to name the member.",
    },
  ];
}

/** The member named by `userUuid` or `email` (ignoring case), from the cached member list. */
export function findNamedMember(ctx: Context, inputs: MemberName): Promise<OrganizationMember | undefined> {
  return inputs.userUuid !== undefined
    ? ctx.client.members.findByUserUuid(inputs.organizationId, inputs.userUuid)
    : ctx.client.members.findByEmail(inputs.organizationId, inputs.email ?? "");
}

/**
 * The API key user's membership of an organization (`users.me()` once per process, plus the cached
 * member list), or undefined when the key may not read its user (a scoped key without `user:read`):
 * rules that depend on the caller are then left to PostHog.
 */
export async function callerMembership(ctx: Context, organizationId: string): Promise<OrganizationMember | undefined> {
  const me = (await whoAmI(ctx)) as { uuid?: string } | undefined;
  if (!me?.uuid) return undefined;
  return (await ctx.client.members.listAll(organizationId)).find((m) => m.user.uuid === me.uuid);
}

/** A membership as the rules see it. */
export interface Party {
  uuid: string;
  email: string;
  level: number;
}

/** The caller or target member of a rule. */
export function party(member: OrganizationMember): Party {
  return { uuid: member.user.uuid, email: member.user.email, level: member.level };
}

/**
 * PostHog's validate_update: why `actor` may not change `target` to `newLevel` (null: remove
 * them), as PostHog words it followed by what to do; undefined when PostHog allows it. Same order
 * of checks as PostHog, so the first reason is the one PostHog would give.
 */
export function updateRefusal(actor: Party, target: Party, newLevel: number | null): string | undefined {
  const yours = `Your level is "${levelName(actor.level)}"`;
  if (newLevel !== null) {
    if (target.uuid === actor.uuid) {
      return `You can't change your own access level. ${target.email} is the API key's own user: keep "${levelName(target.level)}", or apply with another admin's or owner's key.`;
    }
    if (newLevel === LEVELS.owner) {
      if (actor.level !== LEVELS.owner)
        return `You can only make another member owner if you're this organization's owner. ${yours}: apply with an owner's key.`;
    } else if (newLevel > actor.level) {
      return `You can only change access level of others to lower or equal to your current one. ${yours}: choose "${levelName(actor.level)}" or lower, or apply with the key of a user whose level is higher.`;
    }
  }
  if (target.uuid !== actor.uuid) {
    if (actor.level < LEVELS.admin)
      return `You can only edit others if you are an admin. ${yours}: apply with an admin's or owner's key.`;
    if (target.level > actor.level)
      return `You can only edit others with level lower or equal to you. ${target.email} is "${levelName(target.level)}", above your "${levelName(actor.level)}": apply with an owner's key.`;
  }
  return undefined;
}

/**
 * PostHog's invite rule: nobody invites above their own level. The refusal as PostHog words it,
 * followed by what to do; `verb` is how the resource puts the person in ("invite", "declare").
 */
export function inviteAboveOwnRefusal(
  callerLevel: number,
  organizationId: string,
  email: string,
  level: LevelName,
  verb: "invite" | "declare",
): Failure {
  const yours = levelName(callerLevel);
  return {
    property: "level",
    reason: `You cannot invite a user with a higher permission level than your own. Your level in organization ${organizationId} is "${yours}": ${verb} ${email} as "${yours}" or lower, or apply with the key of a user whose level is "${level}".`,
  };
}
