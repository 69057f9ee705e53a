// Role: a named set of organization members (PostHog RBAC, an Enterprise feature).
// API quirks that shaped this spec (docs/posthog-api/FACTS.md §8, PostHog ee/api/rbac/role.py):
// - names are at most 200 characters and unique per organization case-insensitively, so a rename is
//   an in-place PATCH, and a replacement must delete the old role before creating the new one;
// - PUT and PATCH both exist; we only PATCH;
// - deleting a role cascades its role memberships server-side.
import { z } from "zod";
import type { Role as WireRole } from "../../client/roles";
import { adopt, deleteAdopted, organizationDefault, organizationId } from "../core/fields";
import type { Adoptable, ResourceSpec, StateOf } from "../core/spec";

export const RoleInputs = z.strictObject({
  organizationId,
  name: z
    .string({ error: "name is required: give the role a name" })
    .trim()
    .min(1, "name must not be empty: give the role a name")
    .max(200, "name is longer than PostHog's limit of 200 characters: shorten it"),
  adopt,
  deleteAdopted,
});
export type RoleInputs = z.infer<typeof RoleInputs> & { organizationId: string };

/** A role's state: its inputs as PostHog reports them, when it was created and whether it is the default. */
export type RoleState = StateOf<RoleInputs, Adoptable & { createdAt: string | null; isDefault: boolean }>;

export const role: ResourceSpec<RoleInputs, WireRole, RoleState, "Role"> = {
  kind: "Role",
  label: ["name"],
  stateVersion: 1,
  args: RoleInputs,
  replaceOnChanges: ["organizationId"],
  deleteBeforeReplace: true,
  defaults: organizationDefault,
  warnings: (state, _inputs, changes) =>
    changes.replaces.length > 0 && state.adopted !== true
      ? [
          `replacing the role deletes "${state.name}" in organization ${state.organizationId} first, and with it every role membership it has in PostHog (their RoleMembership resources are then recreated only if they depend on the new role).`,
        ]
      : [],

  id: (wire) => wire.id,
  toState: (wire) => ({ name: wire.name, createdAt: wire.created_at ?? null, isDefault: wire.is_default ?? false }),

  create: (ctx, inputs) => ctx.client.roles.create(inputs.organizationId, { name: inputs.name }),
  retrieve: (ctx, id, state) => ctx.client.roles.find(state.organizationId, id),
  update: (ctx, id, news) => ctx.client.roles.update(news.organizationId, id, { name: news.name }),
  delete: (ctx, id, state) => ctx.client.roles.delete(state.organizationId, id),
  // Names are unique per organization (ignoring case): one PostHog refuses to create again is ours.
  existing: "take",
  // Taken over only under the very name declared: another casing was made by someone else.
  exactMatch: (wire, inputs) => wire.name === inputs.name,
  adopt: (ctx, inputs) => ctx.client.roles.findByName(inputs.organizationId, inputs.name),
};
