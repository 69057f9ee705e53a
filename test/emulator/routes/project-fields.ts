// Project (ProjectBackwardCompatSerializer) fields: the writable Project fields, the Team settings
// passed through, their defaults, and the basic/full representations (docs/posthog-api/FACTS.md §9).
import { validationError } from "../http/errors";
import type { Project } from "../model/model";
import type { Ctx } from "../http/router";
import { type FieldSpec, type Fields, pythonStr, validateBody } from "../policy/validation";

const nullableBool: FieldSpec = { type: "boolean", nullable: true };
const nullableJson: FieldSpec = { type: "json", nullable: true };

/** Team settings the project serializer passes through, with their model defaults. */
export const SETTING_DEFAULTS: Record<string, unknown> = {
  app_urls: [],
  slack_incoming_webhook: null,
  anonymize_ips: false,
  completed_snippet_onboarding: false,
  test_account_filters: [],
  test_account_filters_default_checked: null,
  path_cleaning_filters: [],
  is_demo: false,
  timezone: "UTC",
  data_attributes: ["data-attr"],
  person_display_name_properties: null,
  correlation_config: {},
  autocapture_opt_out: null,
  autocapture_exceptions_opt_in: null,
  autocapture_web_vitals_opt_in: null,
  autocapture_web_vitals_allowed_metrics: null,
  autocapture_exceptions_errors_to_ignore: null,
  capture_console_log_opt_in: true,
  capture_performance_opt_in: true,
  session_recording_opt_in: false,
  session_recording_sample_rate: null,
  session_recording_minimum_duration_milliseconds: null,
  session_recording_linked_flag: null,
  session_recording_network_payload_capture_config: null,
  session_recording_masking_config: null,
  session_recording_retention_period: "30d",
  session_replay_config: null,
  survey_config: null,
  access_control: false,
  week_start_day: null,
  primary_dashboard: null,
  live_events_columns: null,
  recording_domains: [],
  inject_web_apps: null,
  extra_settings: null,
  modifiers: null,
  has_completed_onboarding_for: null,
  surveys_opt_in: null,
  heatmaps_opt_in: null,
  // docs/posthog-api/FACTS.md §9 names it among the passthrough Team settings; the OpenAPI extract predates it.
  capture_dead_clicks: false,
  flags_persistence_default: false,
  receive_org_level_activity_logs: false,
  business_model: null,
  conversations_enabled: null,
  conversations_settings: null,
  logs_settings: null,
  proactive_tasks_enabled: null,
};

/** Settings PATCH merges into the stored dict instead of replacing (docs/posthog-api/FACTS.md §9: drift risk). */
export const MERGED_SETTINGS = ["session_replay_config", "survey_config", "modifiers", "conversations_settings"];

/** Writable project fields in serializer order. */
export const PROJECT_FIELDS: Fields = {
  name: { type: "string", max: 200, min: 1 },
  product_description: { type: "string", max: 1000, blank: true, nullable: true },
  app_urls: { type: "list", of: { type: "string", max: 200, nullable: true } },
  slack_incoming_webhook: { type: "string", max: 500, blank: true, nullable: true },
  anonymize_ips: { type: "boolean" },
  completed_snippet_onboarding: { type: "boolean" },
  test_account_filters: { type: "json" },
  test_account_filters_default_checked: nullableBool,
  path_cleaning_filters: nullableJson,
  is_demo: { type: "boolean" },
  // A ChoiceField over pytz zones; checked in validateProject against the runtime's IANA data.
  timezone: { type: "json" },
  data_attributes: { type: "json" },
  person_display_name_properties: { type: "list", nullable: true, of: { type: "string", max: 400 } },
  correlation_config: nullableJson,
  autocapture_opt_out: nullableBool,
  autocapture_exceptions_opt_in: nullableBool,
  autocapture_web_vitals_opt_in: nullableBool,
  autocapture_web_vitals_allowed_metrics: nullableJson,
  autocapture_exceptions_errors_to_ignore: nullableJson,
  capture_console_log_opt_in: nullableBool,
  capture_performance_opt_in: nullableBool,
  session_recording_opt_in: { type: "boolean" },
  session_recording_sample_rate: { type: "json", nullable: true },
  session_recording_minimum_duration_milliseconds: { type: "integer", min: 0, max: 30000, nullable: true },
  session_recording_linked_flag: nullableJson,
  session_recording_network_payload_capture_config: nullableJson,
  session_recording_masking_config: nullableJson,
  session_recording_retention_period: { type: "choice", choices: ["30d", "90d", "1y", "5y"] },
  session_replay_config: nullableJson,
  survey_config: nullableJson,
  access_control: { type: "boolean" },
  week_start_day: { type: "choice", choices: [0, 1], nullable: true },
  primary_dashboard: { type: "integer", nullable: true },
  live_events_columns: { type: "list", nullable: true, of: { type: "string" } },
  recording_domains: { type: "list", nullable: true, of: { type: "string", max: 200, nullable: true } },
  inject_web_apps: nullableBool,
  extra_settings: nullableJson,
  modifiers: nullableJson,
  has_completed_onboarding_for: nullableJson,
  surveys_opt_in: nullableBool,
  heatmaps_opt_in: nullableBool,
  capture_dead_clicks: nullableBool,
  flags_persistence_default: nullableBool,
  receive_org_level_activity_logs: nullableBool,
  business_model: { type: "choice", choices: ["b2b", "b2c", "other"], blank: true, nullable: true },
  conversations_enabled: nullableBool,
  conversations_settings: nullableJson,
  logs_settings: nullableJson,
  proactive_tasks_enabled: nullableBool,
};

