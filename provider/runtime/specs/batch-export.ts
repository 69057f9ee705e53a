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
import type { BatchExport as WireBatchExport, BatchExportCreateParams } from "../../client/batch-exports";
import type { Context } from "../core/context";
import { quote } from "../core/check";
import { organizationDefault, organizationId, wireFields } from "../core/fields";
import type { Failure, ResourceSpec } from "../core/spec";

const INTERVALS = ["hour", "day", "week", "every 5 minutes", "every 15 minutes"] as const;
const MODELS = ["events", "persons", "sessions"] as const;

/** Write-only credential keys per destination type: stripped by PostHog from every response (docs/posthog-api/FACTS.md §1.8). */
export const CREDENTIAL_KEYS: Record<string, readonly string[]> = {
  S3: ["aws_access_key_id", "aws_secret_access_key"],
  Postgres: ["user", "password"],
  Redshift: ["user", "password"],
  Snowflake: ["user", "password", "private_key", "private_key_passphrase"],
  BigQuery: ["private_key", "private_key_id", "client_email", "token_uri"],
  HTTP: ["token"],
};

const at = (_type: string, key: string) => `destination.config.${key}`;
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
      { ...shape, exclude_events: events(type, "exclude_events"), include_events: events(type, "include_events") },
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
  table_name: optText(type, "table_name", "the table to write to"),
  port: optInt(type, "port", `the port, default ${type === "Redshift" ? 5439 : 5432}`),
  has_self_signed_cert: optFlag(type, "has_self_signed_cert"),
});

export const BatchExportDestination = z.discriminatedUnion(
  "type",
  [
    destination("S3", {
      bucket_name: text("S3", "bucket_name", "the bucket to write to"),
      region: text("S3", "region", 'the bucket\'s AWS region, e.g. "us-east-1"'),
      prefix: z.string({
        error: `${at("S3", "prefix")} is required for S3 destinations and must be a string: the key prefix of the files ("" for none)`,
      }),
      aws_access_key_id: optText("S3", "aws_access_key_id", "the access key id (write-only)"),
      aws_secret_access_key: optText("S3", "aws_secret_access_key", "the secret access key (write-only)"),
      compression: optText("S3", "compression", 'e.g. "gzip"'),
      encryption: optText("S3", "encryption", 'e.g. "AES256" or "aws:kms"'),
      kms_key_id: optText("S3", "kms_key_id", "the KMS key for aws:kms encryption"),
      endpoint_url: optText("S3", "endpoint_url", "an S3-compatible endpoint"),
      file_format: optText("S3", "file_format", '"JSONLines" (default) or "Parquet"'),
      max_file_size_mb: optInt("S3", "max_file_size_mb", "the size at which a file is split"),
      use_virtual_style_addressing: optFlag("S3", "use_virtual_style_addressing"),
    }),
    destination("Postgres", postgresShape("Postgres")),
    destination("Redshift", {
      ...postgresShape("Redshift"),
      properties_data_type: optText("Redshift", "properties_data_type", '"varchar" (default) or "super"'),
      mode: optText("Redshift", "mode", '"INSERT" (default) or "COPY"'),
      copy_inputs: z
        .record(z.string(), z.unknown(), {
          error: `${at("Redshift", "copy_inputs")} must be an object: the S3 staging settings COPY needs`,
        })
        .optional(),
    }),
    destination("Snowflake", {
      account: text("Snowflake", "account", 'the account identifier, e.g. "xy12345.us-east-1"'),
      user: text("Snowflake", "user", "the Snowflake user (write-only)"),
      database: text("Snowflake", "database", "the database to write to"),
      warehouse: text("Snowflake", "warehouse", "the warehouse that runs the loads"),
      schema: text("Snowflake", "schema", "the schema to write to"),
      table_name: optText("Snowflake", "table_name", 'the table, default "events"'),
      authentication_type: optText("Snowflake", "authentication_type", '"password" (default) or "keypair"'),
      password: optText("Snowflake", "password", "the user's password (write-only)"),
      private_key: optText("Snowflake", "private_key", "a PEM private key (write-only)"),
      private_key_passphrase: optText(
        "Snowflake",
        "private_key_passphrase",
        "the private key's passphrase (write-only)",
      ),
      role: optText("Snowflake", "role", "the role to use"),
    }),
    destination("BigQuery", {
      project_id: text("BigQuery", "project_id", "the Google Cloud project id"),
      dataset_id: text("BigQuery", "dataset_id", "the dataset to write to"),
      private_key: text("BigQuery", "private_key", "the service account key's private_key (write-only)"),
      private_key_id: text("BigQuery", "private_key_id", "the service account key's private_key_id (write-only)"),
      token_uri: text("BigQuery", "token_uri", "the service account key's token_uri (write-only)"),
      client_email: text("BigQuery", "client_email", "the service account's email (write-only)"),
      table_id: optText("BigQuery", "table_id", "the table to write to"),
      use_json_type: optFlag("BigQuery", "use_json_type"),
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

const isTimezone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};
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
  timezone: z
    .string({ error: 'timezone must be a string: an IANA time zone name like "Europe/Berlin" or "UTC"' })
    .refine(isTimezone, {
      error: (i) => `timezone ${quote(i.input)} is not an IANA time zone; use a name like "Europe/Berlin" or "UTC"`,
    })
    .optional(),
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
});
export type BatchExportInputs = z.infer<typeof BatchExportInputs> & { organizationId: string };

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
  const { interval } = inputs;
  if (inputs.offsetDay !== undefined && interval !== "week")
    fail("offsetDay", `offsetDay applies to weekly exports only: remove it, or set interval to "week".`);
  if (inputs.offsetHour !== undefined && interval !== "day" && interval !== "week")
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
  if (d.type === "HTTP") {
    if (!HTTP_URLS.includes(d.config.url))
      fail(
        "destination.config.url",
        `destination.config.url must be one of ${HTTP_URLS.join(" or ")}: HTTP exports only send to PostHog.`,
      );
    if ((inputs.model ?? "events") !== "events")
      fail("model", 'HTTP exports only support the events model: remove model or set it to "events".');
  }
  if (d.type === "S3") {
    const format = d.config.file_format ?? "JSONLines";
    if (!(format in S3_COMPRESSIONS))
      fail(
        "destination.config.file_format",
        `destination.config.file_format ${quote(format)} is not supported: use "JSONLines" or "Parquet".`,
      );
    else if (!S3_COMPRESSIONS[format].includes(d.config.compression)) {
      fail(
        "destination.config.compression",
        `destination.config.compression ${quote(d.config.compression)} is not supported for ${format}: use one of ${S3_COMPRESSIONS[format].filter(Boolean).join(", ")}, or leave it unset.`,
      );
    }
  }
  if (d.type === "Snowflake") {
    const auth = d.config.authentication_type ?? "password";
    if (auth !== "password" && auth !== "keypair")
      fail(
        "destination.config.authentication_type",
        'destination.config.authentication_type must be "password" or "keypair".',
      );
    if (auth === "password" && !d.config.password)
      fail(
        "destination.config.password",
        'destination.config.password is required with password authentication: set it, or use authentication_type "keypair" with private_key.',
      );
    if (auth === "keypair" && !d.config.private_key)
      fail(
        "destination.config.private_key",
        'destination.config.private_key is required with authentication_type "keypair".',
      );
  }
  if (d.type === "Redshift") {
    if (d.config.mode !== undefined && d.config.mode !== "INSERT" && d.config.mode !== "COPY")
      fail("destination.config.mode", 'destination.config.mode must be "INSERT" or "COPY".');
    if (d.config.mode === "COPY" && !d.config.copy_inputs)
      fail("destination.config.copy_inputs", 'destination.config.copy_inputs is required when mode is "COPY".');
  }
  return failures;
}

