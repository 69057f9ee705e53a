import * as pulumi from "@pulumi/pulumi";
import type { InviteState } from "../runtime/specs/invite";
import inviteShim = require("../shim/invite");
import { refuseImport } from "./claims";
import { PostHogResource, outputNames, props } from "./common";

/**
 * Manages an invitation to join a PostHog organization.
 *
 * Creating an invite sends it (PostHog first deletes any earlier invite for the same email); invites
 * created together in one run go out in bulk, up to 20 per request (and up to as many as the engine
 * runs at once: `pulumi up --parallel`). PostHog cannot edit an invite, so
 * changing any input of a pending invite replaces it with a new one (and a new email, unless
 * `sendEmail` is false). Invites expire after 3 days: with `onExpired: "reinvite"` (the default) an
 * expired invite shows as a replacement in the next preview and `up` sends a new one; with `"keep"`
 * it stays expired. `status` tells which: `"pending"`, `"expired"` or `"accepted"`.
 *
 * Once the invitee accepts, PostHog deletes the invite and the resource follows the new member: no
 * re-invite, `memberUuid` is set, and a later change of `level` updates the member's level in place
 * (under PostHog's rules, checked at preview). Inviting someone who already belongs to the
 * organization, or at a level above your own, is refused at preview.
 *
 * Deleting a pending or expired invite revokes it. **Warning:** deleting an accepted invite leaves
 * the member in the organization; removing access is the job of {@link OrganizationMember} (adopt
 * them with `onDestroy: "remove"`). Manage a member's level in one place only: an accepted Invite
 * and an OrganizationMember of the same person would each restore their own `level`.
 *
 * `import:` does not work for this (dynamic) resource, and this kind has no `adopt`: declare it
 * and let `pulumi up` create it.
 *
 * @example
 * ```ts
 * new posthog.Invite("grace", { email: "grace@example.com", level: "admin", firstName: "Grace" });
 * ```
 */
export class Invite extends PostHogResource {
  /** The organization the invite is for. */
  declare readonly organizationId: pulumi.Output<InviteState["organizationId"]>;
  /** The invitee's email, as PostHog stores it (the domain lowercased); the member's once accepted. */
  declare readonly email: pulumi.Output<InviteState["email"]>;
  /** The level the invitee joins at; once accepted, the member's current level. */
  declare readonly level: pulumi.Output<InviteState["level"]>;
  /** `"pending"` (sent, valid), `"expired"` (older than 3 days) or `"accepted"` (now a member). */
  declare readonly status: pulumi.Output<InviteState["status"]>;
  /** When the invite was created (ISO 8601). */
  declare readonly createdAt: pulumi.Output<InviteState["createdAt"]>;
  /** When the invite expires (ISO 8601, 3 days after creation); null once accepted. */
  declare readonly expiresAt: pulumi.Output<InviteState["expiresAt"]>;
  /** The member's user UUID once the invite is accepted; null before. */
  declare readonly memberUuid: pulumi.Output<InviteState["memberUuid"]>;
  /** The `firstName` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly firstName: pulumi.Output<InviteState["firstName"]>;
  /** The `message` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly message: pulumi.Output<InviteState["message"]>;
  /** The `sendEmail` input last applied (PostHog never reports it); undefined when the program leaves it unset. */
  declare readonly sendEmail: pulumi.Output<InviteState["sendEmail"]>;
  /** The `privateProjectAccess` input as PostHog reports it (levels by name); undefined when the program leaves it unset. */
  declare readonly privateProjectAccess: pulumi.Output<InviteState["privateProjectAccess"]>;
  /** The `onExpired` input: what `up` does about an expired invite. */
  declare readonly onExpired: pulumi.Output<InviteState["onExpired"]>;

  constructor(name: string, args: InviteArgs, opts?: pulumi.CustomResourceOptions) {
    refuseImport(inviteShim.kind, name, opts);
    super(
      inviteShim,
      name,
      props(
        { ...args },
        outputNames<InviteState>({
          organizationId: true,
          email: true,
          level: true,
          status: true,
          createdAt: true,
          expiresAt: true,
          memberUuid: true,
          firstName: true,
          message: true,
          sendEmail: true,
          privateProjectAccess: true,
          onExpired: true,
        }),
      ),
      opts,
    );
  }
}

/** The inputs of an {@link Invite}. */
export interface InviteArgs {
  /**
   * The UUID of the organization to invite to. Changing this replaces the invite.
   * @default the provider's `posthog:organizationId` configuration
   */
  organizationId?: pulumi.Input<string>;
  /**
   * The invitee's email address, at most 254 characters, compared ignoring case. It must not belong
   * to a member already (manage members with {@link OrganizationMember}). Changing this replaces the invite.
   */
  email: pulumi.Input<string>;
  /**
   * The level the invitee joins at: `"member"`, `"admin"` or `"owner"` (PostHog's 1, 8 and 15), not
   * above your own. Changing it replaces a pending invite; once accepted, it updates the member's level.
   */
  level: pulumi.Input<"member" | "admin" | "owner">;
  /** The invitee's first name, at most 30 characters, used in the email. Changing this replaces a pending invite. */
  firstName?: pulumi.Input<string>;
  /** A personal note included in the invitation email. Changing this replaces a pending invite. */
  message?: pulumi.Input<string>;
  /**
   * Whether PostHog emails the invitation. Write-only: PostHog never reports it, so the last applied
   * value is kept. Changing this replaces a pending invite.
   * @default true
   */
  sendEmail?: pulumi.Input<boolean>;
  /**
   * Access to private projects granted on joining, each a project's integer id and `"member"` or
   * `"admin"`. Changing this replaces a pending invite.
   * @example
   * ```ts
   * { privateProjectAccess: [{ projectId: web.projectId, level: "member" }] }
   * ```
   */
  privateProjectAccess?: pulumi.Input<pulumi.Input<PrivateProjectAccess>[]>;
  /**
   * What to do once the invite expired unaccepted (3 days after it was sent): `"reinvite"` replaces
   * it with a new one on the next `up` (shown in preview), `"keep"` leaves it expired. A provider
   * policy, never sent to PostHog: changing it changes nothing there.
   * @default "reinvite"
   */
  onExpired?: pulumi.Input<"reinvite" | "keep">;
}

/** Access to one private project, granted when the invite is accepted. */
export interface PrivateProjectAccess {
  /** The project's integer id (`project.projectId`). */
  projectId: pulumi.Input<number>;
  /** The level in that project: `"member"` or `"admin"`. */
  level: pulumi.Input<"member" | "admin">;
}
