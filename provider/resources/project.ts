import * as pulumi from "@pulumi/pulumi";
import type { ProjectState } from "../runtime/specs/project";
import projectShim = require("../shim/project");
import { refuseImport } from "./claims";
import { AdoptableResource, outputNames, props } from "./common";

/**
 * Manages a project within a PostHog organization.
 *
 * Creating one also switches the API key user's current project in PostHog (this provider never
 * relies on it). Settings change in place; changing `organizationId` replaces the project. Changing
 * `tokenRotation` resets the project API token (this needs a personal API key without scopes). Product
 * intents and onboarding completions are only ever added. Deleting a project is asynchronous in
 * PostHog; once it is pending deletion it counts as gone. Settings left unset are not managed.
 *
 * `import:` does not work for this (dynamic) resource; to take over an existing object, set
 * `adopt: true` instead. An adopted object stays in PostHog on destroy unless `deleteAdopted` is true.
 *
 * @example
 * ```ts
 * const web = new posthog.Project("web", { name: "Web", timezone: "Europe/Berlin", anonymizeIps: true });
 * export const token = web.apiToken; // a secret
 * ```
 */
export class Project extends AdoptableResource {
  /** The organization the project belongs to. */
  declare readonly organizationId: pulumi.Output<ProjectState["organizationId"]>;
  /** The project's integer id (also its main environment's id). */
  declare readonly projectId: pulumi.Output<ProjectState["projectId"]>;
  /** The project's UUID. */
  declare readonly uuid: pulumi.Output<ProjectState["uuid"]>;
  /** The project API token (`phc_…`) that SDKs send events with. A Pulumi secret. */
  declare readonly apiToken: pulumi.Output<ProjectState["apiToken"]>;
  /** When the project was created (ISO 8601). */
  declare readonly createdAt: pulumi.Output<ProjectState["createdAt"]>;
  /** The project's name, as PostHog stores it. */
  declare readonly name: pulumi.Output<ProjectState["name"]>;
  /** The `productDescription` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly productDescription: pulumi.Output<ProjectState["productDescription"]>;
  /** The `timezone` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly timezone: pulumi.Output<ProjectState["timezone"]>;
  /** The `anonymizeIps` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly anonymizeIps: pulumi.Output<ProjectState["anonymizeIps"]>;
  /** The `appUrls` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly appUrls: pulumi.Output<ProjectState["appUrls"]>;
  /** The `recordingDomains` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly recordingDomains: pulumi.Output<ProjectState["recordingDomains"]>;
  /** The `sessionRecordingOptIn` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly sessionRecordingOptIn: pulumi.Output<ProjectState["sessionRecordingOptIn"]>;
  /** The `autocaptureOptOut` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly autocaptureOptOut: pulumi.Output<ProjectState["autocaptureOptOut"]>;
  /** The `autocaptureExceptionsOptIn` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly autocaptureExceptionsOptIn: pulumi.Output<ProjectState["autocaptureExceptionsOptIn"]>;
  /** The `captureConsoleLogOptIn` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly captureConsoleLogOptIn: pulumi.Output<ProjectState["captureConsoleLogOptIn"]>;
  /** The `capturePerformanceOptIn` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly capturePerformanceOptIn: pulumi.Output<ProjectState["capturePerformanceOptIn"]>;
  /** The `heatmapsOptIn` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly heatmapsOptIn: pulumi.Output<ProjectState["heatmapsOptIn"]>;
  /** The `surveysOptIn` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly surveysOptIn: pulumi.Output<ProjectState["surveysOptIn"]>;
  /** The `weekStartDay` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly weekStartDay: pulumi.Output<ProjectState["weekStartDay"]>;
  /** The `dataAttributes` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly dataAttributes: pulumi.Output<ProjectState["dataAttributes"]>;
  /** The `settings` input as PostHog reports it, limited to the keys the program sets (by PostHog's field names); undefined when the program leaves it unset. */
  declare readonly settings: pulumi.Output<ProjectState["settings"]>;
  /** The `productIntents` input's products that PostHog has registered; undefined when the program leaves it unset. */
  declare readonly productIntents: pulumi.Output<ProjectState["productIntents"]>;
  /** The `completedOnboardingFor` input's products that PostHog reports as onboarded; undefined when the program leaves it unset. */
  declare readonly completedOnboardingFor: pulumi.Output<ProjectState["completedOnboardingFor"]>;
  /** The `tokenRotation` input last applied; undefined when the program leaves it unset. */
  declare readonly tokenRotation: pulumi.Output<ProjectState["tokenRotation"]>;

