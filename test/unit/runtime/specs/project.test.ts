import type { Project as WireProject } from "../../../../provider/client/projects";
import { defineResource } from "../../../../provider/runtime/core/define-resource";
import { computeChanges } from "../../../../provider/runtime/core/diff";
import { UNKNOWN } from "../../../../provider/runtime/core/unknowns";
import { project, type ProjectInputs } from "../../../../provider/runtime/specs/project";
import * as h from "../helpers";

// The time diff rules are judged at (computeChanges takes it from the caller).
const NOW = Date.now();

const OTHER_ORG = "0190b1a5-0c1e-7000-8000-00000000b002";
const intent = (product_type: string) => ({
  product_type,
  created_at: "2026-11-04T09:00:00Z",
  updated_at: "2026-11-04T09:00:00Z",
  onboarding_completed_at: null,
});

/** A project as PostHog returns it: the managed settings among many others, tokens, intents. */
const wireProject = (overrides: Partial<WireProject> = {}): WireProject =>
  ({
    id: 4242,
    uuid: "0190b1a5-0c1e-7000-8000-000000004242",
    organization: h.ORG,
    name: "Web",
    created_at: "2026-11-04T08:00:00Z",
    updated_at: "2026-11-20T08:00:00Z",
    api_token: "phc_live0123456789",
    secret_api_token: "phs_secret0123456789",
    secret_api_token_backup: null,
    live_events_token: "lt_0123",
    ingested_event: true,
    effective_membership_level: 15,
    is_pending_deletion: false,
    project_id: 4242,
    product_intents: [intent("product_analytics"), intent("data_warehouse")],
    has_completed_onboarding_for: { product_analytics: true, surveys: false },
    timezone: "Europe/Berlin",
    anonymize_ips: true,
    autocapture_opt_out: false,
    session_recording_opt_in: true,
    session_recording_sample_rate: "0.50",
    // Merged per key by PostHog (docs/posthog-api/FACTS.md §9): `ai_config` was set in the UI, not by the program.
    session_replay_config: { record_canvas: true, ai_config: { opt_in: true } },
    capture_dead_clicks: false,
    week_start_day: 1,
    ...overrides,
  }) as unknown as WireProject;

const INPUTS: ProjectInputs = {
  organizationId: h.ORG,
  name: "Web",
  timezone: "Europe/Berlin",
  anonymizeIps: true,
  settings: { session_recording_sample_rate: "0.50", session_replay_config: { record_canvas: true } },
  productIntents: ["product_analytics", "surveys"],
  completedOnboardingFor: ["product_analytics"],
};

afterEach(h.resetFakeContext);

