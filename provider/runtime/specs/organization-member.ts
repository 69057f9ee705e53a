// OrganizationMember: one existing member of the organization and their level.
// API quirks that shaped this spec (docs/posthog-api/FACTS.md §4, §2.5 and §11, PostHog posthog/api/organization_member.py,
// posthog/models/organization.py, posthog/models/user.py):
// - members cannot be created through the API (only by accepting an invite): create adopts an
//   existing member, named by email or user UUID, and PATCHes the level if it differs;
// - there is no GET by id (405): reads go through the member list, one cached read per run;
// - the id in paths is the user's UUID, which is also this resource's id;
// - PostHog's level rules (validate_update: nobody changes their own level, only owners grant owner,
//   nobody grants above their own level, admins only edit members at or below theirs) are checked
//   at preview against the API key user's own membership, in PostHog's words;
// - an owner can never be removed (400 "Cannot leave the organization as its owner!"), so
//   `onDestroy: "remove"` with level owner is refused at preview.
import { z } from "zod";
import type { OrganizationMember as WireMember } from "../../client/members";
import { organizationDefault, organizationId } from "../core/fields";
import {
  callerMembership,
  findNamedMember,
  foldEmail,
  LEVELS,
  level,
  levelName,
  levelNumber,
  nameProperty,
  oneMemberName,
  party,
  updateRefusal,
} from "../rules/membership";
import type { Failure, ResourceSpec, StateOf } from "../core/spec";
import { warn } from "../core/log";
import { isKnown } from "../core/unknowns";

export const OrganizationMemberInputs = z.strictObject({
  organizationId,
  email: z.email({ error: "email must be an email address" }).optional(),
  userUuid: z.uuid({ error: "userUuid must be a PostHog user UUID" }).optional(),
  level,
  onDestroy: z
    .enum(["remove", "retain", "downgrade"], { error: 'onDestroy must be "remove", "retain" or "downgrade"' })
    .default("retain"),
});
export type OrganizationMemberInputs = z.infer<typeof OrganizationMemberInputs> & { organizationId: string };

/** A member's state: both names and the level as PostHog reports them, their first name and join date. */
export type OrganizationMemberState = StateOf<
  OrganizationMemberInputs,
  { email: string; userUuid: string; level: string; firstName: string | null; joinedAt: string | null }
>;

const notAMember = (inputs: OrganizationMemberInputs) =>
  `${inputs.email ?? inputs.userUuid} is not a member of organization ${inputs.organizationId}, and PostHog only adds members who accept an invite. Invite them first (posthog.Invite) and adopt them once they have joined, or check the ${nameProperty(inputs)}.`;

export const organizationMember: ResourceSpec<
  OrganizationMemberInputs,
  WireMember,
  OrganizationMemberState,
  "OrganizationMember"