  constructor(name: string, args: ProjectArgs, opts?: pulumi.CustomResourceOptions) {
    refuseImport(projectShim.kind, name, opts);
    super(
      projectShim,
      name,
      props(
        { ...args },
        outputNames<ProjectState>({
          organizationId: true,
          projectId: true,
          uuid: true,
          apiToken: true,
          createdAt: true,
          adopted: true,
          name: true,
          productDescription: true,
          timezone: true,
          anonymizeIps: true,
          appUrls: true,
          recordingDomains: true,
          sessionRecordingOptIn: true,
          autocaptureOptOut: true,
          autocaptureExceptionsOptIn: true,
          captureConsoleLogOptIn: true,
          capturePerformanceOptIn: true,
          heatmapsOptIn: true,
          surveysOptIn: true,
          weekStartDay: true,
          dataAttributes: true,
          settings: true,
          productIntents: true,
          completedOnboardingFor: true,
          tokenRotation: true,
          adopt: true,
          deleteAdopted: true,
        }),
      ),
      { ...opts, additionalSecretOutputs: ["apiToken", ...(opts?.additionalSecretOutputs ?? [])] },
    );
  }
}

/** The inputs of a {@link Project}. */
export interface ProjectArgs {
  /**
   * The UUID of the organization. Changing this replaces the project.
   * @default the provider's `posthog:organizationId` configuration
   */
  organizationId?: pulumi.Input<string>;
  /** The project's name, 1 to 200 characters. Not unique in PostHog. */
  name: pulumi.Input<string>;
  /** What the product is, up to 1000 characters (used by PostHog AI features). */
  productDescription?: pulumi.Input<string | null>;
  /** IANA time zone for dates in insights, e.g. `"Europe/Berlin"`. @default "UTC" */
  timezone?: pulumi.Input<string>;
  /** Drop the IP address of incoming events. @default false */
  anonymizeIps?: pulumi.Input<boolean>;
  /** URLs of the apps that send events (toolbar and heatmaps), e.g. `["https://app.example.com"]`. */
  appUrls?: pulumi.Input<pulumi.Input<string>[]>;
  /** Domains allowed to record sessions; empty allows all. */
  recordingDomains?: pulumi.Input<pulumi.Input<string>[]>;
  /** Record sessions. */
  sessionRecordingOptIn?: pulumi.Input<boolean>;
  /** Turn autocapture off. */
  autocaptureOptOut?: pulumi.Input<boolean>;
  /** Capture exceptions automatically. */
  autocaptureExceptionsOptIn?: pulumi.Input<boolean>;
  /** Capture console logs in session recordings. */
  captureConsoleLogOptIn?: pulumi.Input<boolean>;
  /** Capture network performance in session recordings. */
  capturePerformanceOptIn?: pulumi.Input<boolean>;
  /** Collect heatmaps. */
  heatmapsOptIn?: pulumi.Input<boolean>;
  /** Enable surveys. */
  surveysOptIn?: pulumi.Input<boolean>;
  /** First day of the week: 0 Sunday, 1 Monday. */
  weekStartDay?: pulumi.Input<0 | 1>;
  /** Element attributes autocapture uses to name elements, e.g. `["data-attr"]`. */
  dataAttributes?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Any other project setting, by PostHog's field name; only the keys given are managed.
   * @example
   * ```ts
   * settings: { session_recording_sample_rate: "0.5", capture_dead_clicks: true }
   * ```
   */
  settings?: pulumi.Input<Record<string, unknown>>;
  /** Products the team intends to use (e.g. `"product_analytics"`); only ever added. */
  productIntents?: pulumi.Input<pulumi.Input<string>[]>;
  /** Products whose onboarding is marked complete (e.g. `"session_replay"`); only ever added. */
  completedOnboardingFor?: pulumi.Input<pulumi.Input<string>[]>;
  /** Any string; changing it resets the project API token (e.g. a date: `"2026-11"`). */
  tokenRotation?: pulumi.Input<string>;
  /** Take over the one existing project with this name instead of creating one. @default false */
  adopt?: pulumi.Input<boolean>;
  /**
   * Delete the project on destroy, or when the resource leaves the program, even though it was adopted.
   * An adopted project was not created by this stack, so by default it stays in PostHog and only
   * leaves the stack's state. Changing this updates the state only: run `pulumi up` after setting
   * it, before the destroy. No effect on a project this stack created (that one is always deleted).
   * @default false
   */
  deleteAdopted?: pulumi.Input<boolean>;
}
