import type { BatchExport as WireBatchExport } from "../../../../provider/client/batch-exports";
import { defineResource } from "../../../../provider/runtime/core/define-resource";
import { computeChanges } from "../../../../provider/runtime/core/diff";
import { UNKNOWN } from "../../../../provider/runtime/core/unknowns";
import { batchExport, type BatchExportInputs } from "../../../../provider/runtime/specs/batch-export";
import * as h from "../helpers";

// The time diff rules are judged at (computeChanges takes it from the caller).
const NOW = Date.now();

const ID = "0190b1a5-0c1e-7000-8000-00000000be01";
const S3 = {
  type: "S3",
  config: {
    bucketName: "acme-events",
    region: "us-east-1",
    prefix: "posthog/",
    awsAccessKeyId: "AKIAUNIT",
    awsSecretAccessKey: "unit-secret",
  },
} as const;

const INPUTS: BatchExportInputs = {
  organizationId: h.ORG,
  projectId: 4242,
  name: "Events to S3",
  interval: "hour",
  destination: { ...S3, config: { ...S3.config } },
};

/** A batch export as PostHog returns it: credentials stripped, runs embedded. */
const wireExport = (overrides: Partial<WireBatchExport> = {}): WireBatchExport =>
  ({
    id: ID,
    team_id: 4242,
    name: "Events to S3",
    model: "events",
    destination: {
      type: "S3",
      config: { bucket_name: "acme-events", region: "us-east-1", prefix: "posthog/", file_format: "JSONLines" },
      integration: null,
    },
    interval: "hour",
    paused: false,
    created_at: "2026-11-04T08:00:00Z",
    last_updated_at: "2026-11-04T08:00:00Z",
    last_paused_at: null,
    start_at: null,
    end_at: null,
    latest_runs: [{ id: "run-1", status: "Completed" }],
    hogql_query: "",
    schema: null,
    filters: null,
    timezone: "UTC",
    offset_day: null,
    offset_hour: null,
    ...overrides,
  }) as unknown as WireBatchExport;

afterEach(h.resetFakeContext);

