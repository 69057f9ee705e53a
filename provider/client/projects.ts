// Projects — /api/organizations/{organization_id}/projects/ (docs/posthog-api/FACTS.md §9; PostHog `posthog/api/project.py`).
// Ids are integers (project id == its main team id). Always PATCH, never PUT: PostHog's plan-limit
// permission treats PUT like create and refuses it at the project quota. Names are not unique
// (omitted names become `Default project N`), so a create is reconciled by name and creation time. Delete is
// asynchronous (`is_pending_deletion`). Actions without a derivable scope (reset_token, activity,
// is_generating_demo_data) are refused to scoped personal API keys.
import { z } from "zod";
import { APIResource, type CallOptions } from "./resource";
import { path } from "./path";
import { claim, isClaimed, matchesSent, newestUnclaimed, orUndefined } from "./reconcile";
import { collect, Empty, lenient, pickReconcile } from "./schemas";

/** A project id: the integer PostHog assigns, as a number or a decimal string (or `@current`). */
export type ProjectId = number | string;

/** ProjectBasic represents a project as listed (PostHog's `ProjectBackwardCompatBasic`). */
export const ProjectBasic = z.object({
  id: z.number().int(),
  uuid: lenient(z.string()),
  organization: lenient(z.string()),
  name: z.string(),
  /** The project's public ingestion token (`phc_…`); changes on reset. */
  api_token: lenient(z.string()),
  completed_snippet_onboarding: lenient(z.boolean()),
  has_completed_onboarding_for: lenient(z.record(z.string(), z.boolean())),
  ingested_event: lenient(z.boolean()),
  is_demo: lenient(z.boolean()),
  timezone: lenient(z.string()),
  access_control: lenient(z.boolean()),
});
export type ProjectBasic = z.infer<typeof ProjectBasic>;

/** Settings PostHog lets a PATCH change (the passthrough team settings of `ProjectBackwardCompat`). */
const settings = {
  product_description: z.string().max(1000).nullable().optional(),
  app_urls: z.array(z.string().nullable()).optional(),
  slack_incoming_webhook: z.string().nullable().optional(),
  anonymize_ips: z.boolean().optional(),
  completed_snippet_onboarding: z.boolean().optional(),
  test_account_filters: z.unknown().optional(),
  test_account_filters_default_checked: z.boolean().nullable().optional(),
  path_cleaning_filters: z.unknown().optional(),
  is_demo: z.boolean().optional(),
  timezone: z.string().optional(),
  data_attributes: z.unknown().optional(),
  person_display_name_properties: z.array(z.string()).nullable().optional(),
  correlation_config: z.unknown().optional(),
  autocapture_opt_out: z.boolean().nullable().optional(),
  autocapture_exceptions_opt_in: z.boolean().nullable().optional(),
  autocapture_web_vitals_opt_in: z.boolean().nullable().optional(),
  autocapture_web_vitals_allowed_metrics: z.unknown().optional(),
  autocapture_exceptions_errors_to_ignore: z.unknown().optional(),
  capture_console_log_opt_in: z.boolean().nullable().optional(),
  capture_performance_opt_in: z.boolean().nullable().optional(),
  session_recording_opt_in: z.boolean().optional(),
  session_recording_sample_rate: z.string().nullable().optional(),
  session_recording_minimum_duration_milliseconds: z.number().int().nullable().optional(),
  session_recording_linked_flag: z.unknown().optional(),
  session_recording_network_payload_capture_config: z.unknown().optional(),
  session_recording_masking_config: z.unknown().optional(),
  session_recording_retention_period: z.string().optional(),
  session_replay_config: z.unknown().optional(),
  survey_config: z.unknown().optional(),
  access_control: z.boolean().optional(),
  week_start_day: z.number().int().nullable().optional(),
  primary_dashboard: z.number().int().nullable().optional(),
  live_events_columns: z.array(z.string()).nullable().optional(),
  recording_domains: z.array(z.string().nullable()).nullable().optional(),
  inject_web_apps: z.boolean().nullable().optional(),
  extra_settings: z.unknown().optional(),
  modifiers: z.unknown().optional(),
  /** Product key → onboarding completed. */
  has_completed_onboarding_for: z.record(z.string(), z.boolean()).nullable().optional(),
  surveys_opt_in: z.boolean().nullable().optional(),
  heatmaps_opt_in: z.boolean().nullable().optional(),
  flags_persistence_default: z.boolean().nullable().optional(),
  receive_org_level_activity_logs: z.boolean().nullable().optional(),
  business_model: z.string().nullable().optional(),
  conversations_enabled: z.boolean().nullable().optional(),
  conversations_settings: z.unknown().optional(),
  logs_settings: z.unknown().optional(),
  proactive_tasks_enabled: z.boolean().nullable().optional(),
  capture_dead_clicks: z.boolean().nullable().optional(),
  base_currency: z.string().optional(),
};

