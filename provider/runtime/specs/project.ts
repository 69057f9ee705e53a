// Project: a PostHog project (its id is also its main environment's id) inside an organization.
// API quirks that shaped this spec (docs/posthog-api/FACTS.md §9 and §1.10, PostHog posthog/api/project.py):
// - only PATCH: PUT counts against the plan's project quota and can be refused;
// - names are not unique, so adoption matches by name and refuses an ambiguous match;
// - `api_token` changes only through `reset_token`, which scoped personal API keys cannot call:
//   rotation is an explicit input (`tokenRotation`), and the token is a secret output;
// - product intents and onboarding completion are separate calls that only ever add;
// - delete is asynchronous (`is_pending_deletion`), and a second delete answers 400: a project
//   pending deletion is gone for us;
// - settings objects (session_replay_config, …) are merged server-side, so only the keys the
//   program sets are compared.
import { z } from "zod";
import { hasReason } from "../../client";
import type { Project as WireProject } from "../../client/projects";
import type { Context } from "../core/context";
import {
  adopt,
  deleteAdopted,
  flag,
  organizationDefault,
  organizationId,
  timezone,
  wireFields,
  wireValue,
} from "../core/fields";
import { isDict } from "../core/plain";
import type { Adoptable, ResourceSpec, StateOf } from "../core/spec";
const strings = (name: string, shape: string) =>
  z
    .array(z.string({ error: `${name} must be ${shape}` }).min(1, `${name} must not contain empty strings`), {
      error: `${name} must be ${shape}`,
    })
    .optional();

export const ProjectInputs = z.strictObject({
  organizationId,
  name: z
    .string({ error: "name is required: give the project a name" })
    .trim()
    .min(1, "name must not be empty: give the project a name")
    .max(200, "name is longer than PostHog's limit of 200 characters: shorten it"),
  productDescription: z
    .string({ error: "productDescription must be a string: a sentence about what the product does" })
    .max(1000, "productDescription is longer than PostHog's limit of 1000 characters: shorten it")
    .nullable()
    .optional(),
  timezone,
  anonymizeIps: flag("anonymizeIps"),
  appUrls: strings("appUrls", 'a list of URLs, e.g. ["https://app.example.com"]'),
  recordingDomains: strings("recordingDomains", 'a list of domains, e.g. ["https://app.example.com"]'),
  sessionRecordingOptIn: flag("sessionRecordingOptIn"),
  autocaptureOptOut: flag("autocaptureOptOut"),
  autocaptureExceptionsOptIn: flag("autocaptureExceptionsOptIn"),
  captureConsoleLogOptIn: flag("captureConsoleLogOptIn"),
  capturePerformanceOptIn: flag("capturePerformanceOptIn"),
  heatmapsOptIn: flag("heatmapsOptIn"),
  surveysOptIn: flag("surveysOptIn"),
  weekStartDay: z
    .union([z.literal(0), z.literal(1)], { error: "weekStartDay must be 0 (Sunday) or 1 (Monday)" })
    .optional(),
  dataAttributes: strings("dataAttributes", 'a list of attribute names, e.g. ["data-attr"]'),
  settings: z
    .record(z.string(), z.unknown(), {
      error: "settings must be an object of PostHog project fields, e.g. { capture_dead_clicks: true }",
    })
    .optional(),
  productIntents: strings("productIntents", 'a list of product keys, e.g. ["product_analytics"]'),
  completedOnboardingFor: strings("completedOnboardingFor", 'a list of product keys, e.g. ["session_replay"]'),
  tokenRotation: z
    .string({ error: 'tokenRotation must be a string; change it (e.g. to "2026-11") to reset the token' })
    .optional(),
  adopt,
  deleteAdopted,
});
export type ProjectInputs = z.infer<typeof ProjectInputs> & { organizationId: string };

/** A project's state: its inputs as PostHog reports them, its ids, API token and creation time. */
export type ProjectState = StateOf<
  ProjectInputs,
  Adoptable & {
    projectId: number;
    uuid: string | null;
    apiToken: string;
    createdAt: string | null;
  }
>;

const fields = wireFields<ProjectInputs>({
  name: "name",
  productDescription: "product_description",
  timezone: "timezone",
  anonymizeIps: "anonymize_ips",
  appUrls: "app_urls",
  recordingDomains: "recording_domains",
  sessionRecordingOptIn: "session_recording_opt_in",
  autocaptureOptOut: "autocapture_opt_out",
  autocaptureExceptionsOptIn: "autocapture_exceptions_opt_in",
  captureConsoleLogOptIn: "capture_console_log_opt_in",
  capturePerformanceOptIn: "capture_performance_opt_in",
  heatmapsOptIn: "heatmaps_opt_in",
  surveysOptIn: "surveys_opt_in",
  weekStartDay: "week_start_day",
  dataAttributes: "data_attributes",
});

const toBody = (inputs: ProjectInputs) => ({ ...(inputs.settings ?? {}), ...fields.toBody(inputs) });

// Settings objects PostHog merges per key on PATCH (docs/posthog-api/FACTS.md §9): keys the program never set (set in
// the UI, or left from an earlier program) cannot be removed, so state holds only the program's keys.
const MERGED_SETTINGS = new Set(["session_replay_config", "survey_config", "modifiers", "conversations_settings"]);

