// BatchExport: a scheduled export of one project's data to a destination (S3, Postgres, …).
// API quirks that shaped this spec (docs/posthog-api/FACTS.md §10 and §1.8–§1.9, PostHog posthog/batch_exports/http.py):
// - the organization route reads but cannot create (it has no team): writes go through the
//   project route, so `projectId` is an input, and changing it replaces the export;
// - each destination type has its own config keys (the workflow input dataclasses); unknown and
//   missing keys are refused, so the union below checks them at preview, naming the key;
// - credentials in `destination.config` are write-only: PostHog strips them from every response.
//   State keeps the values last applied (never read back), so they cause no perpetual diff; a
//   credential change shows by input diff only, and refresh cannot see one made in PostHog;
// - a PATCHed `config` is merged recursively into the stored one: a key removed from the program
//   stays in PostHog, so state holds only the program's keys. A type change would merge the old
//   type's keys into the new config: it replaces the export instead;
// - `paused` changes through the pause/unpause actions (which also keep `last_paused_at`);
// - delete is a soft delete, after which GET answers 404; `latest_runs` changes with every run and
//   stays out of state.
import { z } from "zod";
import type { BatchExport as WireBatchExport } from "../../client/batch-exports";
import type { Context } from "../core/context";
import { quote } from "../core/check";
import { adopt, organizationDefault, organizationId, timezone, wireFields } from "../core/fields";
import { isDict, mirroring } from "../core/plain";
import type { Adoptable, Failure, ResourceSpec, StateOf } from "../core/spec";
import { isKnown } from "../core/unknowns";

const INTERVALS = ["hour", "day", "week", "every 5 minutes", "every 15 minutes"] as const;
const MODELS = ["events", "persons", "sessions"] as const;

/** Write-only credential keys per destination type (the program's names): stripped by PostHog from every response (docs/posthog-api/FACTS.md §1.8). */
export const CREDENTIAL_KEYS: Record<string, readonly string[]> = {
  S3: ["awsAccessKeyId", "awsSecretAccessKey"],
  Postgres: ["user", "password"],
  Redshift: ["user", "password"],
  Snowflake: ["user", "password", "privateKey", "privateKeyPassphrase"],
  BigQuery: ["privateKey", "privateKeyId", "clientEmail", "tokenUri"],
  HTTP: ["token"],
};

const at = (_type: string, key: string) => `destination.config.${key}`;

/** PostHog's name for a config key: the program writes `bucketName`, the API reads `bucket_name`. */
export const wireKey = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const text = (type: string, key: string, what: string) =>
  z
    .string({ error: `${at(type, key)} is required for ${type} destinations and must be a string: ${what}` })
    .min(1, `${at(type, key)} must not be empty: ${what}`);
const optText = (type: string, key: string, what: string) =>
  z.string({ error: `${at(type, key)} must be a string: ${what}` }).optional();
const optInt = (type: string, key: string, what: string) =>
  z
    .number({ error: `${at(type, key)} must be a whole number: ${what}` })
    .int(`${at(type, key)} must be a whole number: ${what}`)
    .optional();
const optFlag = (type: string, key: string) =>
  z.boolean({ error: `${at(type, key)} must be true or false` }).optional();
const events = (type: string, key: string) =>
  z
    .array(z.string({ error: `${at(type, key)} must hold event names (strings), e.g. ["$pageview"]` }), {
      error: `${at(type, key)} must be a list of event names, e.g. ["$pageview"]`,
    })
    .optional();

/** The config of one destination type: its own keys plus the event filters every type accepts. */
const destination = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({
    type: z.literal(type),
    config: z.strictObject(
      { ...shape, excludeEvents: events(type, "excludeEvents"), includeEvents: events(type, "includeEvents") },
      {
        error: `destination.config is required for ${type} destinations: an object of its settings`,
      },
    ),
  });

const postgresShape = (type: string) => ({
  user: text(type, "user", "the database user (write-only)"),
  password: text(type, "password", "the user's password (write-only)"),
  host: text(type, "host", 'the database host name, e.g. "db.example.com"'),
  database: text(type, "database", "the database to write to"),
  schema: optText(type, "schema", 'the schema, default "public"'),
  tableName: optText(type, "tableName", "the table to write to"),
  port: optInt(type, "port", `the port, default ${type === "Redshift" ? 5439 : 5432}`),
  hasSelfSignedCert: optFlag(type, "hasSelfSignedCert"),
});

