import * as pulumi from "@pulumi/pulumi";
import batchExportShim = require("../shim/batch-export");
import { refuseImport } from "./claims";
import { MODULE, props } from "./common";

/**
 * Manages a batch export within a PostHog organization: a scheduled export of one project's data
 * to a destination.
 *
 * Create sends the export through the project's route (PostHog's organization route cannot create).
 * Name, schedule and destination settings change in place; `paused` goes through PostHog's pause
 * and unpause actions; changing `projectId`, `organizationId` or `destination.type` replaces the
 * export. Delete is a soft delete in PostHog, after which the export no longer reads.
 *
 * **Warning:** credentials in `destination.config` (S3 keys, database user and password, Snowflake
 * and BigQuery keys, the HTTP token) are write-only: PostHog never returns them. The whole
 * `destination` is a Pulumi secret; the state keeps the credentials last applied, a credential change
 * in the program is applied by input diff, and `pulumi refresh` cannot see one made in PostHog.
 * PostHog merges `destination.config` on update, so a key removed from the program keeps its value
 * in PostHog: set it to its default explicitly instead.
 *
 * `import:` does not work for this (dynamic) resource, and this kind has no `adopt`: declare it
 * and let `pulumi up` create it.
 *
 * @example
 * ```ts
 * new posthog.BatchExport("s3", {
 *   projectId: web.projectId,
 *   name: "Events to S3",
 *   interval: "hour",
 *   destination: { type: "S3", config: { bucket_name: "acme-events", region: "us-east-1", prefix: "posthog/", aws_access_key_id: keyId, aws_secret_access_key: secret } },
 * });
 * ```
 */
export class BatchExport extends pulumi.dynamic.Resource {
  /** The organization the export's project belongs to. */
  declare readonly organizationId: pulumi.Output<string>;
  /** The project the export reads from. */
  declare readonly projectId: pulumi.Output<number>;
  /** The project (team) id PostHog reports for the export. */
  declare readonly teamId: pulumi.Output<number>;
  /** The export's name. */
  declare readonly name: pulumi.Output<string>;
  /** The schedule. */
  declare readonly interval: pulumi.Output<string>;
  /** The destination; a Pulumi secret, holding the credentials last applied. */
  declare readonly destination: pulumi.Output<BatchExportDestination>;
  /** When the export was created (ISO 8601). */
  declare readonly createdAt: pulumi.Output<string | null>;
  /** When the export was last paused (ISO 8601), as PostHog reports it. */
  declare readonly lastPausedAt: pulumi.Output<string | null>;

  constructor(name: string, args: BatchExportArgs, opts?: pulumi.CustomResourceOptions) {
    refuseImport("BatchExport", name, opts);
    const outputs = [
      "organizationId",
      "projectId",
      "teamId",
      "name",
      "interval",
      "destination",
      "createdAt",
      "lastPausedAt",
    ];
    super(
      batchExportShim,
      name,
      props({ ...args, destination: pulumi.secret(args.destination) }, outputs),
      { ...opts, additionalSecretOutputs: ["destination", ...(opts?.additionalSecretOutputs ?? [])] },
      MODULE,
      "BatchExport",
    );
  }
}

/** Settings every destination type accepts. */
interface EventFilter {
  /** Only export these events. */
  include_events?: string[];
  /** Export every event but these. */
  exclude_events?: string[];
}

/** An S3 (or S3-compatible) bucket. */
export interface S3Destination {
  type: "S3";
  config: EventFilter & {
    bucket_name: string;
    /** The bucket's AWS region, e.g. `"us-east-1"`. */
    region: string;
    /** The key prefix of the files (`""` for none). */
    prefix: string;
    /** Write-only. */
    aws_access_key_id?: string;
    /** Write-only. */
    aws_secret_access_key?: string;
    /** With JSONLines `gzip` or `brotli`; with Parquet also `zstd`, `lz4`, `snappy`. */
    compression?: string;
    encryption?: string;
    kms_key_id?: string;
    endpoint_url?: string;
    /** `JSONLines` (default) or `Parquet`. */
    file_format?: string;
    max_file_size_mb?: number;
    use_virtual_style_addressing?: boolean;
  };
}

/** Database settings shared by Postgres and Redshift; `user` and `password` are write-only. */
interface DatabaseConfig extends EventFilter {
  user: string;
  password: string;
  host: string;
  database: string;
  /** @default "public" */
  schema?: string;
  table_name?: string;
  port?: number;
  has_self_signed_cert?: boolean;
}