/** The settings as response fields: tolerant, so one odd value never fails a whole read. */
function responseSettings() {
  const out: Record<string, z.ZodType> = {};
  for (const [k, v] of Object.entries(settings)) out[k] = lenient((v as z.ZodOptional<z.ZodType>).unwrap());
  return out as { [K in keyof typeof settings]: z.ZodType<z.output<(typeof settings)[K]> | null | undefined> };
}

/** ProductIntent represents one registered product intent of a project. */
export const ProductIntent = z.object({
  product_type: z.string(),
  created_at: lenient(z.string()),
  updated_at: lenient(z.string()),
  onboarding_completed_at: lenient(z.string()),
});
export type ProductIntent = z.infer<typeof ProductIntent>;

/** Project represents a project with its settings (PostHog's `ProjectBackwardCompat`). */
// Loose, not strip: the provider manages any project setting by PostHog's field name (`settings`),
// so every field the server returns must survive validation.
export const Project = z.looseObject({
  id: z.number().int(),
  uuid: lenient(z.string()),
  organization: lenient(z.string()),
  name: z.string(),
  created_at: lenient(z.string()),
  updated_at: lenient(z.string()),
  /** The project's public ingestion token (`phc_…`); changes on reset. */
  api_token: lenient(z.string()),
  secret_api_token: lenient(z.string()),
  secret_api_token_backup: lenient(z.string()),
  live_events_token: lenient(z.string()),
  ingested_event: lenient(z.boolean()),
  effective_membership_level: lenient(z.number()),
  is_pending_deletion: lenient(z.boolean()),
  project_id: lenient(z.number()),
  /** Products the project showed interest in (`add_product_intent`). */
  product_intents: lenient(z.array(ProductIntent)),
  default_modifiers: lenient(z.unknown()),
  has_group_types: lenient(z.boolean()),
  ...responseSettings(),
});
export type Project = z.infer<typeof Project>;

/** ProjectCreateParams is the body of a project create: a name (1–200 characters; not unique) plus settings. */
export const ProjectCreateParams = z.object({ name: z.string().min(1).max(200).optional(), ...settings });
export type ProjectCreateParams = z.infer<typeof ProjectCreateParams>;

/** ProjectUpdateParams is the body of a project PATCH. */
export const ProjectUpdateParams = z.object({ name: z.string().min(1).max(200).optional(), ...settings });
export type ProjectUpdateParams = z.infer<typeof ProjectUpdateParams>;