describe("batch export spec: check", () => {
  const base = { projectId: 4242, name: "Events", interval: "hour" };
  const rows: h.CheckRow[] = [
    ["accepts an S3 destination with credentials", { ...base, destination: S3 }, []],
    [
      "accepts an S3 destination without credentials (an instance role)",
      { ...base, destination: { type: "S3", config: { bucketName: "b", region: "eu-west-1", prefix: "" } } },
      [],
    ],
    [
      "accepts Parquet with zstd",
      { ...base, destination: { type: "S3", config: { ...S3.config, fileFormat: "Parquet", compression: "zstd" } } },
      [],
    ],
    [
      "accepts Postgres",
      {
        ...base,
        destination: {
          type: "Postgres",
          config: { user: "u", password: "p", host: "db.example.com", database: "ph", port: 5433 },
        },
      },
      [],
    ],
    [
      "accepts Snowflake with a key pair",
      {
        ...base,
        destination: {
          type: "Snowflake",
          config: {
            account: "a",
            user: "u",
            database: "d",
            warehouse: "w",
            schema: "s",
            authenticationType: "keypair",
            privateKey: "PEM",
          },
        },
      },
      [],
    ],
    [
      "accepts BigQuery",
      {
        ...base,
        destination: {
          type: "BigQuery",
          config: {
            projectId: "p",
            datasetId: "d",
            privateKey: "k",
            privateKeyId: "i",
            tokenUri: "t",
            clientEmail: "e@x.iam",
          },
        },
      },
      [],
    ],
    [
      "accepts HTTP to PostHog's EU batch endpoint",
      { ...base, destination: { type: "HTTP", config: { url: "https://eu.i.posthog.com/batch/", token: "phc_x" } } },
      [],
    ],
    [
      "accepts NoOp with event filters",
      { ...base, destination: { type: "NoOp", config: { includeEvents: ["$pageview"] } } },
      [],
    ],
    [
      "accepts weekly offsets",
      { ...base, interval: "week", offsetDay: 1, offsetHour: 5, destination: { type: "NoOp", config: {} } },
      [],
    ],
    [
      "accepts a bucket that is unknown at preview",
      { ...base, destination: { type: "S3", config: { ...S3.config, bucketName: UNKNOWN } } },
      [],
    ],
    [
      "refuses an S3 destination without bucketName, naming the key",
      { ...base, destination: { type: "S3", config: { region: "us-east-1", prefix: "" } } },
      [
        [
          "destination.config.bucketName",
          /^destination\.config\.bucketName is required for S3 destinations and must be a string: the bucket to write to\.$/,
        ],
      ],
    ],
    [
      "refuses an empty region",
      { ...base, destination: { type: "S3", config: { ...S3.config, region: "" } } },
      [["destination.config.region", /^destination\.config\.region must not be empty/]],
    ],
    [
      "refuses a misspelled config key",
      { ...base, destination: { type: "S3", config: { ...S3.config, bucket: "x" } } },
      [["destination.config.bucket", /^"bucket" is not a field of destination\.config\. Remove it/]],
    ],
    [
      "refuses a Postgres destination without password",
      { ...base, destination: { type: "Postgres", config: { user: "u", host: "h", database: "d" } } },
      [["destination.config.password", /required for Postgres destinations/]],
    ],
    [
      "refuses a port that is not a number",
      {
        ...base,
        destination: { type: "Postgres", config: { user: "u", password: "p", host: "h", database: "d", port: "5432" } },
      },
      [["destination.config.port", /must be a whole number/]],
    ],
    [
      "refuses an unknown destination type",
      { ...base, destination: { type: "Kafka", config: {} } },
      [["destination.type", /^destination\.type must be one of S3, Postgres/]],
    ],
    [
      "refuses an HTTP URL other than PostHog's",
      { ...base, destination: { type: "HTTP", config: { url: "https://example.com/", token: "t" } } },
      [["destination.config.url", /must be one of https:\/\/us\.i\.posthog\.com\/batch\//]],
    ],
    [
      "refuses HTTP with the persons model",
      {
        ...base,
        model: "persons",
        destination: { type: "HTTP", config: { url: "https://us.i.posthog.com/batch/", token: "t" } },
      },
      [["model", /HTTP exports only support the events model/]],
    ],
    [
      "refuses a compression the file format lacks",
      { ...base, destination: { type: "S3", config: { ...S3.config, compression: "zstd" } } },
      [["destination.config.compression", /"zstd" is not supported for JSONLines/]],
    ],
    [
      "refuses Snowflake password authentication without a password",
      {
        ...base,
        destination: {
          type: "Snowflake",
          config: { account: "a", user: "u", database: "d", warehouse: "w", schema: "s" },
        },
      },
      [["destination.config.password", /required with password authentication/]],
    ],
    [
      "refuses offsetDay on a daily export",
      { ...base, interval: "day", offsetDay: 1, destination: { type: "NoOp", config: {} } },
      [["offsetDay", /weekly exports only/]],
    ],
    [
      "refuses offsetHour on an hourly export",
      { ...base, offsetHour: 3, destination: { type: "NoOp", config: {} } },
      [["offsetHour", /daily and weekly exports only/]],
    ],
    [
      "refuses an unknown interval",
      { ...base, interval: "minute", destination: { type: "NoOp", config: {} } },
      [["interval", /one of "hour", "day", "week"/]],
    ],
    [
      "refuses a projectId given as text",
      { ...base, projectId: "4242", destination: { type: "NoOp", config: {} } },
      [["projectId", /^projectId is required: the id of the project/]],
    ],
    [
      "refuses endAt before startAt",
      {
        ...base,
        startAt: "2026-02-01T00:00:00Z",
        endAt: "2026-01-01T00:00:00Z",
        destination: { type: "NoOp", config: {} },
      },
      [["endAt", /^endAt must be after startAt\.$/]],
    ],
    [
      "refuses filters on the run's interval",
      { ...base, filters: [{ key: "data_interval_start" }], destination: { type: "NoOp", config: {} } },
      [["filters", /data_interval_start/]],
    ],
  ];
  it.each(rows)("%s", async (_name, inputs, failures) => {
    const fake = h.installFakeContext();
    const result = await defineResource(batchExport).check({}, { __provider: h.PROVIDER, ...inputs });
    h.expectFailures(result.failures, failures);
    // Bad input is refused before anything is sent.
    if (failures.length > 0) expect(fake.calls).toEqual([]);
  });
});

describe("batch export spec: state", () => {
  it("keeps the credentials as applied, the other config keys as PostHog reports them, and no runs", () => {
    const state = batchExport.toState(wireExport(), INPUTS);
    expect(state).toEqual({
      name: "Events to S3",
      interval: "hour",
      destination: S3,
      teamId: 4242,
      createdAt: "2026-11-04T08:00:00Z",
      lastPausedAt: null,
    });
    expect(computeChanges(batchExport, { ...INPUTS, ...state }, { ...INPUTS }, NOW)).toEqual(h.NO_CHANGES);
  });

  it("shows drift in a non-secret config key", () => {
    const drifted = wireExport({
      destination: {
        type: "S3",
        config: { bucket_name: "acme-events", region: "us-east-1", prefix: "elsewhere/" },
        integration: null,
      },
    });
    const state = batchExport.toState(drifted, INPUTS);
    expect(computeChanges(batchExport, { ...INPUTS, ...state }, { ...INPUTS }, NOW)).toEqual({
      changed: ["destination"],
      replaces: [],
    });
  });

  it("sees a credential change by input diff only", () => {
    const state = { ...INPUTS, ...batchExport.toState(wireExport(), INPUTS) };
    const rotated = { ...INPUTS, destination: { ...S3, config: { ...S3.config, awsSecretAccessKey: "rotated" } } };
    expect(computeChanges(batchExport, state, rotated, NOW)).toEqual(h.inPlace("destination"));
  });

  it("compares startAt as an instant (PostHog answers with milliseconds)", () => {
    const inputs = { ...INPUTS, startAt: "2026-01-01T00:00:00Z" };
    const state = { ...inputs, ...batchExport.toState(wireExport({ start_at: "2026-01-01T00:00:00.000Z" }), inputs) };
    expect(computeChanges(batchExport, state, inputs, NOW)).toEqual(h.NO_CHANGES);
  });
});

describe("batch export spec: diff", () => {
  const state = { ...INPUTS, teamId: 4242, __stateVersion: 1 };
  const rows: [string, Record<string, unknown>, h.Changes][] = [
    ["renames in place", { ...INPUTS, name: "Renamed" }, h.inPlace("name")],
    ["pauses in place", { ...INPUTS, paused: true }, h.inPlace("paused")],
    ["replaces the export in another project", { ...INPUTS, projectId: 7 }, h.replacing("projectId")],
    [
      "replaces the export when the destination type changes",
      { ...INPUTS, destination: { type: "NoOp", config: {} } },
      h.replacing("destination"),
    ],
    [
      "changes a destination unknown at preview in place",
      { ...INPUTS, destination: UNKNOWN },
      h.inPlace("destination"),
    ],
  ];
  it.each(rows)("%s", (_name, news, expected) => {
    expect(computeChanges(batchExport, state, news, NOW)).toEqual(expected);
  });
});

describe("batch export spec: calls", () => {
  function exportsApi(initial = wireExport()) {
    let current = { ...initial };
    const sent: Record<string, unknown>[] = [];
    const api: h.FakeApi = {
      batchExports: {
        // No export under the key exists yet: create looks first, as names are not unique.
        listAll: async () => [],
        create: async (_org: string, _project: number, body: Record<string, unknown>) => (
          sent.push(body),
          (current = { ...current, paused: body.paused === true })
        ),
        retrieve: async () => ({ ...current }),
        update: async (_org: string, _project: number, _id: string, body: Record<string, unknown>) => (
          sent.push(body),
          (current = { ...current, name: body.name as string })
        ),
        pause: async () => (
          (current = { ...current, paused: true, last_paused_at: "2026-11-05T00:00:00Z" }),
          { paused: true }
        ),
        unpause: async () => ((current = { ...current, paused: false }), { paused: false }),
        delete: async () => undefined,
      },
    };
    return { api, sent };
  }

  it("creates through the project with the credentials, and created paused when asked", async () => {
    const { api, sent } = exportsApi();
    const fake = h.installFakeContext(api);
    const result = await defineResource(batchExport).create({ __provider: h.PROVIDER, ...INPUTS, paused: true });
    expect(fake.calls).toEqual(["batchExports.listAll", "batchExports.create"]);
    // The program's camelCase config keys go out under PostHog's names.
    expect(sent[0]).toEqual({
      name: "Events to S3",
      interval: "hour",
      paused: true,
      destination: {
        type: "S3",
        config: {
          bucket_name: "acme-events",
          region: "us-east-1",
          prefix: "posthog/",
          aws_access_key_id: "AKIAUNIT",
          aws_secret_access_key: "unit-secret",
        },
      },
    });
    expect(result).toMatchObject({ id: ID, outs: { paused: true, teamId: 4242, destination: S3 } });
  });

  it("pauses through the pause action, never in the PATCH", async () => {
    const { api, sent } = exportsApi();
    const fake = h.installFakeContext(api);
    const result = await defineResource(batchExport).update(
      ID,
      { ...INPUTS, paused: false },
      { __provider: h.PROVIDER, ...INPUTS, paused: true },
    );
    expect(fake.calls).toEqual(["batchExports.update", "batchExports.pause", "batchExports.retrieve"]);
    expect(sent[0]).not.toHaveProperty("paused");
    expect(result.outs).toMatchObject({ paused: true, lastPausedAt: "2026-11-05T00:00:00Z" });
  });

  it("unpauses an export paused outside the program", async () => {
    const { api } = exportsApi(wireExport({ paused: true }));
    const fake = h.installFakeContext(api);
    await defineResource(batchExport).update(
      ID,
      { ...INPUTS, paused: false },
      { __provider: h.PROVIDER, ...INPUTS, paused: false },
    );
    expect(fake.calls).toEqual(["batchExports.update", "batchExports.unpause", "batchExports.retrieve"]);
  });

  it("keeps the applied credentials through a read, and drops an export that reads as 404", async () => {
    const { api } = exportsApi();
    h.installFakeContext(api);
    const read = await defineResource(batchExport).read(ID, { ...INPUTS, teamId: 4242, __stateVersion: 1 });
    expect(read.props).toMatchObject({ destination: S3 });
    // Write-only credentials keep their applied value in the refreshed inputs too.
    expect(read.inputs).toMatchObject({ destination: S3 });
    expect(read.props).not.toHaveProperty("latestRuns");
    h.installFakeContext({ batchExports: { retrieve: async () => Promise.reject(h.notFound()) } });
    await expect(defineResource(batchExport).read(ID, { ...INPUTS, __stateVersion: 1 })).resolves.toEqual({});
  });
});
