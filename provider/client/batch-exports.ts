// Batch exports (docs/posthog-api/FACTS.md §10; PostHog `posthog/batch_exports/http.py`). The organization route
// `/api/organizations/{organization_id}/batch_exports/` lists and reads the exports of every project
// of the organization but lacks the team that create, backfill and logs need, so writes and actions
// go through the project route `/api/projects/{project_id}/batch_exports/`. Credentials in
// `destination.config` are write-only (stripped from responses) and a PATCHed config is merged into
// the stored one. Names are not unique: creates are reconciled by name, destination type and creation time.
import { z } from "zod";
import { APIResource, type CallOptions } from "./resource";
import type { Query } from "./pagination";
import { NotFoundError, PostHogApiError } from "./errors";
import { path } from "./path";
import { claim, matchesSent, newestUnclaimed, orUndefined } from "./reconcile";
import { collect, Empty, lenient, pickReconcile } from "./schemas";
import type { ProjectId } from "./projects";

/** BatchExportDestination represents where a batch export writes. */
export const BatchExportDestination = z.object({
  /** `S3`, `Snowflake`, `Postgres`, `Redshift`, `BigQuery`, `HTTP`, … (may grow). */
  type: z.string(),
  /** Destination settings without the write-only credentials. */
  config: lenient(z.record(z.string(), z.unknown())),
  integration: lenient(z.number()),
});
export type BatchExportDestination = z.infer<typeof BatchExportDestination>;

/** BatchExportRun represents one run, as embedded in `latest_runs`. */
export const BatchExportRun = z.object({
  id: z.string(),
  status: z.string(),
  data_interval_start: lenient(z.string()),
  data_interval_end: lenient(z.string()),
  records_completed: lenient(z.number()),
  latest_error: lenient(z.string()),
  created_at: lenient(z.string()),
  finished_at: lenient(z.string()),
});
export type BatchExportRun = z.infer<typeof BatchExportRun>;

/** BatchExport represents a scheduled export of a project's data to a destination. */
export const BatchExport = z.object({
  id: z.string(),
  /** The project (team) the export belongs to. */
  team_id: z.number().int(),
  name: z.string(),
  /** `events` (default), `persons`, `sessions`, … */
  model: lenient(z.string()),
  destination: BatchExportDestination,
  /** `hour`, `day`, `week`, `every 5 minutes`, … */
  interval: z.string(),
  paused: z.boolean(),
  created_at: lenient(z.string()),
  last_updated_at: lenient(z.string()),
  last_paused_at: lenient(z.string()),
  start_at: lenient(z.string()),
  end_at: lenient(z.string()),
  latest_runs: lenient(z.array(BatchExportRun)),
  hogql_query: lenient(z.string()),
  schema: lenient(z.unknown()),
  filters: lenient(z.unknown()),
  timezone: lenient(z.string()),
  offset_day: lenient(z.number()),
  offset_hour: lenient(z.number()),
});
export type BatchExport = z.infer<typeof BatchExport>;

const writable = {
  model: z.string().nullable().optional(),
  paused: z.boolean().optional(),
  start_at: z.string().nullable().optional(),
  end_at: z.string().nullable().optional(),
  hogql_query: z.string().optional(),
  filters: z.unknown().optional(),
  timezone: z.string().nullable().optional(),
  offset_day: z.number().int().min(0).max(6).nullable().optional(),
  offset_hour: z.number().int().min(0).max(23).nullable().optional(),
};

/** The destination as written: `config` may include credentials (write-only). */
export const BatchExportDestinationParams = z.object({
  type: z.string(),
  config: z.record(z.string(), z.unknown()).optional(),
  integration_id: z.number().int().nullable().optional(),
});
export type BatchExportDestinationParams = z.infer<typeof BatchExportDestinationParams>;

/** BatchExportCreateParams is the body of a batch export create. */
export const BatchExportCreateParams = z.object({
  name: z.string(),
  destination: BatchExportDestinationParams,
  interval: z.string(),
  ...writable,
});
export type BatchExportCreateParams = z.infer<typeof BatchExportCreateParams>;

/** BatchExportUpdateParams is the body of a batch export PATCH; `destination.config` is merged into the stored one. */
export const BatchExportUpdateParams = z.object({
  name: z.string().optional(),
  destination: BatchExportDestinationParams.partial().optional(),
  interval: z.string().optional(),
  ...writable,
});
export type BatchExportUpdateParams = z.infer<typeof BatchExportUpdateParams>;