export const BatchExportDestination = z.discriminatedUnion(
  "type",
  [
    destination("S3", {
      bucketName: text("S3", "bucketName", "the bucket to write to"),
      region: text("S3", "region", 'the bucket\'s AWS region, e.g. "us-east-1"'),
      prefix: z.string({
        error: `${at("S3", "prefix")} is required for S3 destinations and must be a string: the key prefix of the files ("" for none)`,
      }),
      awsAccessKeyId: optText("S3", "awsAccessKeyId", "the access key id (write-only)"),
      awsSecretAccessKey: optText("S3", "awsSecretAccessKey", "the secret access key (write-only)"),
      compression: optText("S3", "compression", 'e.g. "gzip"'),
      encryption: optText("S3", "encryption", 'e.g. "AES256" or "aws:kms"'),
      kmsKeyId: optText("S3", "kmsKeyId", "the KMS key for aws:kms encryption"),
      endpointUrl: optText("S3", "endpointUrl", "an S3-compatible endpoint"),
      fileFormat: optText("S3", "fileFormat", '"JSONLines" (default) or "Parquet"'),
      maxFileSizeMb: optInt("S3", "maxFileSizeMb", "the size at which a file is split"),
      useVirtualStyleAddressing: optFlag("S3", "useVirtualStyleAddressing"),
    }),
    destination("Postgres", postgresShape("Postgres")),
    destination("Redshift", {
      ...postgresShape("Redshift"),
      propertiesDataType: optText("Redshift", "propertiesDataType", '"varchar" (default) or "super"'),
      mode: optText("Redshift", "mode", '"INSERT" (default) or "COPY"'),
      copyInputs: z
        .record(z.string(), z.any(), {
          error: `${at("Redshift", "copyInputs")} must be an object: the S3 staging settings COPY needs`,
        })
        .optional(),
    }),
    destination("Snowflake", {
      account: text("Snowflake", "account", 'the account identifier, e.g. "xy12345.us-east-1"'),
      user: text("Snowflake", "user", "the Snowflake user (write-only)"),
      database: text("Snowflake", "database", "the database to write to"),
      warehouse: text("Snowflake", "warehouse", "the warehouse that runs the loads"),
      schema: text("Snowflake", "schema", "the schema to write to"),
      tableName: optText("Snowflake", "tableName", 'the table, default "events"'),
      authenticationType: optText("Snowflake", "authenticationType", '"password" (default) or "keypair"'),
      password: optText("Snowflake", "password", "the user's password (write-only)"),
      privateKey: optText("Snowflake", "privateKey", "a PEM private key (write-only)"),
      privateKeyPassphrase: optText("Snowflake", "privateKeyPassphrase", "the private key's passphrase (write-only)"),
      role: optText("Snowflake", "role", "the role to use"),
    }),
    destination("BigQuery", {
      projectId: text("BigQuery", "projectId", "the Google Cloud project id"),
      datasetId: text("BigQuery", "datasetId", "the dataset to write to"),
      privateKey: text("BigQuery", "privateKey", "the service account key's privateKey (write-only)"),
      privateKeyId: text("BigQuery", "privateKeyId", "the service account key's privateKeyId (write-only)"),
      tokenUri: text("BigQuery", "tokenUri", "the service account key's tokenUri (write-only)"),
      clientEmail: text("BigQuery", "clientEmail", "the service account's email (write-only)"),
      tableId: optText("BigQuery", "tableId", "the table to write to"),
      useJsonType: optFlag("BigQuery", "useJsonType"),
    }),
    destination("HTTP", {
      url: text("HTTP", "url", "https://us.i.posthog.com/batch/ or https://eu.i.posthog.com/batch/"),
      token: text("HTTP", "token", "the receiving project's API token (write-only)"),
    }),
    destination("NoOp", { arg: optText("NoOp", "arg", "any text") }),
  ],
  { error: "destination.type must be one of S3, Postgres, Redshift, Snowflake, BigQuery, HTTP or NoOp" },
);
export type BatchExportDestination = z.infer<typeof BatchExportDestination>;