describe("project spec: check", () => {
  const rows: h.CheckRow[] = [
    ["accepts a name", { name: "Web" }, []],
    ["accepts a name of 200 characters", { name: "x".repeat(200) }, []],
    ["accepts the UTC time zone", { name: "Web", timezone: "UTC" }, []],
    ["accepts the US/Pacific alias", { name: "Web", timezone: "US/Pacific" }, []],
    ["accepts an IANA zone name", { name: "Web", timezone: "America/Argentina/Buenos_Aires" }, []],
    ["accepts weekStartDay 0 (Sunday)", { name: "Web", weekStartDay: 0 }, []],
    ["accepts weekStartDay 1 (Monday)", { name: "Web", weekStartDay: 1 }, []],
    [
      "accepts settings under PostHog's names",
      { name: "Web", settings: { capture_dead_clicks: true, session_replay_config: { record_canvas: true } } },
      [],
    ],
    ["accepts a time zone that is unknown at preview", { name: "Web", timezone: UNKNOWN }, []],
    ["refuses an empty name", { name: "" }, [["name", /^name must not be empty: give the project a name\.$/]]],
    [
      "refuses a name of only spaces",
      { name: "  " },
      [["name", /^name must not be empty: give the project a name\.$/]],
    ],
    [
      "refuses a name of 201 characters",
      { name: "x".repeat(201) },
      [["name", /^name is longer than PostHog's limit of 200 characters: shorten it\.$/]],
    ],
    [
      "refuses an unknown time zone",
      { name: "Web", timezone: "Mars/Olympus_Mons" },
      [
        [
          "timezone",
          /^timezone "Mars\/Olympus_Mons" is not an IANA time zone; use a name like "Europe\/Berlin" or "UTC"\.$/,
        ],
      ],
    ],
    [
      "refuses weekStartDay 2",
      { name: "Web", weekStartDay: 2 },
      [["weekStartDay", /^weekStartDay must be 0 \(Sunday\) or 1 \(Monday\)\.$/]],
    ],
    [
      "refuses a productDescription of 1001 characters",
      { name: "Web", productDescription: "x".repeat(1001) },
      [["productDescription", /limit of 1000 characters/]],
    ],
    [
      "refuses a flag that is not a boolean",
      { name: "Web", anonymizeIps: "yes" },
      [["anonymizeIps", /^anonymizeIps must be true or false\.$/]],
    ],
    [
      "refuses an organizationId that is not a UUID",
      { name: "Web", organizationId: "0190b1a5" },
      [["organizationId", /^organizationId must be the UUID of a PostHog organization/]],
    ],
    [
      "refuses an empty product intent, naming its position",
      { name: "Web", productIntents: ["surveys", ""] },
      [["productIntents.1", /\S/]],
    ],
    [
      "refuses a misspelled key",
      { name: "Web", timeZone: "UTC" },
      [["timeZone", /^"timeZone" is not an input of this resource\. Remove it or check its spelling\.$/]],
    ],
  ];
  it.each(rows)("%s", async (_name, inputs, failures) => {
    h.installFakeContext();
    const result = await defineResource(project).check({}, { __provider: h.PROVIDER, ...inputs });
    h.expectFailures(result.failures, failures);
  });
});

describe("project spec: state", () => {
  it("holds only what the program manages, the live product intents, and the token", () => {
    expect(project.toState(wireProject(), INPUTS)).toEqual({
      name: "Web",
      timezone: "Europe/Berlin",
      anonymizeIps: true,
      // Only the settings keys the program sets; of a setting PostHog merges per key, only the
      // program's keys (ai_config was set in the UI and cannot be removed by a PATCH).
      settings: { session_recording_sample_rate: "0.50", session_replay_config: { record_canvas: true } },
      // surveys is not registered (yet): it drops out, so the diff re-adds it.
      productIntents: ["product_analytics"],
      completedOnboardingFor: ["product_analytics"],
      projectId: 4242,
      uuid: "0190b1a5-0c1e-7000-8000-000000004242",
      apiToken: "phc_live0123456789",
      createdAt: "2026-11-04T08:00:00Z",
    });
  });

  it("reports null for a managed setting PostHog returns no value for", () => {
    const { timezone: _tz, ...rest } = wireProject();
    expect(
      project.toState(rest as WireProject, {
        organizationId: h.ORG,
        name: "Web",
        timezone: "UTC",
        settings: { capture_dead_clicks: true, not_returned: 1 },
      }),
    ).toMatchObject({
      timezone: null,
      settings: { capture_dead_clicks: false, not_returned: null },
    });
  });

  it("shows drift in a merged setting's managed key", () => {
    const drifted = wireProject({ session_replay_config: { record_canvas: false, ai_config: { opt_in: true } } });
    const state = project.toState(drifted, INPUTS);
    expect(state.settings).toEqual({
      session_recording_sample_rate: "0.50",
      session_replay_config: { record_canvas: false },
    });
    expect(computeChanges(project, { ...INPUTS, ...state }, { ...INPUTS }, NOW)).toEqual({
      changed: ["settings", "productIntents"],
      replaces: [],
    });
  });

  it("has no changes after an apply whose merged setting holds keys the program never set", () => {
    const state = {
      ...INPUTS,
      ...project.toState(wireProject({ product_intents: [intent("product_analytics"), intent("surveys")] }), INPUTS),
    };
    expect(computeChanges(project, state, { ...INPUTS }, NOW)).toEqual(h.NO_CHANGES);
  });
});

describe("project spec: calls", () => {
  /** An in-memory project API that registers intents and onboarding like PostHog. */
  function projectsApi(initial: WireProject = wireProject({ product_intents: [], has_completed_onboarding_for: {} })) {
    let current = { ...initial };
    const api: h.FakeApi = {
      projects: {
        // No project of the name exists yet: create looks first, as names are not unique.
        listAll: async () => [],
        create: async (_org: string, body: Record<string, unknown>) =>
          (current = { ...current, name: body.name as string }),
        retrieve: async () => ({ ...current }),
        update: async (_org: string, _id: number, body: Record<string, unknown>) =>
          (current = { ...current, ...body } as WireProject),
        addProductIntent: async (_org: string, _id: number, body: { product_type: string }) => {
          current = { ...current, product_intents: [...(current.product_intents ?? []), intent(body.product_type)] };
        },
        completeProductOnboarding: async (_org: string, _id: number, body: { product_type: string }) => {
          current = {
            ...current,
            has_completed_onboarding_for: { ...current.has_completed_onboarding_for, [body.product_type]: true },
          };
        },
        resetToken: async () => (current = { ...current, api_token: "phc_rotated" }),
        delete: async () => {
          if (current.is_pending_deletion) throw h.refused("This project is already being deleted.", null, "DELETE");
          current = { ...current, is_pending_deletion: true };
        },
      },
    };
    return { api, now: () => current };
  }

  it("registers the product intents and onboarding after the create, then reads the project once", async () => {
    const { api } = projectsApi();
    const fake = h.installFakeContext(api);
    const { settings: _settings, ...inputs } = INPUTS;
    const result = await defineResource(project).create({ __provider: h.PROVIDER, ...inputs });
    expect(fake.calls).toEqual([
      "projects.listAll",
      "projects.create",
      "projects.addProductIntent",
      "projects.addProductIntent",
      "projects.completeProductOnboarding",
      "projects.retrieve",
    ]);
    expect(result.outs).toMatchObject({
      productIntents: ["product_analytics", "surveys"],
      completedOnboardingFor: ["product_analytics"],
      apiToken: "phc_live0123456789",
    });
  });

  it("resets the token only when tokenRotation changes", async () => {
    const { api } = projectsApi(wireProject());
    const fake = h.installFakeContext(api);
    const olds = { ...INPUTS, tokenRotation: "2026-11" };
    const same = await defineResource(project).update("4242", olds, {
      __provider: h.PROVIDER,
      organizationId: h.ORG,
      name: "Web",
      tokenRotation: "2026-11",
    });
    expect(same.outs).toMatchObject({ apiToken: "phc_live0123456789" });
    const rotated = await defineResource(project).update("4242", olds, {
      __provider: h.PROVIDER,
      organizationId: h.ORG,
      name: "Web",
      tokenRotation: "2026-12",
    });
    expect(rotated.outs).toMatchObject({ apiToken: "phc_rotated", tokenRotation: "2026-12" });
    expect(fake.calls).toEqual(["projects.update", "projects.update", "projects.resetToken"]);
  });

  it("reads a project pending deletion as gone", async () => {
    h.installFakeContext(projectsApi(wireProject({ is_pending_deletion: true })).api);
    await expect(defineResource(project).read("4242", { ...INPUTS, __stateVersion: 1 })).resolves.toEqual({});
  });

  it("creates beside namesakes that are being deleted, and refuses beside two live ones", async () => {
    const pending = [
      wireProject({ id: 1, is_pending_deletion: true }),
      wireProject({ id: 2, is_pending_deletion: true }),
    ];
    const { api } = projectsApi();
    const projects = api.projects as Record<string, unknown>;
    const byId = new Map(pending.map((p) => [p.id, p]));
    projects.listAll = async () => [...byId.values()].map(({ id, name }) => ({ id, name }));
    projects.retrieve = async (_org: string, id: number) => ({ ...byId.get(id)! });
    const fake = h.installFakeContext(api);
    const { settings: _settings, productIntents: _p, completedOnboardingFor: _c, ...inputs } = INPUTS;
    await defineResource(project).create({ __provider: h.PROVIDER, ...inputs });
    expect(fake.calls.slice(0, 4)).toEqual([
      "projects.listAll",
      "projects.retrieve",
      "projects.retrieve",
      "projects.create",
    ]);
    for (const p of pending) byId.set(p.id, { ...p, is_pending_deletion: false });
    await expect(defineResource(project).create({ __provider: h.PROVIDER, ...inputs })).rejects.toThrow(
      /2 projects in organization .* are named "Web"; adoption needs exactly one\. Rename one of them in PostHog first\. Nothing was created\./,
    );
  });

  it("treats a project already being deleted as deleted", async () => {
    const { api, now } = projectsApi(wireProject({ is_pending_deletion: true }));
    h.installFakeContext(api);
    await expect(defineResource(project).delete("4242", { ...INPUTS })).resolves.toBeUndefined();
    expect(now().is_pending_deletion).toBe(true);
  });
});

describe("project spec: diff", () => {
  const state = {
    ...INPUTS,
    productIntents: ["product_analytics", "surveys"],
    projectId: 4242,
    apiToken: "phc_live0123456789",
    adopted: false,
    ...h.STATE_FIELDS,
  };
  const rows: [string, Record<string, unknown>, h.Changes][] = [
    ["reports nothing when the inputs match the state", { ...INPUTS }, h.NO_CHANGES],
    [
      "replaces the project in another organization",
      { ...INPUTS, organizationId: OTHER_ORG },
      h.replacing("organizationId"),
    ],
    ["renames in place", { ...INPUTS, name: "Website" }, h.inPlace("name")],
    ["changes the time zone in place", { ...INPUTS, timezone: "UTC" }, h.inPlace("timezone")],
    [
      "compares settings regardless of key order",
      {
        ...INPUTS,
        settings: { session_replay_config: { record_canvas: true }, session_recording_sample_rate: "0.50" },
      },
      h.NO_CHANGES,
    ],
    [
      "changes a setting in place",
      { ...INPUTS, settings: { ...INPUTS.settings, session_recording_sample_rate: "1.00" } },
      h.inPlace("settings"),
    ],
    ["rotates the token in place", { ...INPUTS, tokenRotation: "2026-12" }, h.inPlace("tokenRotation")],
    ["ignores settings the program stops managing", { organizationId: h.ORG, name: "Web" }, h.NO_CHANGES],
  ];
  it.each(rows)("%s", (_name, news, expected) => {
    expect(computeChanges(project, state, news, NOW)).toEqual(expected);
  });

  it("creates the replacement in the other organization before deleting the old project", async () => {
    await expect(
      defineResource(project).diff("4242", state, { ...INPUTS, organizationId: OTHER_ORG }),
    ).resolves.toEqual({ changes: true, replaces: ["organizationId"], deleteBeforeReplace: false });
  });
});