/** BatchExportBackfillParams bounds a backfill: ISO dates for daily/weekly exports, ISO datetimes with zone otherwise. */
export const BatchExportBackfillParams = z.object({
  start_at: z.string().nullable().optional(),
  end_at: z.string().nullable().optional(),
});
export type BatchExportBackfillParams = z.infer<typeof BatchExportBackfillParams>;

/** BatchExportBackfill represents a started backfill (`backfill_id`, or the backfill object on newer PostHog). */
export const BatchExportBackfill = z.looseObject({ backfill_id: lenient(z.string()), id: lenient(z.string()) });
export type BatchExportBackfill = z.infer<typeof BatchExportBackfill>;

/** BatchExportLogEntry represents one log line of a batch export. */
export const BatchExportLogEntry = z.object({
  log_source_id: lenient(z.string()),
  instance_id: lenient(z.string()),
  timestamp: z.string(),
  level: z.string(),
  message: z.string(),
});
export type BatchExportLogEntry = z.infer<typeof BatchExportLogEntry>;

/** BatchExportLogsQuery filters batch export logs. */
export interface BatchExportLogsQuery {
  /** 1–500. @default 50 */
  limit?: number;
  after?: string;
  before?: string;
  /** Comma-separated levels, e.g. `ERROR,WARNING`. */
  level?: string;
  search?: string;
  instance_id?: string;
}

const PausedState = z.object({ paused: z.boolean() });

/** BatchExports calls the batch export endpoints (organization route for reads, project route for writes). */
export class BatchExports extends APIResource {
  private orgCollection(organizationId: string): string {
    return path`/api/organizations/${organizationId}/batch_exports/`;
  }

  /**
   * create makes a batch export in a project. Names are not unique, so an unknown outcome is
   * reconciled by the best key PostHog offers: the newest export of that project with that name and
   * destination type created since the call began that no other create of this process returned.
   *
   * @throws ValidationError (400) for destination config problems; PermissionDeniedError (403) for
   *   feature-flagged destinations or intervals; NotFoundError (404) for an unknown project.
   */
  async create(
    organizationId: string,
    projectId: ProjectId,
    params: BatchExportCreateParams,
    options: CallOptions<BatchExport> = {},
  ): Promise<BatchExport> {
    const sentAt = this.client.serverClock.now();
    const created = await this.client.request({
      method: "POST",
      path: path`/api/projects/${projectId}/batch_exports/`,
      body: params,
      schema: BatchExport,
      reconcile: pickReconcile(options.reconcile, async () =>
        newestUnclaimed(
          this.client,
          await this.findByKey(organizationId, projectId, params.name, params.destination.type),
          sentAt,
        ),
      ),
      invalidates: [this.orgCollection(organizationId)],
    });
    claim(this.client, created.id);
    return created;
  }

  /**
   * findByKey lists (uncached) the batch exports of one project with a name and destination type:
   * the closest thing to a natural key PostHog offers for them.
   */
  async findByKey(
    organizationId: string,
    projectId: ProjectId,
    name: string,
    destinationType: string,
  ): Promise<BatchExport[]> {
    const all = await collect(this.list(organizationId));
    return all.filter(
      (b) => String(b.team_id) === String(projectId) && b.name === name && b.destination.type === destinationType,
    );
  }

  /** retrieve reads one batch export through the organization route. @throws NotFoundError (404) when it does not exist or was deleted. */
  retrieve(organizationId: string, batchExportId: string): Promise<BatchExport> {
    return this.client.request({
      method: "GET",
      path: path`/api/organizations/${organizationId}/batch_exports/${batchExportId}/`,
      schema: BatchExport,
    });
  }

  /**
   * update changes a batch export with PATCH through its project; unknown outcomes are reconciled
   * by reading back (credentials are never returned, so a PATCH carrying them is sent once more:
   * harmless, as the config is merged).
   *
   * @throws ValidationError (400); NotFoundError (404) when it does not exist.
   */
  update(
    organizationId: string,
    projectId: ProjectId,
    batchExportId: string,
    params: BatchExportUpdateParams,
    options: CallOptions<BatchExport> = {},
  ): Promise<BatchExport> {
    return this.client.request({
      method: "PATCH",
      path: path`/api/projects/${projectId}/batch_exports/${batchExportId}/`,
      body: params,
      schema: BatchExport,
      invalidates: [this.orgCollection(organizationId)],
      reconcile: pickReconcile(options.reconcile, async () => {
        const current = await orUndefined(this.retrieve(organizationId, batchExportId));
        return current && matchesSent(params, current) ? current : undefined;
      }),
    });
  }

