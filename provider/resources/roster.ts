import * as pulumi from "@pulumi/pulumi";
import type { RosterState } from "../runtime/specs/roster";
import rosterShim = require("../shim/roster");
import { PostHogResource, outputNames, props } from "./common";

/**
 * The people an org file declares and the rails that guard changes to them, judged at preview
 * before any write: a minimum number of owners, never removing or demoting the API key's own user,
 * and a cap on the share of members removed in one run. {@link Org} creates one and makes every
 * {@link Person} depend on it; in authoritative mode its `remove` lists the undeclared members and
 * invites that `up` removes. Not a PostHog object: deleting it sends nothing.
 */
export class Roster extends PostHogResource {
  /** The organization. */
  declare readonly organizationId: pulumi.Output<RosterState["organizationId"]>;
  /** Everyone the org file declares, as last applied. */
  declare readonly people: pulumi.Output<RosterState["people"]>;
  /** Undeclared members and invites still to remove: empty once applied. */
  declare readonly remove: pulumi.Output<RosterState["remove"]>;
  /** The `minOwners` rail last applied. */
  declare readonly minOwners: pulumi.Output<RosterState["minOwners"]>;
  /** The `maxRemovedPercent` rail last applied. */
  declare readonly maxRemovedPercent: pulumi.Output<RosterState["maxRemovedPercent"]>;
  /** The `protectKeyUser` rail last applied. */
  declare readonly protectKeyUser: pulumi.Output<RosterState["protectKeyUser"]>;

  constructor(name: string, args: RosterArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      rosterShim,
      name,
      props(
        { ...args },
        outputNames<RosterState>({
          organizationId: true,
          people: true,
          remove: true,
          minOwners: true,
          maxRemovedPercent: true,
          protectKeyUser: true,
        }),
      ),
      opts,
    );
  }
}

/** The inputs of a {@link Roster}. */
export interface RosterArgs {
  /**
   * The UUID of the organization.
   * @default the provider's `posthog:organizationId` configuration
   */
  organizationId?: pulumi.Input<string>;
  /** Everyone declared: email, level and what removing them does. */
  people: pulumi.Input<RosterPerson[]>;
  /** Emails of undeclared members and invites to remove on `up` (authoritative mode). @default [] */
  remove?: pulumi.Input<string[]>;
  /** Refuse a change that leaves fewer owners than this. @default 1 */
  minOwners?: pulumi.Input<number>;
  /** Refuse a change that removes more than this share of the members (percent). @default 25 */
  maxRemovedPercent?: pulumi.Input<number>;
  /** Refuse a change that removes or demotes the API key's own user. @default true */
  protectKeyUser?: pulumi.Input<boolean>;
}

/** One declared person, as the rails see them. */
export interface RosterPerson {
  /** The person's email (compared ignoring case). */
  email: string;
  /** The level the file declares. */
  level: "member" | "admin" | "owner";
  /** What removing the person from the file does. @default "remove" */
  onRemove?: "remove" | "downgrade" | "retain";
}
