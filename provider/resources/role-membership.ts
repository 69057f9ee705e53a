import * as pulumi from "@pulumi/pulumi";
import type { RoleMembershipState } from "../runtime/specs/role-membership";
import roleMembershipShim = require("../shim/role-membership");
import { refuseImport } from "./claims";
import { AdoptableResource, outputNames, props } from "./common";

/**
 * Manages one member's membership in a role within a PostHog organization.
 *
 * The member is named by `email` or `userUuid` and must already belong to the organization (checked
 * at preview). A membership cannot be edited: changing any input replaces it, removing the old one
 * first. Deleting the role or removing the member from the organization also removes it in PostHog;
 * the next refresh then drops it from state. Roles are part of PostHog's role-based access control, available on Enterprise plans.
 *
 * `import:` does not work for this (dynamic) resource; to take over an existing object, set
 * `adopt: true` instead. An adopted object stays in PostHog on destroy unless `deleteAdopted` is true.
 *
 * @example
 * ```ts
 * new posthog.RoleMembership("ada-engineering", { roleId: engineering.id, email: "ada@example.com" });
 * ```
 */
export class RoleMembership extends AdoptableResource {
  /** The role's id. */
  declare readonly roleId: pulumi.Output<RoleMembershipState["roleId"]>;
  /** The member's user UUID. */
  declare readonly memberUuid: pulumi.Output<RoleMembershipState["memberUuid"]>;
  /** The member's email. */
  declare readonly memberEmail: pulumi.Output<RoleMembershipState["memberEmail"]>;
  /** When the member joined the role (ISO 8601). */
  declare readonly joinedAt: pulumi.Output<RoleMembershipState["joinedAt"]>;
  /** The organization the role belongs to. */
  declare readonly organizationId: pulumi.Output<RoleMembershipState["organizationId"]>;
  /** The `userUuid` input as PostHog reports it; undefined when the member is named by email. */
  declare readonly userUuid: pulumi.Output<RoleMembershipState["userUuid"]>;
  /** The `email` input as PostHog reports it; undefined when the member is named by user UUID. */
  declare readonly email: pulumi.Output<RoleMembershipState["email"]>;

  constructor(name: string, args: RoleMembershipArgs, opts?: pulumi.CustomResourceOptions) {
    refuseImport(roleMembershipShim.kind, name, opts);
    super(
      roleMembershipShim,
      name,
      props(
        { ...args },
        outputNames<RoleMembershipState>({
          roleId: true,
          memberUuid: true,
          memberEmail: true,
          joinedAt: true,
          adopted: true,
          organizationId: true,
          userUuid: true,
          email: true,
          adopt: true,
          deleteAdopted: true,
        }),
      ),
      opts,
    );
  }
}

/** The inputs of a {@link RoleMembership}. Set exactly one of `email` and `userUuid`. */
export interface RoleMembershipArgs {
  /**
   * The UUID of the organization. Changing this replaces the membership.
   * @default the provider's `posthog:organizationId` configuration
   */
  organizationId?: pulumi.Input<string>;
  /** The role's id, e.g. `role.id`. Changing this replaces the membership. */
  roleId: pulumi.Input<string>;
  /** The member's user UUID. Changing this replaces the membership. */
  userUuid?: pulumi.Input<string>;
  /** The member's email (compared ignoring case). Changing this replaces the membership. */
  email?: pulumi.Input<string>;
  /** Take over an existing membership of this member in this role instead of failing. @default false */
  adopt?: pulumi.Input<boolean>;
  /**
   * Delete the membership on destroy, or when the resource leaves the program, even though it was adopted.
   * An adopted membership was not created by this stack, so by default it stays in PostHog and only
   * leaves the stack's state. Changing this updates the state only: run `pulumi up` after setting
   * it, before the destroy. No effect on a membership this stack created (that one is always deleted).
   * @default false
   */
  deleteAdopted?: pulumi.Input<boolean>;
}
