import * as pulumi from "@pulumi/pulumi";
import type { RoleState } from "../runtime/specs/role";
import roleShim = require("../shim/role");
import { claimUnique, refuseImport } from "./claims";
import { AdoptableResource, outputNames, props } from "./common";
import { claimScope } from "./provider";

/**
 * Manages a role within a PostHog organization.
 *
 * Creating a role adds it to the organization; changing `name` renames it in place; changing
 * `organizationId` replaces it (the old role is deleted first, because names are unique per
 * organization). Deleting the role also removes all its role memberships. With `adopt: true`, an
 * existing role with the same name (case-insensitively) is taken over instead of created.
 *
 * Roles are part of PostHog's role-based access control, available on Enterprise plans.
 *
 * `import:` does not work for this (dynamic) resource; to take over an existing object, set
 * `adopt: true` instead. An adopted object stays in PostHog on destroy unless `deleteAdopted` is true.
 *
 * @example
 * ```ts
 * const engineering = new posthog.Role("engineering", { name: "Engineering" });
 * ```
 */
export class Role extends AdoptableResource {
  /** The organization the role belongs to. */
  declare readonly organizationId: pulumi.Output<RoleState["organizationId"]>;
  /** The role's name, as PostHog stores it. */
  declare readonly name: pulumi.Output<RoleState["name"]>;
  /** When the role was created (ISO 8601). */
  declare readonly createdAt: pulumi.Output<RoleState["createdAt"]>;
  /** Whether new members of the organization get this role automatically. */
  declare readonly isDefault: pulumi.Output<RoleState["isDefault"]>;

  constructor(name: string, args: RoleArgs, opts?: pulumi.CustomResourceOptions) {
    refuseImport(roleShim.kind, name, opts);
    claimUnique("Role name", claimScope(args.organizationId, opts), args.name, name);
    super(
      roleShim,
      name,
      props(
        { ...args },
        outputNames<RoleState>({
          organizationId: true,
          name: true,
          createdAt: true,
          isDefault: true,
          adopted: true,
          adopt: true,
          deleteAdopted: true,
        }),
      ),
      opts,
    );
  }
}

/** The inputs of a {@link Role}. */
export interface RoleArgs {
  /**
   * The UUID of the organization that owns the role. Changing this replaces the role.
   * @default the provider's `posthog:organizationId` configuration
   */
  organizationId?: pulumi.Input<string>;
  /**
   * The role's name: 1 to 200 characters, unique within the organization case-insensitively.
   * Changing it renames the role in place.
   */
  name: pulumi.Input<string>;
  /**
   * Take over an existing role with the same name (case-insensitively) instead of creating one.
   * @default false
   */
  adopt?: pulumi.Input<boolean>;
  /**
   * Delete the role on destroy, or when the resource leaves the program, even though it was adopted.
   * An adopted role was not created by this stack, so by default it stays in PostHog and only
   * leaves the stack's state. Changing this updates the state only: run `pulumi up` after setting
   * it, before the destroy. No effect on a role this stack created (that one is always deleted).
   * @default false
   */
  deleteAdopted?: pulumi.Input<boolean>;
}
