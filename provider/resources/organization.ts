import * as pulumi from "@pulumi/pulumi";
import type { OrganizationState } from "../runtime/specs/organization";
import organizationShim = require("../shim/organization");
import { refuseImport } from "./claims";
import { AdoptableResource, outputNames, props } from "./common";

/**
 * Manages a PostHog organization.
 *
 * Creating one makes the API key's user its owner and gives it a default project; PostHog also
 * switches that user's current organization to it (this provider never relies on the current
 * organization). Changing any setting updates it in place (admin level needed). Deleting it needs
 * the owner level and deletes all its projects and data. **Warning:** protect organizations you
 * care about with the `protect` or `retainOnDelete` resource options. With `adopt: true`, the one
 * organization of that name the key can see is taken over instead of created.
 *
 * `import:` does not work for this (dynamic) resource; to take over an existing object, set
 * `adopt: true` instead. An adopted object stays in PostHog on destroy unless `deleteAdopted` is true.
 *
 * @example
 * ```ts
 * const org = new posthog.Organization("acme", { name: "Acme", enforce2fa: true });
 * ```
 */
export class Organization extends AdoptableResource {
  /** The organization's name. */
  declare readonly name: pulumi.Output<OrganizationState["name"]>;
  /** The URL slug PostHog chose from the name (a random suffix is added on collision). */
  declare readonly slug: pulumi.Output<OrganizationState["slug"]>;
  /** When the organization was created (ISO 8601). */
  declare readonly createdAt: pulumi.Output<OrganizationState["createdAt"]>;
  /** The API key user's membership level in it: 1 member, 8 admin, 15 owner. */
  declare readonly membershipLevel: pulumi.Output<OrganizationState["membershipLevel"]>;
  /** The `logoMediaId` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly logoMediaId: pulumi.Output<OrganizationState["logoMediaId"]>;
  /** The `isMemberJoinEmailEnabled` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly isMemberJoinEmailEnabled: pulumi.Output<OrganizationState["isMemberJoinEmailEnabled"]>;
  /** The `enforce2fa` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly enforce2fa: pulumi.Output<OrganizationState["enforce2fa"]>;
  /** The `membersCanInvite` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly membersCanInvite: pulumi.Output<OrganizationState["membersCanInvite"]>;
  /** The `membersCanUsePersonalApiKeys` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly membersCanUsePersonalApiKeys: pulumi.Output<OrganizationState["membersCanUsePersonalApiKeys"]>;
  /** The `allowPubliclySharedResources` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly allowPubliclySharedResources: pulumi.Output<OrganizationState["allowPubliclySharedResources"]>;
  /** The `isAiDataProcessingApproved` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly isAiDataProcessingApproved: pulumi.Output<OrganizationState["isAiDataProcessingApproved"]>;
  /** The `defaultAnonymizeIps` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly defaultAnonymizeIps: pulumi.Output<OrganizationState["defaultAnonymizeIps"]>;
  /** The `defaultExperimentStatsMethod` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly defaultExperimentStatsMethod: pulumi.Output<OrganizationState["defaultExperimentStatsMethod"]>;

  constructor(name: string, args: OrganizationArgs, opts?: pulumi.CustomResourceOptions) {
    refuseImport(organizationShim.kind, name, opts);
    super(
      organizationShim,
      name,
      props(
        { ...args },
        outputNames<OrganizationState>({
          name: true,
          slug: true,
          createdAt: true,
          membershipLevel: true,
          adopted: true,
          logoMediaId: true,
          isMemberJoinEmailEnabled: true,
          enforce2fa: true,
          membersCanInvite: true,
          membersCanUsePersonalApiKeys: true,
          allowPubliclySharedResources: true,
          isAiDataProcessingApproved: true,
          defaultAnonymizeIps: true,
          defaultExperimentStatsMethod: true,
          adopt: true,
          deleteAdopted: true,
        }),
      ),
      opts,
    );
  }
}

/** The inputs of an {@link Organization}. Settings left unset are not managed. */
export interface OrganizationArgs {
  /** The organization's name, 1 to 64 characters. Not unique in PostHog. */
  name: pulumi.Input<string>;
  /** UUID of an uploaded media file to use as the logo, or null for none. */
  logoMediaId?: pulumi.Input<string | null>;
  /** Email members when someone joins the organization. @default true */
  isMemberJoinEmailEnabled?: pulumi.Input<boolean>;
  /** Require two-factor authentication for every member. */
  enforce2fa?: pulumi.Input<boolean>;
  /** Let members (not only admins) invite people. @default true */
  membersCanInvite?: pulumi.Input<boolean>;
  /** Let members use personal API keys with this organization. @default true */
  membersCanUsePersonalApiKeys?: pulumi.Input<boolean>;
  /** Allow dashboards and insights to be shared publicly. @default true */
  allowPubliclySharedResources?: pulumi.Input<boolean>;
  /** Approve processing data with AI features. */
  isAiDataProcessingApproved?: pulumi.Input<boolean>;
  /** Anonymize IP addresses by default in new projects. @default false */
  defaultAnonymizeIps?: pulumi.Input<boolean>;
  /** Statistics engine for new experiments: `"bayesian"` or `"frequentist"`. @default "bayesian" */
  defaultExperimentStatsMethod?: pulumi.Input<"bayesian" | "frequentist">;
  /** Take over the one existing organization with this name instead of creating one. @default false */
  adopt?: pulumi.Input<boolean>;
  /**
   * Delete the organization on destroy, or when the resource leaves the program, even though it was adopted.
   * An adopted organization was not created by this stack, so by default it stays in PostHog and only
   * leaves the stack's state. Changing this updates the state only: run `pulumi up` after setting
   * it, before the destroy. No effect on a organization this stack created (that one is always deleted).
   * @default false
   */
  deleteAdopted?: pulumi.Input<boolean>;
}