const instant = (name: string) =>
  z
    .string({ error: `${name} must be an ISO 8601 date-time string, e.g. "2026-01-01T00:00:00Z"` })
    .refine((v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)), {
      error: `${name} must be an ISO 8601 date-time with a time zone, e.g. "2026-01-01T00:00:00Z"`,
    })
    .optional();

export const BatchExportInputs = z.strictObject({
  organizationId,
  projectId: z
    .number({ error: "projectId is required: the id of the project to export from (a number, e.g. project.projectId)" })
    .int("projectId must be a whole number")
    .positive("projectId must be a positive number"),
  name: z
    .string({ error: "name is required: give the batch export a name" })
    .trim()
    .min(1, "name must not be empty: give the batch export a name"),
  model: z.enum(MODELS, { error: 'model must be "events", "persons" or "sessions"' }).optional(),
  interval: z.enum(INTERVALS, {
    error: 'interval is required: one of "hour", "day", "week", "every 5 minutes" or "every 15 minutes"',
  }),
  paused: z.boolean({ error: "paused must be true or false" }).optional(),
  destination: BatchExportDestination,
  startAt: instant("startAt"),
  endAt: instant("endAt"),
  timezone,
  offsetDay: z
    .number({ error: "offsetDay must be a day of the week: 0 (Sunday) to 6 (Saturday)" })
    .int("offsetDay must be a whole number: 0 (Sunday) to 6 (Saturday)")
    .min(0, "offsetDay must be 0 (Sunday) to 6 (Saturday)")
    .max(6, "offsetDay must be 0 (Sunday) to 6 (Saturday)")
    .optional(),
  offsetHour: z
    .number({ error: "offsetHour must be an hour of the day: 0 to 23" })
    .int("offsetHour must be a whole number: 0 to 23")
    .min(0, "offsetHour must be 0 to 23")
    .max(23, "offsetHour must be 0 to 23")
    .optional(),
  filters: z.array(z.unknown(), { error: "filters must be a list of PostHog property filters" }).optional(),
  hogqlQuery: z.string({ error: "hogqlQuery must be a HogQL SELECT … FROM events query" }).optional(),
  adopt,
});
export type BatchExportInputs = z.infer<typeof BatchExportInputs> & { organizationId: string };

/** A batch export's state: its inputs as PostHog reports them (credentials as last applied), its team and dates. */
export type BatchExportState = StateOf<
  BatchExportInputs,
  Adoptable & { interval: string; teamId: number; createdAt: string | null; lastPausedAt: string | null }
>;

const fields = wireFields<BatchExportInputs>({
  name: "name",
  model: "model",
  interval: "interval",
  paused: "paused",
  startAt: "start_at",
  endAt: "end_at",
  timezone: "timezone",
  offsetDay: "offset_day",
  offsetHour: "offset_hour",
  filters: "filters",
  hogqlQuery: "hogql_query",
});

const HTTP_URLS = ["https://us.i.posthog.com/batch/", "https://eu.i.posthog.com/batch/"];
const S3_COMPRESSIONS: Record<string, (string | undefined)[]> = {
  JSONLines: ["gzip", "brotli", undefined],
  Parquet: ["zstd", "lz4", "snappy", "gzip", "brotli", undefined],
};

