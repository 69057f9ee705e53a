import * as pulumi from "@pulumi/pulumi";
import type { BatchExportState } from "../runtime/specs/batch-export";
import batchExportShim = require("../shim/batch-export");
import { refuseImport } from "./claims";
import { PostHogResource, outputNames, props } from "./common";

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
 *   destination: {
 *     type: "S3",
 *     config: {
 *       bucketName: "acme-events",
 *       region: "us-east-1",
 *       prefix: "posthog/",
 *       awsAccessKeyId: config.requireSecret("awsAccessKeyId"),
 *       awsSecretAccessKey: config.requireSecret("awsSecretAccessKey"),
 *     },
 *   },
 * });
 * ```
 */
export class BatchExport extends PostHogResource {
  /** The organization the export's project belongs to. */
  declare readonly organizationId: pulumi.Output<BatchExportState["organizationId"]>;
  /** The project the export reads from. */
  declare readonly projectId: pulumi.Output<BatchExportState["projectId"]>;
  /** The project (team) id PostHog reports for the export. */
  declare readonly teamId: pulumi.Output<BatchExportState["teamId"]>;
  /** The export's name. */
  declare readonly name: pulumi.Output<BatchExportState["name"]>;
  /** The schedule. */
  declare readonly interval: pulumi.Output<BatchExportState["interval"]>;
  /** The destination; a Pulumi secret, holding the credentials last applied. */
  declare readonly destination: pulumi.Output<pulumi.Unwrap<BatchExportDestination>>;
  /** When the export was created (ISO 8601). */
  declare readonly createdAt: pulumi.Output<BatchExportState["createdAt"]>;
  /** When the export was last paused (ISO 8601), as PostHog reports it. */
  declare readonly lastPausedAt: pulumi.Output<BatchExportState["lastPausedAt"]>;
  /** The `model` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly model: pulumi.Output<BatchExportState["model"]>;
  /** The `paused` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly paused: pulumi.Output<BatchExportState["paused"]>;
  /** The `startAt` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly startAt: pulumi.Output<BatchExportState["startAt"]>;
  /** The `endAt` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly endAt: pulumi.Output<BatchExportState["endAt"]>;
  /** The `timezone` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly timezone: pulumi.Output<BatchExportState["timezone"]>;
  /** The `offsetDay` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly offsetDay: pulumi.Output<BatchExportState["offsetDay"]>;
  /** The `offsetHour` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly offsetHour: pulumi.Output<BatchExportState["offsetHour"]>;
  /** The `filters` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly filters: pulumi.Output<BatchExportState["filters"]>;
  /** The `hogqlQuery` input as PostHog reports it; undefined when the program leaves it unset. */
  declare readonly hogqlQuery: pulumi.Output<BatchExportState["hogqlQuery"]>;
  /** The `adopt` input: whether an existing batch export with the same project, name and destination type is taken over instead of created. */
  declare readonly adopt: pulumi.Output<BatchExportState["adopt"]>;
  /** Whether the export existed before and was adopted rather than created. */
  declare readonly adopted: pulumi.Output<BatchExportState["adopted"]>;

  constructor(name: string, args: BatchExportArgs, opts?: pulumi.CustomResourceOptions) {
    refuseImport(batchExportShim.kind, name, opts);
    super(
      batchExportShim,
      name,
      props(
        { ...args, destination: pulumi.secret(args.destination) },
        outputNames<BatchExportState>({
          organizationId: true,
          projectId: true,
          teamId: true,
          name: true,
          interval: true,
          destination: true,
          createdAt: true,
          lastPausedAt: true,
          model: true,
          paused: true,
          startAt: true,
          endAt: true,
          timezone: true,
          offsetDay: true,
          offsetHour: true,
          filters: true,
          hogqlQuery: true,
          adopt: true,
          adopted: true,
        }),
      ),
      { ...opts, additionalSecretOutputs: ["destination", ...(opts?.additionalSecretOutputs ?? [])] },
    );
  }
}

type In<T> = pulumi.Input<T>;

/** Settings every destination type accepts. */
export interface EventFilter {
  /** Only export these events, e.g. `["$pageview"]`. Unset: every event. */
  includeEvents?: In<In<string>[]>;
  /** Export every event but these. */
  excludeEvents?: In<In<string>[]>;
}

/** An S3 (or S3-compatible) bucket. */
export interface S3Destination {
  /** Writes files to an S3 bucket. Changing the type replaces the export. */
  type: "S3";
  /** The bucket's settings. */
  config: In<
    EventFilter & {
      /** The bucket to write to. */
      bucketName: In<string>;
      /** The bucket's AWS region, e.g. `"us-east-1"`. */
      region: In<string>;
      /** The key prefix of the files (`""` for none). */
      prefix: In<string>;
      /** The access key id. Write-only: PostHog never returns it, refresh cannot see a change made there. */
      awsAccessKeyId?: In<string>;
      /** The secret access key. Write-only. */
      awsSecretAccessKey?: In<string>;
      /** With JSONLines `gzip` or `brotli`; with Parquet also `zstd`, `lz4`, `snappy`. Unset: none. */
      compression?: In<string>;
      /** Server-side encryption, e.g. `"AES256"` or `"aws:kms"`. */
      encryption?: In<string>;
      /** The KMS key for `aws:kms` encryption. */
      kmsKeyId?: In<string>;
      /** An S3-compatible endpoint (e.g. MinIO, R2) instead of AWS. */
      endpointUrl?: In<string>;
      /** `JSONLines` (default) or `Parquet`. */
      fileFormat?: In<string>;
      /** The size in MB at which a file is split. */
      maxFileSizeMb?: In<number>;
      /** Address the bucket as `bucket.host` rather than `host/bucket` (some S3-compatible stores need it). */
      useVirtualStyleAddressing?: In<boolean>;
    }
  >;
}

/** Database settings shared by Postgres and Redshift. */
export interface DatabaseConfig extends EventFilter {
  /** The database user. Write-only. */
  user: In<string>;
  /** The user's password. Write-only. */
  password: In<string>;
  /** The database host name, e.g. `"db.example.com"`. */
  host: In<string>;
  /** The database to write to. */
  database: In<string>;
  /** The schema to write to. @default "public" */
  schema?: In<string>;
  /** The table to write to. */
  tableName?: In<string>;
  /** The port. @default 5432 for Postgres, 5439 for Redshift */
  port?: In<number>;
  /** Accept the server's self-signed TLS certificate. @default false */
  hasSelfSignedCert?: In<boolean>;
}

/** A Postgres database. */
export interface PostgresDestination {
  /** Writes rows to a Postgres table. Changing the type replaces the export. */
  type: "Postgres";
  /** The database's settings. */
  config: In<DatabaseConfig>;
}

/** An Amazon Redshift cluster. */
export interface RedshiftDestination {
  /** Writes rows to a Redshift table. Changing the type replaces the export. */
  type: "Redshift";
  /** The cluster's settings. */
  config: In<
    DatabaseConfig & {
      /** The column type of `properties`: `"varchar"` (default) or `"super"`. */
      propertiesDataType?: In<string>;
      /** `INSERT` (default) or `COPY` (then `copyInputs` is required). */
      mode?: In<string>;
      /** The S3 staging settings `COPY` needs, in PostHog's own key names. */
      copyInputs?: In<Record<string, any>>;
    }
  >;
}

/** A Snowflake warehouse. */
export interface SnowflakeDestination {
  /** Loads rows into a Snowflake table. Changing the type replaces the export. */
  type: "Snowflake";
  /** The warehouse's settings. */
  config: In<
    EventFilter & {
      /** The account identifier, e.g. `"xy12345.us-east-1"`. */
      account: In<string>;
      /** The Snowflake user. Write-only. */
      user: In<string>;
      /** The database to write to. */
      database: In<string>;
      /** The warehouse that runs the loads. */
      warehouse: In<string>;
      /** The schema to write to. */
      schema: In<string>;
      /** The table to write to. @default "events" */
      tableName?: In<string>;
      /** `"password"` (default; needs `password`) or `"keypair"` (needs `privateKey`). */
      authenticationType?: In<string>;
      /** The user's password. Write-only. */
      password?: In<string>;
      /** A PEM private key for key-pair authentication. Write-only. */
      privateKey?: In<string>;
      /** The private key's passphrase. Write-only. */
      privateKeyPassphrase?: In<string>;
      /** The role to use. */
      role?: In<string>;
    }
  >;
}

/** A BigQuery dataset, written with a service account's key. */
export interface BigQueryDestination {
  /** Writes rows to a BigQuery table. Changing the type replaces the export. */
  type: "BigQuery";
  /** The dataset's settings and the service account key's fields. */
  config: In<
    EventFilter & {
      /** The Google Cloud project id. */
      projectId: In<string>;
      /** The dataset to write to. */
      datasetId: In<string>;
      /** The service account key's `private_key`. Write-only. */
      privateKey: In<string>;
      /** The service account key's `private_key_id`. Write-only. */
      privateKeyId: In<string>;
      /** The service account key's `token_uri`. Write-only. */
      tokenUri: In<string>;
      /** The service account's email. Write-only. */
      clientEmail: In<string>;
      /** The table to write to. */
      tableId?: In<string>;
      /** Store `properties` as BigQuery's JSON type instead of a string. */
      useJsonType?: In<boolean>;
    }
  >;
}

/** Another PostHog project, through its batch endpoint (events model only). */
export interface HttpDestination {
  /** Sends events to a PostHog project. Changing the type replaces the export. */
  type: "HTTP";
  /** The receiving project. */
  config: In<
    EventFilter & {
      /** `https://us.i.posthog.com/batch/` or `https://eu.i.posthog.com/batch/`. */
      url: In<string>;
      /** The receiving project's API token. Write-only. */
      token: In<string>;
    }
  >;
}

/** A destination that discards everything (for testing). */
export interface NoOpDestination {
  /** Discards every event. Changing the type replaces the export. */
  type: "NoOp";
  /** Optional settings. */
  config: In<
    EventFilter & {
      /** Any text; PostHog ignores it. */
      arg?: In<string>;
    }
  >;
}

/**
 * Where a {@link BatchExport} writes, per `type`. Config keys are camelCase here and sent under
 * PostHog's snake_case names (`bucketName` → `bucket_name`).
 */
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
