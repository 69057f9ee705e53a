// Organization: the top of PostHog's hierarchy.
// API quirks that shaped this spec (docs/posthog-api/FACTS.md §3 and §1.11, PostHog posthog/api/organization.py):
// - creating one makes the caller its owner, creates a default project, and switches the caller's
//   *current* organization, so nothing here ever uses `@current`: every call names the org's id;
// - `slug` is chosen by the server (slugified name, random suffix on collision): an output only;
// - names are not unique, so adoption matches by name among the caller's organizations and refuses
//   an ambiguous match;
// - updates need admin (8), delete needs owner (15).
import { z } from "zod";
import type { Organization as WireOrganization } from "../../client/organizations";
import { adopt, deleteAdopted, flag, wireFields } from "../core/fields";
import type { Adoptable, ResourceSpec, StateOf } from "../core/spec";

export const OrganizationInputs = z.strictObject({
  name: z
    .string({ error: "name is required: give the organization a name" })
    .trim()
    .min(1, "name must not be empty: give the organization a name")
    .max(64, "name is longer than PostHog's limit of 64 characters: shorten it"),
  logoMediaId: z.uuid({ error: "logoMediaId must be the UUID of an uploaded media file" }).nullable().optional(),
  isMemberJoinEmailEnabled: flag("isMemberJoinEmailEnabled"),
  enforce2fa: flag("enforce2fa"),
  membersCanInvite: flag("membersCanInvite"),
  membersCanUsePersonalApiKeys: flag("membersCanUsePersonalApiKeys"),
  allowPubliclySharedResources: flag("allowPubliclySharedResources"),
  isAiDataProcessingApproved: flag("isAiDataProcessingApproved"),
  defaultAnonymizeIps: flag("defaultAnonymizeIps"),
  defaultExperimentStatsMethod: z
    .enum(["bayesian", "frequentist"], { error: 'defaultExperimentStatsMethod must be "bayesian" or "frequentist"' })
    .optional(),
  adopt,
  deleteAdopted,
});
export type OrganizationInputs = z.infer<typeof OrganizationInputs>;

/** An organization's state: its inputs as PostHog reports them, its slug, creation time and the caller's level. */
export type OrganizationState = StateOf<
  OrganizationInputs,
  Adoptable & { slug: string; createdAt: string | null; membershipLevel: number | null }
>;

// camelCase input -> PostHog's field, for every writable setting.
const fields = wireFields<OrganizationInputs>({
  name: "name",
  logoMediaId: "logo_media_id",
  isMemberJoinEmailEnabled: "is_member_join_email_enabled",
  enforce2fa: "enforce_2fa",
  membersCanInvite: "members_can_invite",
  membersCanUsePersonalApiKeys: "members_can_use_personal_api_keys",
  allowPubliclySharedResources: "allow_publicly_shared_resources",
  isAiDataProcessingApproved: "is_ai_data_processing_approved",
  defaultAnonymizeIps: "default_anonymize_ips",
  defaultExperimentStatsMethod: "default_experiment_stats_method",
});

export const organization: ResourceSpec<OrganizationInputs, WireOrganization, OrganizationState, "Organization"> = {
  kind: "Organization",
  label: ["name"],
  stateVersion: 1,
  args: OrganizationInputs,

  id: (wire) => wire.id,
  toState: (wire, inputs) => ({
    ...fields.toState(wire, inputs),
    // PostHog always reports a slug; the client reads a malformed one as absent.
    slug: wire.slug ?? "",
    createdAt: wire.created_at ?? null,
    membershipLevel: wire.membership_level ?? null,
  }),

  create: (ctx, inputs) => ctx.client.organizations.create({ ...fields.toBody(inputs), name: inputs.name }),
  retrieve: (ctx, id) => ctx.client.organizations.retrieve(id),
  update: (ctx, id, news) => ctx.client.organizations.update(id, fields.toBody(news)),
  delete: (ctx, id) => ctx.client.organizations.delete(id),
  // Names are not unique in PostHog: an existing one is named in an error, never doubled.
  existing: "refuse",
  adopt: async (ctx, inputs) => {
    const all = await ctx.client.organizations.listAll();
    const matches = all.filter((o) => o.name === inputs.name);
    if (matches.length > 1) {
      throw new Error(
        `${matches.length} organizations the API key can see are named "${inputs.name}"; adoption needs exactly one. Rename one of them in PostHog first.`,
      );
    }
    return matches[0] ? ctx.client.organizations.retrieve(matches[0].id) : undefined;
  },
};