/** PostHog's cross-field rules (docs/posthog-api/FACTS.md §10), in the inputs' words. */
function validate(inputs: BatchExportInputs): Failure[] {
  const failures: Failure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  // Each rule runs when the inputs it reads are known (at preview some may not be yet).
  const k = isKnown;
  const { interval } = inputs;
  if (inputs.offsetDay !== undefined && k(interval) && interval !== "week")
    fail("offsetDay", `offsetDay applies to weekly exports only: remove it, or set interval to "week".`);
  if (inputs.offsetHour !== undefined && k(interval) && interval !== "day" && interval !== "week")
    fail(
      "offsetHour",
      `offsetHour applies to daily and weekly exports only: remove it, or set interval to "day" or "week".`,
    );
  if (inputs.startAt && inputs.endAt && Date.parse(inputs.startAt) >= Date.parse(inputs.endAt))
    fail("endAt", "endAt must be after startAt.");
  if (inputs.filters && /data_interval_(start|end)/.test(JSON.stringify(inputs.filters)))
    fail(
      "filters",
      "filters cannot reference data_interval_start or data_interval_end: PostHog sets those for each run.",
    );
  const d = inputs.destination;
  if (!k(d?.type) || !d.config) return failures;
  if (d.type === "HTTP") {
    if (k(d.config.url) && !HTTP_URLS.includes(d.config.url))
      fail(
        "destination.config.url",
        `destination.config.url must be one of ${HTTP_URLS.join(" or ")}: HTTP exports only send to PostHog.`,
      );
    if (k(inputs.model) && (inputs.model ?? "events") !== "events")
      fail("model", 'HTTP exports only support the events model: remove model or set it to "events".');
  }
  if (d.type === "S3" && k(d.config.fileFormat, d.config.compression)) {
    const format = d.config.fileFormat ?? "JSONLines";
    if (!(format in S3_COMPRESSIONS))
      fail(
        "destination.config.fileFormat",
        `destination.config.fileFormat ${quote(format)} is not supported: use "JSONLines" or "Parquet".`,
      );
    else if (!S3_COMPRESSIONS[format].includes(d.config.compression)) {
      fail(
        "destination.config.compression",
        `destination.config.compression ${quote(d.config.compression)} is not supported for ${format}: use one of ${S3_COMPRESSIONS[format].filter(Boolean).join(", ")}, or leave it unset.`,
      );
    }
  }
  if (d.type === "Snowflake" && k(d.config.authenticationType)) {
    const auth = d.config.authenticationType ?? "password";
    if (auth !== "password" && auth !== "keypair")
      fail(
        "destination.config.authenticationType",
        'destination.config.authenticationType must be "password" or "keypair".',
      );
    if (auth === "password" && !d.config.password)
      fail(
        "destination.config.password",
        'destination.config.password is required with password authentication: set it, or use authenticationType "keypair" with privateKey.',
      );
    if (auth === "keypair" && !d.config.privateKey)
      fail(
        "destination.config.privateKey",
        'destination.config.privateKey is required with authenticationType "keypair".',
      );
  }
  if (d.type === "Redshift" && k(d.config.mode)) {
    if (d.config.mode !== undefined && d.config.mode !== "INSERT" && d.config.mode !== "COPY")
      fail("destination.config.mode", 'destination.config.mode must be "INSERT" or "COPY".');
    if (d.config.mode === "COPY" && !d.config.copyInputs)
      fail("destination.config.copyInputs", 'destination.config.copyInputs is required when mode is "COPY".');
  }
  return failures;
}

/**
 * The destination as state records it: for the keys the program sets, credentials as last applied
 * (PostHog never returns them) and every other key as PostHog reports it (null when absent).
 */
export function destinationState(
  wire: WireBatchExport["destination"],
  wanted: BatchExportInputs["destination"] | undefined,
): BatchExportDestination {
  const wantedConfig: Record<string, unknown> = isDict(wanted?.config) ? wanted.config : {};
  const secret = new Set(wanted?.type === wire.type ? (CREDENTIAL_KEYS[wire.type] ?? []) : []);
  const live = wire.config ?? {};
  const config = Object.fromEntries(
    Object.keys(wantedConfig).map((k) => [k, secret.has(k) ? wantedConfig[k] : (live[wireKey(k)] ?? null)]),
  );
  return mirroring<BatchExportDestination>({ type: wire.type, config });
}

const toBody = (inputs: BatchExportInputs) => {
  const { paused: _paused, ...rest } = fields.toBody(inputs);
  const config = Object.fromEntries(Object.entries(inputs.destination.config).map(([k, v]) => [wireKey(k), v]));
  // name and interval are required inputs, so `rest` holds them already, in this order.
  return {
    ...rest,
    name: inputs.name,
    interval: inputs.interval,
    destination: { type: inputs.destination.type, config },
  };
};