/** True when the runtime knows the IANA zone (close to pytz's list, which includes aliases). */
function isTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** DecimalField(max_digits=3, decimal_places=2) in [0, 1], rendered as a string like "0.50". */
function sampleRate(value: unknown): string | null {
  if (value === null) return null;
  const attr = "session_recording_sample_rate";
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  if (typeof value === "boolean" || !Number.isFinite(n)) throw validationError("A valid number is required.", attr);
  if (Math.round(n * 100) !== n * 100)
    throw validationError("Ensure that there are no more than 2 decimal places.", attr, "max_decimal_places");
  if (n < 0) throw validationError("Ensure this value is greater than or equal to 0.", attr, "min_value");
  if (n > 1) throw validationError("Ensure this value is less than or equal to 1.", attr, "max_value");
  return n.toFixed(2);
}

/** Validates a project write body (unknown and read-only keys ignored). */
export function validateProject(body: unknown, partial: boolean): Record<string, unknown> {
  const data = validateBody(body, PROJECT_FIELDS, { partial });
  if ("timezone" in data) {
    const tz = data.timezone;
    if (tz === null) throw validationError("This field may not be null.", "timezone", "null");
    if (typeof tz !== "string" || !isTimezone(tz))
      throw validationError(`"${pythonStr(tz)}" is not a valid choice.`, "timezone", "invalid_choice");
  }
  if ("session_recording_sample_rate" in data)
    data.session_recording_sample_rate = sampleRate(data.session_recording_sample_rate);
  // The emulator has no dashboards, so any primary_dashboard is an unknown primary key.
  if (data.primary_dashboard !== undefined && data.primary_dashboard !== null) {
    throw validationError(
      `Invalid pk "${String(data.primary_dashboard)}" - object does not exist.`,
      "primary_dashboard",
      "does_not_exist",
    );
  }
  return data;
}

/** Applies validated settings to a project (merged dict fields merge, others replace). */
export function applyProjectData(project: Project, data: Record<string, unknown>, now: string): void {
  for (const [key, value] of Object.entries(data)) {
    if (key === "name") project.name = value as string;
    else if (key === "product_description") project.product_description = value as string | null;
    else if (key === "is_demo") project.is_demo = value as boolean;
    else if (key === "has_completed_onboarding_for")
      project.has_completed_onboarding_for = value as Project["has_completed_onboarding_for"];
    else if (MERGED_SETTINGS.includes(key) && value && typeof value === "object" && !Array.isArray(value)) {
      const current = project.settings[key];
      project.settings[key] = {
        ...(current && typeof current === "object" ? (current as object) : {}),
        ...(value as object),
      };
    } else project.settings[key] = value;
  }
  project.updated_at = now;
}

/** ProjectBackwardCompatSerializer (everything else). */
export function projectRepr(ctx: Ctx, p: Project): Record<string, unknown> {
  const level = ctx.store.membership(p.organization_id, ctx.user.uuid)?.level ?? null;
  const settings = { ...SETTING_DEFAULTS, ...p.settings };
  return {
    id: p.id,
    organization: p.organization_id,
    name: p.name,
    product_description: p.product_description,
    created_at: p.created_at,
    effective_membership_level: level,
    has_group_types: false,
    group_types: [],
    live_events_token: null,
    updated_at: p.updated_at,
    uuid: p.uuid,
    api_token: p.api_token,
    ...settings,
    is_demo: p.is_demo,
    has_completed_onboarding_for: p.has_completed_onboarding_for,
    ingested_event: p.ingested_event,
    person_on_events_querying_enabled: true,
    default_modifiers: {
      personsOnEventsMode: "person_id_override_properties_on_events",
      bounceRatePageViewMode: "count_pageviews",
      sessionTableVersion: "auto",
    },
    product_intents: p.product_intents,
    secret_api_token: p.secret_api_token ?? null,
    secret_api_token_backup: p.secret_api_token_backup ?? null,
    available_setup_task_ids: [],
    is_pending_deletion: p.is_pending_deletion,
    project_id: p.id,
    user_access_level: level !== null && level >= 8 ? "admin" : "member",
    event_retention_months: null,
  };
}