/** A Postgres database. */
export interface PostgresDestination {
  type: "Postgres";
  config: DatabaseConfig;
}

/** An Amazon Redshift cluster. */
export interface RedshiftDestination {
  type: "Redshift";
  config: DatabaseConfig & {
    properties_data_type?: string;
    /** `INSERT` (default) or `COPY` (then `copy_inputs` is required). */
    mode?: string;
    copy_inputs?: Record<string, unknown>;
  };
}

/** A Snowflake warehouse; `user`, `password`, `private_key` and `private_key_passphrase` are write-only. */
export interface SnowflakeDestination {
  type: "Snowflake";
  config: EventFilter & {
    account: string;
    user: string;
    database: string;
    warehouse: string;
    schema: string;
    table_name?: string;
    /** `password` (default; needs `password`) or `keypair` (needs `private_key`). */
    authentication_type?: string;
    password?: string;
    private_key?: string;
    private_key_passphrase?: string;
    role?: string;
  };
}

/** A BigQuery dataset; the service-account fields `private_key`, `private_key_id`, `token_uri`, `client_email` are write-only. */
export interface BigQueryDestination {
  type: "BigQuery";
  config: EventFilter & {
    project_id: string;
    dataset_id: string;
    private_key: string;
    private_key_id: string;
    token_uri: string;
    client_email: string;
    table_id?: string;
    use_json_type?: boolean;
  };
}

/** Another PostHog project, through its batch endpoint (events model only); `token` is write-only. */
export interface HttpDestination {
  type: "HTTP";
  config: EventFilter & {
    /** `https://us.i.posthog.com/batch/` or `https://eu.i.posthog.com/batch/`. */
    url: string;
    token: string;
  };
}

/** A destination that discards everything (for testing). */
export interface NoOpDestination {
  type: "NoOp";
  config: EventFilter & { arg?: string };
}

/** Where a {@link BatchExport} writes: the config keys are PostHog's, per `type`. */
export type BatchExportDestination =
  | S3Destination
  | PostgresDestination
  | RedshiftDestination
  | SnowflakeDestination
  | BigQueryDestination
  | HttpDestination
  | NoOpDestination;

/** The inputs of a {@link BatchExport}. */
export interface BatchExportArgs {
  /**
   * The UUID of the organization. Changing this replaces the export.
   * @default the provider's `posthog:organizationId` configuration
   */
  organizationId?: pulumi.Input<string>;
  /** The id of the project to export from. Changing this replaces the export. */
  projectId: pulumi.Input<number>;
  /** The export's name. Not unique in PostHog. */
  name: pulumi.Input<string>;
  /** What to export. @default "events" */
  model?: pulumi.Input<"events" | "persons" | "sessions">;
  /** How often to export; the two high-frequency schedules need PostHog to enable them for the project. */
  interval: pulumi.Input<"hour" | "day" | "week" | "every 5 minutes" | "every 15 minutes">;
  /** Stop scheduled runs (through PostHog's pause and unpause actions). Unset: not managed. */
  paused?: pulumi.Input<boolean>;
  /**
   * Where to write, validated per `type` at preview. A Pulumi secret. Changing `type` replaces the
   * export. Credentials are write-only (see the class notes).
   */
  destination: pulumi.Input<BatchExportDestination>;
  /** Export nothing before this instant (ISO 8601 with a zone, e.g. `"2026-01-01T00:00:00Z"`). */
  startAt?: pulumi.Input<string>;
  /** Export nothing after this instant (ISO 8601 with a zone). */
  endAt?: pulumi.Input<string>;
  /** IANA time zone of daily and weekly schedules. @default "UTC" */
  timezone?: pulumi.Input<string>;
  /** Weekly exports only: the day they run, 0 (Sunday) to 6 (Saturday). */
  offsetDay?: pulumi.Input<number>;
  /** Daily and weekly exports only: the hour they run, 0 to 23. */
  offsetHour?: pulumi.Input<number>;
  /** PostHog property filters on the exported events (never on `data_interval_start`/`end`). */
  filters?: pulumi.Input<unknown[]>;
  /** A HogQL `SELECT … FROM events` query choosing the exported columns (no UNION, JOIN or subquery). */
  hogqlQuery?: pulumi.Input<string>;
  /**
   * Take over the one existing export of this project with this name and destination type instead
   * of creating one (e.g. one an interrupted `pulumi up` created). Without it, create stops with an
   * error naming this flag when such an export exists. @default false
   */
  adopt?: pulumi.Input<boolean>;
}