/** ProjectProductIntentParams registers interest in a product. */
export const ProjectProductIntentParams = z.object({
  product_type: z.string(),
  intent_context: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type ProjectProductIntentParams = z.infer<typeof ProjectProductIntentParams>;

/** TeamRepresentation is the loosely typed team object some project actions answer with. */
export const TeamRepresentation = z.looseObject({ id: lenient(z.number()), name: lenient(z.string()) });
export type TeamRepresentation = z.infer<typeof TeamRepresentation>;

/** ProjectActivity represents a page of the project's activity log (shape not settled upstream: kept loose). */
export const ProjectActivity = z.looseObject({ results: lenient(z.array(z.unknown())) });
export type ProjectActivity = z.infer<typeof ProjectActivity>;

/** Projects calls the project endpoints of an organization. */
export class Projects extends APIResource {
  /**
   * create makes a project (and switches the key user's current project to it). Names are not
   * unique, so an unknown outcome is reconciled by the best key PostHog offers: the newest project
   * of that name in the organization created since the call began that no other create of this
   * process returned ({@link Projects.findCreated}).
   *
   * @throws PermissionDeniedError (403) at the plan's project quota or below the needed level;
   *   NotFoundError for an unknown organization.
   */
  async create(
    organizationId: string,
    params: ProjectCreateParams,
    options: CallOptions<Project> = {},
  ): Promise<Project> {
    const sentAt = this.client.serverClock.now();
    const project = await this.client.request({
      method: "POST",
      path: path`/api/organizations/${organizationId}/projects/`,
      body: params,
      schema: Project,
      reconcile: pickReconcile(options.reconcile, () =>
        params.name === undefined ? Promise.resolve(undefined) : this.findCreated(organizationId, params.name, sentAt),
      ),
    });
    claim(this.client, project.id);
    return project;
  }

  /**
   * findCreated finds the project a create of `name` made at or after `sentAt` (epoch ms on
   * PostHog's clock, less a skew allowance): the newest such project not already returned by
   * another create of this process. Reads PostHog, not the cache.
   */
  async findCreated(organizationId: string, name: string, sentAt: number): Promise<Project | undefined> {
    const named = (await collect(this.list(organizationId, { search: name }))).filter(
      (p) => p.name === name && !isClaimed(this.client, p.id),
    );
    const full = await Promise.all(named.map((p) => orUndefined(this.retrieve(organizationId, p.id))));
    return newestUnclaimed(
      this.client,
      full.filter((p): p is Project => p !== undefined && !p.is_pending_deletion),
      sentAt,
    );
  }

  /** retrieve reads one project. @throws NotFoundError (404) when it or the organization does not exist. */
  retrieve(organizationId: string, projectId: ProjectId): Promise<Project> {
    return this.client.request({
      method: "GET",
      path: path`/api/organizations/${organizationId}/projects/${projectId}/`,
      schema: Project,
    });
  }

  /**
   * update changes a project with PATCH (never PUT); unknown outcomes are reconciled by reading
   * back. Some JSON settings are merged by PostHog, so keys cannot be removed by omission.
   *
   * @throws NotFoundError (404) when the project does not exist; ValidationError for bad settings.
   */
  update(
    organizationId: string,
    projectId: ProjectId,
    params: ProjectUpdateParams,
    options: CallOptions<Project> = {},
  ): Promise<Project> {
    return this.client.request({
      method: "PATCH",
      path: path`/api/organizations/${organizationId}/projects/${projectId}/`,
      body: params,
      schema: Project,
      reconcile: pickReconcile(options.reconcile, async () => {
        const project = await orUndefined(this.retrieve(organizationId, projectId));
        return project && matchesSent(params, project) ? project : undefined;
      }),
    });
  }

  /** list yields the organization's projects visible to the key's user (uncached); `search` filters by name. */
  list(organizationId: string, query?: { search?: string; limit?: number }): AsyncIterable<ProjectBasic> {
    return this.client.paginate(path`/api/organizations/${organizationId}/projects/`, { ...query }, ProjectBasic);
  }

  /** listAll reads the organization's projects through the read cache. @throws NotFoundError for an unknown organization. */
  listAll(organizationId: string, query?: { search?: string }): Promise<ProjectBasic[]> {
    return this.client.listAll(path`/api/organizations/${organizationId}/projects/`, { ...query }, ProjectBasic);
  }

  /**
   * delete starts the asynchronous deletion of a project (`is_pending_deletion` becomes true).
   *
   * @throws ValidationError (400) `This project is already being deleted.`; NotFoundError (404).
   */
  delete(organizationId: string, projectId: ProjectId): Promise<void> {
    return this.client.request({
      method: "DELETE",
      path: path`/api/organizations/${organizationId}/projects/${projectId}/`,
      schema: Empty,
    });
  }

  /**
   * resetToken rotates the project's public `api_token` and returns the project. Not repeated on an
   * unknown outcome (each call makes a new token) unless `options.reconcile` is given.
   *
   * @throws PermissionDeniedError (403) for scoped API keys or below project admin; NotFoundError (404).
   */
  resetToken(organizationId: string, projectId: ProjectId, options: CallOptions<Project> = {}): Promise<Project> {
    return this.client.request({
      method: "PATCH",
      path: path`/api/organizations/${organizationId}/projects/${projectId}/reset_token/`,
      schema: Project,
      reconcile: options.reconcile,
    });
  }

  /** addProductIntent registers interest in a product (safe to repeat). @throws ValidationError for an unknown product; NotFoundError (404). */
  addProductIntent(
    organizationId: string,
    projectId: ProjectId,
    params: ProjectProductIntentParams,
  ): Promise<TeamRepresentation> {
    return this.client.request({
      method: "PATCH",
      path: path`/api/organizations/${organizationId}/projects/${projectId}/add_product_intent/`,
      body: params,
      schema: TeamRepresentation,
      idempotent: true,
    });
  }

  /**
   * completeProductOnboarding marks a product's onboarding complete (safe to repeat).
   *
   * @throws ValidationError (400, raw `{"error"}` body) for a missing or unknown `product_type`; NotFoundError (404).
   */
  completeProductOnboarding(
    organizationId: string,
    projectId: ProjectId,
    params: { product_type: string },
  ): Promise<TeamRepresentation> {
    return this.client.request({
      method: "PATCH",
      path: path`/api/organizations/${organizationId}/projects/${projectId}/complete_product_onboarding/`,
      body: params,
      schema: TeamRepresentation,
      idempotent: true,
    });
  }

  /** isGeneratingDemoData tells whether demo data is being generated. @throws PermissionDeniedError for scoped keys; NotFoundError (404). */
  async isGeneratingDemoData(organizationId: string, projectId: ProjectId): Promise<boolean> {
    const body = await this.client.request({
      method: "GET",
      path: path`/api/organizations/${organizationId}/projects/${projectId}/is_generating_demo_data/`,
      schema: z.object({ is_generating_demo_data: z.boolean() }),
    });
    return body.is_generating_demo_data;
  }

  /** activity reads a page of the project's activity log. @throws PermissionDeniedError for scoped keys; NotFoundError (404). */
  activity(
    organizationId: string,
    projectId: ProjectId,
    query: { limit?: number; page?: number } = {},
  ): Promise<ProjectActivity> {
    return this.client.request({
      method: "GET",
      path: path`/api/organizations/${organizationId}/projects/${projectId}/activity/`,
      query: { ...query },
      schema: ProjectActivity,
    });
  }
}