/** Brings `paused` to the program's value through PostHog's pause/unpause actions. */
async function applyPaused(ctx: Context, wire: WireBatchExport, inputs: BatchExportInputs): Promise<WireBatchExport> {
  if (inputs.paused === undefined || inputs.paused === wire.paused) return wire;
  const { organizationId: org, projectId } = inputs;
  if (inputs.paused) await ctx.client.batchExports.pause(org, projectId, wire.id);
  else await ctx.client.batchExports.unpause(org, projectId, wire.id);
  return ctx.client.batchExports.retrieve(org, wire.id);
}

const sameInstant = (v: unknown) =>
  typeof v === "string" && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : v;

export const batchExport: ResourceSpec<BatchExportInputs, WireBatchExport, BatchExportState, "BatchExport"> = {
  kind: "BatchExport",
  noun: "batch export",
  label: ["name"],
  // 2: destination.config keys are camelCase (1 held PostHog's snake_case names).
  stateVersion: 2,
  args: BatchExportInputs,
  replaceOnChanges: ["organizationId", "projectId"],
  defaults: organizationDefault,
  // PostHog answers start_at/end_at in its own ISO form (e.g. with milliseconds): compare instants.
  normalize: { startAt: sameInstant, endAt: sameInstant },
  validate,
  warnings: (state, inputs, changes) => {
    const effects: string[] = [];
    if (changes.replaces.length > 0)
      effects.push(
        `replacing the batch export creates a new one (its run history and backfills do not carry over) and soft-deletes "${state.name}".`,
      );
    const before = state.destination?.config ?? {};
    const after = inputs.destination?.config ?? {};
    const dropped = Object.keys(before).filter((k) => !(k in after));
    if (changes.changed.includes("destination") && changes.replaces.length === 0 && dropped.length > 0)
      effects.push(
        `PostHog merges destination config: ${dropped.map((k) => `destination.config.${k}`).join(", ")} removed from the program keep${dropped.length > 1 ? "" : "s"} its value in PostHog.`,
      );
    return effects;
  },
  refineDiff: (changes, state, news) => {
    const before = state.destination?.type;
    const after = news.destination?.type;
    // A type change would leave the old type's keys merged into the new config (docs/posthog-api/FACTS.md §10).
    if (
      changes.changed.includes("destination") &&
      typeof after === "string" &&
      before !== after &&
      !changes.replaces.includes("destination")
    ) {
      return { changed: changes.changed, replaces: [...changes.replaces, "destination"] };
    }
    return changes;
  },

  id: (wire) => wire.id,
  toState: (wire, inputs) => ({
    ...fields.toState(wire, inputs),
    destination: destinationState(wire.destination, inputs.destination),
    teamId: wire.team_id,
    createdAt: wire.created_at ?? null,
    lastPausedAt: wire.last_paused_at ?? null,
  }),

  // Paused at creation when asked, so no run is scheduled before the pause.
  create: (ctx, inputs) =>
    ctx.client.batchExports.create(inputs.organizationId, inputs.projectId, {
      ...toBody(inputs),
      ...(inputs.paused !== undefined ? { paused: inputs.paused } : {}),
    }),
  retrieve: (ctx, id, state) => ctx.client.batchExports.retrieve(state.organizationId, id),
  update: async (ctx, id, news) => {
    const wire = await ctx.client.batchExports.update(news.organizationId, news.projectId, id, toBody(news));
    return applyPaused(ctx, wire, news);
  },
  delete: (ctx, id, state) => ctx.client.batchExports.delete(state.organizationId, state.projectId, id),
  // Names are not unique in PostHog: the key is (project, name, destination type), and an existing
  // export under it is named in an error, never doubled (a replacement changes the type or project).
  existing: "refuse",
  adopt: async (ctx, inputs) => {
    const key = [inputs.projectId, inputs.name, inputs.destination.type] as const;
    const matches = (await ctx.client.batchExports.listAll(inputs.organizationId)).filter(
      (b) => b.team_id === key[0] && b.name === key[1] && b.destination.type === key[2],
    );
    if (matches.length > 1) {
      throw new Error(
        `${matches.length} ${key[2]} batch exports of project ${key[0]} are named "${key[1]}"; adoption needs exactly one. Rename or delete the others in PostHog first.`,
      );
    }
    return matches[0];
  },
};