const isDict = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * The destination as state records it: for the keys the program sets, credentials as last applied
 * (PostHog never returns them) and every other key as PostHog reports it (null when absent).
 */
export function destinationState(
  wire: WireBatchExport["destination"],
  wanted: BatchExportInputs["destination"] | undefined,
): Record<string, unknown> {
  const wantedConfig = (isDict(wanted?.config) ? wanted.config : {}) as Record<string, unknown>;
  const secret = new Set(wanted?.type === wire.type ? (CREDENTIAL_KEYS[wire.type] ?? []) : []);
  const live = wire.config ?? {};
  const config = Object.fromEntries(
    Object.keys(wantedConfig).map((k) => [k, secret.has(k) ? wantedConfig[k] : (live[k] ?? null)]),
  );
  return { type: wire.type, config };
}

const toBody = (inputs: BatchExportInputs) => {
  const { paused: _paused, ...rest } = fields.toBody(inputs);
  return { ...rest, destination: { type: inputs.destination.type, config: inputs.destination.config } };
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

export const batchExport: ResourceSpec<BatchExportInputs, WireBatchExport> = {
  kind: "BatchExport",
  noun: "batch export",
  stateVersion: 1,
  args: BatchExportInputs as z.ZodType<BatchExportInputs>,
  replaceOnChanges: ["organizationId", "projectId"],
  defaults: organizationDefault,
  // PostHog answers start_at/end_at in its own ISO form (e.g. with milliseconds): compare instants.
  normalize: { startAt: sameInstant, endAt: sameInstant },
  validate,
  refineDiff: (changes, state, news) => {
    const before = (state.destination as { type?: unknown } | undefined)?.type;
    const after = (news.destination as { type?: unknown } | undefined)?.type;
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
    } as BatchExportCreateParams),
  retrieve: (ctx, id, state) => ctx.client.batchExports.retrieve(state.organizationId, id),
  update: async (ctx, id, news) => {
    const wire = await ctx.client.batchExports.update(
      news.organizationId,
      news.projectId,
      id,
      toBody(news) as BatchExportCreateParams,
    );
    return applyPaused(ctx, wire, news);
  },
  delete: (ctx, id, state) => ctx.client.batchExports.delete(state.organizationId, state.projectId, id),
};
