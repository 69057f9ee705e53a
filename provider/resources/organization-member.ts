import * as pulumi from "@pulumi/pulumi";
import type { OrganizationMemberState } from "../runtime/specs/organization-member";
import organizationMemberShim = require("../shim/organization-member");
import { refuseImport } from "./claims";
import { PostHogResource, outputNames, props } from "./common";

/**
 * Manages a member's level within a PostHog organization.
 *
 * PostHog adds members only when they accept an invite (see {@link Invite}), so creating this
 * resource adopts an existing member, named by `email` or `userUuid`, and sets their `level` if it
 * differs; someone who is not a member yet is refused at preview. Changing `level` updates it in
 * place; naming another person replaces the resource. A level changed in PostHog shows on
 * `pulumi refresh` and `pulumi up` restores the declared one. PostHog's rules are checked at preview
 * against your own membership: nobody changes their own level, only owners make owners, nobody
 * grants a level above their own, and admins only edit members at or below their level.
 *
 * Deleting the resource follows `onDestroy`: `"retain"` (the default) leaves the member as they
 * are, `"downgrade"` sets them to `"member"`, `"remove"` removes them from the organization (and
 * from its roles). PostHog never removes an owner, so `"remove"` with level `"owner"` is refused
 * at preview.
 *
 * `import:` does not work for this (dynamic) resource: an existing member is taken over by
 * declaring it (there is nothing to create), and `onDestroy` says what destroy does to them.
 *
 * @example
 * ```ts
 * new posthog.OrganizationMember("ada", { email: "ada@example.com", level: "admin", onDestroy: "downgrade" });
 * ```
 */
export class OrganizationMember extends PostHogResource {
  /** The organization the member belongs to. */
  declare readonly organizationId: pulumi.Output<OrganizationMemberState["organizationId"]>;
  /** The member's email. */
  declare readonly email: pulumi.Output<OrganizationMemberState["email"]>;
  /** The member's user UUID (also the resource's id). */
  declare readonly userUuid: pulumi.Output<OrganizationMemberState["userUuid"]>;
  /** The member's level as PostHog reports it: `"member"`, `"admin"` or `"owner"`. */
  declare readonly level: pulumi.Output<OrganizationMemberState["level"]>;
  /** The member's first name. */
  declare readonly firstName: pulumi.Output<OrganizationMemberState["firstName"]>;
  /** When the member joined the organization (ISO 8601). */
  declare readonly joinedAt: pulumi.Output<OrganizationMemberState["joinedAt"]>;
  /** The `onDestroy` input: what destroy does to the member. */
  declare readonly onDestroy: pulumi.Output<OrganizationMemberState["onDestroy"]>;

  constructor(name: string, args: OrganizationMemberArgs, opts?: pulumi.CustomResourceOptions) {
    refuseImport(organizationMemberShim.kind, name, opts);
    super(
      organizationMemberShim,
      name,
      props(
        { ...args },
        outputNames<OrganizationMemberState>({
          organizationId: true,
          email: true,
          userUuid: true,
          level: true,
          firstName: true,
          joinedAt: true,
          onDestroy: true,
        }),
      ),
      // With onDestroy "retain" (the default) destroy removes nobody: Pulumi's own retainOnDelete
      // makes the plan say so ("delete[retain]") instead of a bare "delete".
      args.onDestroy === undefined || args.onDestroy === "retain" ? { retainOnDelete: true, ...opts } : opts,
    );
  }
}

/** The inputs of an {@link OrganizationMember}. Set exactly one of `email` and `userUuid`. */
export interface OrganizationMemberArgs {
  /**
   * The UUID of the organization. Changing this replaces the resource.
   * @default the provider's `posthog:organizationId` configuration
   */
  organizationId?: pulumi.Input<string>;
  /** The member's email (compared ignoring case). Naming another person replaces the resource. */
  email?: pulumi.Input<string>;
  /** The member's user UUID. Naming another person replaces the resource. */
  userUuid?: pulumi.Input<string>;
  /**
   * The member's level: `"member"`, `"admin"` or `"owner"` (PostHog's 1, 8 and 15). Changing it
   * updates the member in place; it cannot be your own member's level, nor above your own.
   */
  level: pulumi.Input<"member" | "admin" | "owner">;
  /**
   * What deleting the resource does to the member: `"retain"` leaves them as they are,
   * `"downgrade"` sets their level to `"member"`, `"remove"` removes them from the organization
   * (not allowed for owners, nor for the API key's own user).
   * @default "retain"
   */
  onDestroy?: pulumi.Input<"remove" | "retain" | "downgrade">;
}
