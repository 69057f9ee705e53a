import * as pulumi from "@pulumi/pulumi";
import type { PersonState } from "../runtime/specs/person";
import personShim = require("../shim/person");
import { PostHogResource, outputNames, props } from "./common";

/**
 * Manages one person's access to a PostHog organization for their whole life, declared once by
 * email and level.
 *
 * Creating it adopts the member if they already joined (setting the level if it differs), takes
 * over a pending invite at the same level without sending another email, and invites them
 * otherwise. While they have not accepted, `status` is `"invited"`; an invite past PostHog's 3 days
 * shows as `"expired"` and is re-sent on the next `up` (`onExpired: "keep"` opts out); once they
 * join, `status` is `"member"` and the resource follows the membership: no re-invite, no
 * replacement, and a `level` change updates the member in place. PostHog's level rules are checked
 * at preview against your own membership.
 *
 * Deleting it (e.g. deleting the person's line from an org file) follows `onRemove`: `"remove"`
 * (the default) removes the member, or revokes the pending invite; `"downgrade"` sets the member to
 * `"member"`; `"retain"` leaves everything as it is. PostHog never removes an owner directly, so an
 * owner is first set to `"member"`.
 *
 * @example
 * ```ts
 * new posthog.Person("ada", { email: "ada@example.com", level: "admin" });
 * ```
 */
export class Person extends PostHogResource {
  /** The organization the person belongs to or is invited to. */
  declare readonly organizationId: pulumi.Output<PersonState["organizationId"]>;
  /** The person's email as PostHog reports it (the resource's id is its lowercased form). */
  declare readonly email: pulumi.Output<PersonState["email"]>;
  /** The level PostHog reports: `"member"`, `"admin"` or `"owner"`. */
  declare readonly level: pulumi.Output<PersonState["level"]>;
  /** `"invited"`, `"expired"` (the invite is past its 3 days) or `"member"`. */
  declare readonly status: pulumi.Output<PersonState["status"]>;
  /** The member's user UUID once they joined, else null. */
  declare readonly userUuid: pulumi.Output<PersonState["userUuid"]>;
  /** The pending invite's id while invited, else null. */
  declare readonly inviteId: pulumi.Output<PersonState["inviteId"]>;
  /** When the current invite was sent (ISO 8601), else null. */
  declare readonly invitedAt: pulumi.Output<PersonState["invitedAt"]>;
  /** When the current invite expires (ISO 8601), else null. */
  declare readonly expiresAt: pulumi.Output<PersonState["expiresAt"]>;
  /** When the member joined (ISO 8601), else null. */
  declare readonly joinedAt: pulumi.Output<PersonState["joinedAt"]>;
  /** The `firstName` input last applied (sent with an invite); undefined when the program leaves it unset. */
  declare readonly firstName: pulumi.Output<PersonState["firstName"]>;
  /** The `onExpired` input: what `up` does about an expired invite. */
  declare readonly onExpired: pulumi.Output<PersonState["onExpired"]>;
  /** The `onRemove` input: what removing the person does. */
  declare readonly onRemove: pulumi.Output<PersonState["onRemove"]>;

  constructor(name: string, args: PersonArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      personShim,
      name,
      props(
        { ...args },
        outputNames<PersonState>({
          organizationId: true,
          email: true,
          level: true,
          status: true,
          userUuid: true,
          inviteId: true,
          invitedAt: true,
          expiresAt: true,
          joinedAt: true,
          firstName: true,
          onExpired: true,
          onRemove: true,
        }),
      ),
      opts,
    );
  }
}

/** The inputs of a {@link Person}. */
export interface PersonArgs {
  /**
   * The UUID of the organization. Changing this replaces the resource.
   * @default the provider's `posthog:organizationId` configuration
   */
  organizationId?: pulumi.Input<string>;
  /** The person's email (compared ignoring case). Another email is another person: it replaces the resource. */
  email: pulumi.Input<string>;
  /** The person's level: `"member"`, `"admin"` or `"owner"` (PostHog's 1, 8 and 15). */
  level: pulumi.Input<"member" | "admin" | "owner">;
  /** First name sent with an invite (at most 30 characters); ignored once they joined. */
  firstName?: pulumi.Input<string>;
  /**
   * What to do with an invite past PostHog's 3-day validity: `"reinvite"` sends a new one on the
   * next `up`, `"keep"` leaves it expired.
   * @default "reinvite"
   */
  onExpired?: pulumi.Input<"reinvite" | "keep">;
  /**
   * What deleting the resource does: `"remove"` removes the member (or revokes the invite),
   * `"downgrade"` sets the member's level to `"member"`, `"retain"` leaves them as they are.
   * @default "remove"
   */
  onRemove?: pulumi.Input<"remove" | "downgrade" | "retain">;
}
