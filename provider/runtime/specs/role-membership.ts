// RoleMembership: one organization member in one role.
// API quirks that shaped this spec (docs/posthog-api/FACTS.md §8 and §11, PostHog ee/api/rbac/role.py):
// - there is no update: any change replaces, and the old membership goes first because a
//   (role, user) pair is unique ("User is already part of the role.");
// - the API takes a user UUID; users think in emails, so either is accepted and an email is
//   resolved through the organization's member list (read once per run and shared);
// - the user must already be an active member ("User does not exist."), checked at preview;
// - deleting the role or the membership in the organization removes this server-side.
import { z } from "zod";
import type { RoleMembership as WireRoleMembership } from "../../client/role-memberships";
import type { Context } from "../core/context";
import { adopt, deleteAdopted, organizationDefault, organizationId } from "../core/fields";
import type { Adoptable, ResourceSpec, StateOf } from "../core/spec";
import { findNamedMember, foldEmail, nameProperty, oneMemberName } from "../rules/membership";
import { isKnown } from "../core/unknowns";

export const RoleMembershipInputs = z.strictObject({
  organizationId,
  roleId: z.uuid({ error: "roleId must be the id of a Role (e.g. `role.id`)" }),
  userUuid: z.uuid({ error: "userUuid must be a PostHog user UUID" }).optional(),
  email: z.email({ error: "email must be an email address" }).optional(),
  adopt,
  deleteAdopted,
});
export type RoleMembershipInputs = z.infer<typeof RoleMembershipInputs> & { organizationId: string };

/** A role membership's state: its inputs, and the member as PostHog reports them. */
export type RoleMembershipState = StateOf<
  RoleMembershipInputs,
  Adoptable & { memberUuid: string; memberEmail: string; joinedAt: string | null }
>;

/** The member's user UUID, from `userUuid` or by looking `email` up among the organization's members. */
async function userUuidOf(ctx: Context, inputs: RoleMembershipInputs): Promise<string | undefined> {
  return inputs.userUuid ?? (await findNamedMember(ctx, inputs))?.user.uuid;
}

const notAMember = (inputs: RoleMembershipInputs) =>
  `${inputs.email ?? inputs.userUuid} is not a member of organization ${inputs.organizationId}. Invite them first (posthog.Invite) and add the membership once they have joined, or check the ${nameProperty(inputs)}.`;

export const roleMembership: ResourceSpec<
  RoleMembershipInputs,
  WireRoleMembership,
  RoleMembershipState,
  "RoleMembership"
> = {
  kind: "RoleMembership",
  noun: "role membership",
  label: ["email", "userUuid"],
  stateVersion: 1,
  args: RoleMembershipInputs,
  deleteBeforeReplace: true,
  defaults: organizationDefault,
  normalize: { email: foldEmail },
  validate: oneMemberName,
  // Needs only the organization and the person: runs while roleId is still unknown (a role created
  // in the same program), which is how memberships are usually declared.
  verify: async (ctx, inputs) => {
    if (inputs.adopt || !isKnown(inputs.organizationId, inputs.email, inputs.userUuid, inputs.adopt)) return [];
    const member = await findNamedMember(ctx, inputs);
    return member ? [] : [{ property: nameProperty(inputs), reason: notAMember(inputs) }];
  },

  warnings: (state, inputs, changes) =>
    changes.replaces.length > 0 && state.adopted !== true
      ? [
          `PostHog cannot edit a role membership: replacing it removes ${state.memberEmail ?? "the member"} from the role first, then adds ${inputs.email ?? inputs.userUuid} to ${changes.replaces.includes("roleId") ? "the new role" : "the role"}.`,
        ]
      : [],

  id: (wire) => wire.id,
  toState: (wire, inputs) => ({
    roleId: wire.role_id ?? inputs.roleId,
    ...(inputs.userUuid !== undefined ? { userUuid: wire.user.uuid } : {}),
    ...(inputs.email !== undefined ? { email: wire.user.email } : {}),
    memberUuid: wire.user.uuid,
    memberEmail: wire.user.email,
    joinedAt: wire.joined_at ?? null,
  }),

  create: async (ctx, inputs) => {
    const uuid = await userUuidOf(ctx, inputs);
    if (!uuid) throw new Error(notAMember(inputs));
    return ctx.client.roleMemberships.create(inputs.organizationId, inputs.roleId, { user_uuid: uuid });
  },
  retrieve: (ctx, id, state) => ctx.client.roleMemberships.find(state.organizationId, state.roleId, id),
  delete: (ctx, id, state) => ctx.client.roleMemberships.delete(state.organizationId, state.roleId, id),
  // One membership per (role, user): the one PostHog refuses to create again is ours.
  existing: "take",
  adopt: async (ctx, inputs) => {
    const uuid = await userUuidOf(ctx, inputs);
    if (!uuid) return undefined;
    const all = await ctx.client.roleMemberships.listAll(inputs.organizationId, inputs.roleId);
    return all.find((m) => m.user.uuid === uuid);
  },
};