/** A setting as PostHog reports it, limited to the program's keys where PostHog merges the object. */
function settingState(key: string, wanted: unknown, live: unknown): unknown {
  if (MERGED_SETTINGS.has(key) && isDict(wanted) && isDict(live))
    return Object.fromEntries(Object.keys(wanted).map((k) => [k, live[k] ?? null]));
  return live ?? null;
}

const intentsOf = (wire: WireProject) => new Set((wire.product_intents ?? []).map((i) => i.product_type));
const onboardedOf = (wire: WireProject) =>
  new Set(
    Object.entries(wire.has_completed_onboarding_for ?? {})
      .filter(([, done]) => done)
      .map(([k]) => k),
  );

/** Registers intents and onboarding completions the project lacks; both only ever add. */
async function addProductState(ctx: Context, wire: WireProject, inputs: ProjectInputs): Promise<WireProject> {
  const org = inputs.organizationId;
  const intents = intentsOf(wire);
  const onboarded = onboardedOf(wire);
  let changed = false;
  for (const product of inputs.productIntents ?? []) {
    if (intents.has(product)) continue;
    await ctx.client.projects.addProductIntent(org, wire.id, { product_type: product });
    changed = true;
  }
  for (const product of inputs.completedOnboardingFor ?? []) {
    if (onboarded.has(product)) continue;
    await ctx.client.projects.completeProductOnboarding(org, wire.id, { product_type: product });
    changed = true;
  }
  return changed ? ctx.client.projects.retrieve(org, wire.id) : wire;
}

export const project: ResourceSpec<ProjectInputs, WireProject, ProjectState, "Project"> = {
  kind: "Project",
  label: ["name"],
  stateVersion: 1,
  args: ProjectInputs,
  replaceOnChanges: ["organizationId"],
  defaults: organizationDefault,
  warnings: (state, inputs, changes) => {
    const effects: string[] = [];
    if (changes.replaces.length > 0 && state.adopted !== true)
      effects.push(
        `replacing the project deletes "${state.name}" in organization ${state.organizationId} with all its data (events, insights, dashboards) and creates an empty one with a new API token.`,
      );
    if (changes.changed.includes("tokenRotation") && changes.replaces.length === 0)
      effects.push(
        "tokenRotation changed: the project's API token is reset, and clients sending with the old token stop being accepted.",
      );
    for (const key of ["productIntents", "completedOnboardingFor"] as const) {
      const before = state[key] ?? [];
      const dropped = before.filter((p) => !(inputs[key] ?? []).includes(p));
      if (changes.changed.includes(key) && dropped.length > 0)
        effects.push(
          `${key} only ever adds: ${dropped.join(", ")} stay${dropped.length > 1 ? "" : "s"} in PostHog although removed from the program.`,
        );
    }
    return effects;
  },

  id: (wire) => String(wire.id),
  toState: (wire, inputs) => {
    const state = fields.toState(wire, inputs);
    if (inputs.settings)
      state.settings = Object.fromEntries(
        Object.entries(inputs.settings).map(([k, v]) => [k, settingState(k, v, wireValue(wire, k))]),
      );
    if (inputs.productIntents) {
      const live = intentsOf(wire);
      state.productIntents = inputs.productIntents.filter((p) => live.has(p));
    }
    if (inputs.completedOnboardingFor) {
      const live = onboardedOf(wire);
      state.completedOnboardingFor = inputs.completedOnboardingFor.filter((p) => live.has(p));
    }
    return {
      ...state,
      projectId: wire.id,
      uuid: wire.uuid ?? null,
      // PostHog always reports a token; the client reads a malformed one as absent.
      apiToken: wire.api_token ?? "",
      createdAt: wire.created_at ?? null,
    };
  },

  create: (ctx, inputs) => ctx.client.projects.create(inputs.organizationId, toBody(inputs)),
  afterCreate: addProductState,
  retrieve: async (ctx, id, state) => {
    const wire = await ctx.client.projects.retrieve(state.organizationId, id);
    return wire.is_pending_deletion ? undefined : wire;
  },
  update: async (ctx, id, news, olds) => {
    let wire = await ctx.client.projects.update(news.organizationId, id, toBody(news));
    if (news.tokenRotation !== undefined && news.tokenRotation !== olds.tokenRotation) {
      wire = await ctx.client.projects.resetToken(news.organizationId, id);
    }
    return addProductState(ctx, wire, news);
  },
  delete: async (ctx, id, state) => {
    try {
      await ctx.client.projects.delete(state.organizationId, id);
    } catch (err) {
      // Already pending deletion (e.g. deleted in the UI): the outcome we wanted.
      if (!hasReason(err, "already-deleting")) throw err;
    }
  },
  // Names are not unique in PostHog: an existing one is named in an error, never doubled.
  existing: "refuse",
  adopt: async (ctx, inputs) => {
    const all = await ctx.client.projects.listAll(inputs.organizationId);
    // The list does not tell which projects are being deleted (asynchronous delete): read each
    // namesake, and count only the live ones, so a project deleted a moment ago never blocks a create.
    const named = await Promise.all(
      all.filter((p) => p.name === inputs.name).map((p) => ctx.client.projects.retrieve(inputs.organizationId, p.id)),
    );
    const matches = named.filter((p) => !p.is_pending_deletion);
    if (matches.length > 1) {
      throw new Error(
        `${matches.length} projects in organization ${inputs.organizationId} are named "${inputs.name}"; adoption needs exactly one. Rename one of them in PostHog first.`,
      );
    }
    return matches[0];
  },
};