  /** list yields the batch exports of every project of the organization, newest first (uncached). */
  list(organizationId: string, query?: Query): AsyncIterable<BatchExport> {
    return this.client.paginate(this.orgCollection(organizationId), query, BatchExport);
  }

  /** listAll reads the organization's batch exports through the read cache. @throws NotFoundError for an unknown organization. */
  listAll(organizationId: string, query?: Query): Promise<BatchExport[]> {
    return this.client.listAll(this.orgCollection(organizationId), query, BatchExport);
  }

  /** delete removes a batch export (a soft delete; it then reads as 404). @throws NotFoundError (404) when it does not exist. */
  delete(organizationId: string, projectId: ProjectId, batchExportId: string): Promise<void> {
    return this.client.request({
      method: "DELETE",
      path: path`/api/projects/${projectId}/batch_exports/${batchExportId}/`,
      schema: Empty,
      invalidates: [this.orgCollection(organizationId)],
    });
  }

  /** pause stops scheduled runs (safe to repeat). @throws ValidationError (400) when PostHog cannot reach its scheduler; NotFoundError (404). */
  async pause(organizationId: string, projectId: ProjectId, batchExportId: string): Promise<{ paused: boolean }> {
    return this.client.request({
      method: "POST",
      path: path`/api/projects/${projectId}/batch_exports/${batchExportId}/pause/`,
      schema: PausedState,
      idempotent: true,
      invalidates: [this.orgCollection(organizationId)],
    });
  }

  /**
   * unpause resumes scheduled runs; with `backfill: true` PostHog also backfills the paused period
   * (then the call is not repeated on an unknown outcome).
   *
   * @throws ValidationError (400); NotFoundError (404).
   */
  async unpause(
    organizationId: string,
    projectId: ProjectId,
    batchExportId: string,
    params: { backfill?: boolean } = {},
  ): Promise<{ paused: boolean }> {
    return this.client.request({
      method: "POST",
      path: path`/api/projects/${projectId}/batch_exports/${batchExportId}/unpause/`,
      body: params,
      schema: PausedState,
      idempotent: params.backfill !== true,
      invalidates: [this.orgCollection(organizationId)],
    });
  }

  /**
   * backfill exports a past period again through the project route: `POST …/backfills/` (newest
   * PostHog), falling back to the older `POST …/backfill/` action when the instance has no such
   * route (a 404 without PostHog's error envelope, or a 405). Not repeated on an unknown outcome
   * unless `options.reconcile` is given.
   *
   * @throws ValidationError (400) for bad bounds (naive datetimes, start after end, future end); NotFoundError (404).
   */
  async backfill(
    _organizationId: string,
    projectId: ProjectId,
    batchExportId: string,
    params: BatchExportBackfillParams,
    options: CallOptions<BatchExportBackfill> = {},
  ): Promise<BatchExportBackfill> {
    const send = (action: "backfills" | "backfill") =>
      this.client.request({
        method: "POST",
        path: `${path`/api/projects/${projectId}/batch_exports/${batchExportId}/`}${action}/`,
        body: params,
        schema: BatchExportBackfill,
        reconcile: options.reconcile,
      });
    try {
      return await send("backfills");
    } catch (error) {
      const missingRoute =
        (NotFoundError.isInstance(error) && error.type === undefined) ||
        (PostHogApiError.isInstance(error) && error.status === 405);
      if (!missingRoute) throw error;
      return send("backfill");
    }
  }

  /**
   * logs reads the newest log lines of a batch export (one page, `limit` lines).
   *
   * @throws PermissionDeniedError (403) for scoped personal API keys; NotFoundError (404).
   */
  async logs(
    _organizationId: string,
    projectId: ProjectId,
    batchExportId: string,
    query: BatchExportLogsQuery = {},
  ): Promise<BatchExportLogEntry[]> {
    const page = await this.client.request({
      method: "GET",
      path: path`/api/projects/${projectId}/batch_exports/${batchExportId}/logs/`,
      query: { ...query },
      schema: z.union([z.object({ results: z.array(BatchExportLogEntry) }), z.array(BatchExportLogEntry)]),
    });
    return Array.isArray(page) ? page : page.results;
  }
}