> = {
  kind: "OrganizationMember",
  noun: "organization member",
  label: ["email", "userUuid"],
  stateVersion: 1,
  args: OrganizationMemberInputs,
  // Another email or user UUID is another person: the old one goes per `onDestroy`, the new one is adopted.
  replaceOnChanges: ["organizationId", "email", "userUuid"],
  defaults: organizationDefault,
  normalize: { email: foldEmail },
  validate: (inputs): Failure[] => {
    const failures = oneMemberName(inputs);
    if (inputs.onDestroy === "remove" && inputs.level === "owner" && isKnown(inputs.onDestroy, inputs.level)) {
      failures.push({
        property: "onDestroy",
        reason:
          'Cannot leave the organization as its owner! PostHog never removes an owner: set onDestroy to "downgrade" or "retain", or give the member a lower level first.',
      });
    }
    return failures;
  },
  verify: async (ctx, inputs, olds) => {
    // Each rule runs when what it reads is known: the person first, then the level and onDestroy.
    if (!isKnown(inputs.organizationId, inputs.email, inputs.userUuid)) return [];
    const target = await findNamedMember(ctx, inputs);
    if (!target) return [{ property: nameProperty(inputs), reason: notAMember(inputs) }];
    const caller = await callerMembership(ctx, inputs.organizationId);
    if (!caller) return [];
    const failures: Failure[] = [];
    if (!isKnown(inputs.level)) return failures;
    // Members carry no tag a stack could set, but this is observable: the level this stack last
    // applied, unchanged in the program, differs from PostHog's. Someone else sets it: another
    // stack declaring this member, or the UI. Two such stacks would swap the level on every up.
    if (olds.level === inputs.level && levelNumber(inputs.level) !== target.level)
      await warn(
        `organization member "${target.user.email}" in organization ${inputs.organizationId}: PostHog has level "${levelName(target.level)}", not the "${inputs.level}" this stack applied, so another declaration changed it (another stack declaring this member, or the PostHog UI). \`up\` sets "${inputs.level}" again; if another stack declares this member too, each \`up\` undoes the other's. Declare the member's level in one stack only (or set ignoreChanges: ["level"]).`,
      );
    const wanted = levelNumber(inputs.level);
    const refuse = (property: string, reason: string | undefined) => reason && failures.push({ property, reason });
    if (target.level !== wanted) refuse("level", updateRefusal(party(caller), party(target), wanted));
    // What destroy will do, judged as the member will then be (at the declared level).
    const atDestroy = { ...party(target), level: wanted };
    if (!isKnown(inputs.onDestroy)) return failures;
    if (inputs.onDestroy === "remove") {
      if (target.user.uuid === caller.user.uuid) {
        refuse(
          "onDestroy",
          `${target.user.email} is the API key's own user: removing them on destroy would lock this stack out of organization ${inputs.organizationId}. Set onDestroy to "retain".`,
        );
      } else {
        refuse("onDestroy", updateRefusal(party(caller), atDestroy, null));
      }
    }
    if (inputs.onDestroy === "downgrade" && wanted !== LEVELS.member)
      refuse("onDestroy", updateRefusal(party(caller), atDestroy, LEVELS.member));
    return failures;
  },

  warnings: (state, inputs, changes) => {
    const effects: string[] = [];
    if (changes.replaces.length > 0) {
      const old = String(state.email ?? state.userUuid);
      const fate =
        state.onDestroy === "remove"
          ? "removed from the organization"
          : state.onDestroy === "downgrade"
            ? 'kept as a "member"'
            : "kept in the organization at their level (onDestroy: retain)";
      effects.push(
        `PostHog cannot create members: replacing this OrganizationMember takes over the existing member ${inputs.email ?? inputs.userUuid} (nobody is invited), and ${old} is ${fate}.`,
      );
    } else if (changes.changed.length === 1 && changes.changed[0] === "onDestroy") {
      effects.push(
        `only onDestroy changes: nothing is sent to PostHog, it decides what destroy will do to ${state.email}.`,
      );
    }
    return effects;
  },

  id: (wire) => wire.user.uuid,
  toState: (wire) => ({
    email: wire.user.email,
    userUuid: wire.user.uuid,
    level: levelName(wire.level),
    firstName: wire.user.first_name ?? null,
    joinedAt: wire.joined_at ?? null,
  }),

  create: async (ctx, inputs) => {
    const member = await findNamedMember(ctx, inputs);
    if (!member) throw new Error(notAMember(inputs));
    const wanted = levelNumber(inputs.level);
    return member.level === wanted
      ? member
      : ctx.client.members.update(inputs.organizationId, member.user.uuid, { level: wanted });
  },
  retrieve: (ctx, id, state) => ctx.client.members.findByUserUuid(state.organizationId, id),
  update: async (ctx, id, news, olds) => {
    if (news.level !== olds.level)
      return ctx.client.members.update(news.organizationId, id, { level: levelNumber(news.level) });
    // Only `onDestroy` changed: nothing to send.
    const member = await ctx.client.members.findByUserUuid(news.organizationId, id);
    if (!member)
      throw new Error(
        `the member is no longer in organization ${news.organizationId}. Run \`pulumi refresh\` to drop them from the state.`,
      );
    return member;
  },
  delete: async (ctx, id, state) => {
    if (state.onDestroy === "remove") return ctx.client.members.delete(state.organizationId, id);
    if (state.onDestroy === "downgrade" && state.level !== "member") {
      await ctx.client.members.update(state.organizationId, id, { level: LEVELS.member });
    }
    // "retain" (the default): the member keeps their access; the resource only stops managing them.
  },
};
