// Batch exports (docs/posthog-api/FACTS.md §10) on two routes: the organization route reuses the project viewset with
// no team in the URL (create, backfill and logs fail with a server error there), and the project
// route /api/projects/{project_id}/batch_exports/ is where exports are created and backfilled.
import { randomUUID } from "node:crypto";
import { notAuthenticated, notFound, serverError } from "../http/errors";
import type { BatchExport } from "../model/model";
import { paginate } from "../policy/pagination";
import type { Ctx, Operation, RouteDef } from "../http/router";
import { parseDateTime, parseUuid, validateBody } from "../policy/validation";
import { stripSecrets } from "./batch-export-destinations";
import { validateBackfill, validateBatchExport } from "./batch-export-validation";

/** BatchExportSerializer: secrets stripped from `destination.config`. */
export function batchExportRepr(b: BatchExport): Record<string, unknown> {
  return {
    id: b.id,
    team_id: b.team_id,
    name: b.name,
    model: b.model,
    destination: {
      type: b.destination.type,
      config: stripSecrets(b.destination.type, b.destination.config),
      integration: b.destination.integration,
    },
    interval: b.interval,
    paused: b.paused,
    created_at: b.created_at,
    last_updated_at: b.last_updated_at,
    last_paused_at: b.last_paused_at,
    start_at: b.start_at,
    end_at: b.end_at,
    latest_runs: [],
    hogql_query: b.hogql_query,
    schema: b.schema,
    filters: b.filters,
    timezone: b.timezone,
    offset_day: b.offset_day,
    offset_hour: b.offset_hour,
  };
}

/** Live (not soft-deleted) exports visible through the route: the project's, or all the org's. */
function visible(ctx: Ctx): BatchExport[] {
  const s = ctx.store.state;
  if (ctx.project) return s.batchExports.filter((b) => !b.deleted && b.team_id === ctx.project!.id);
  const teams = new Set(s.projects.filter((p) => p.organization_id === ctx.org!.id).map((p) => p.id));
  return s.batchExports.filter((b) => !b.deleted && teams.has(b.team_id));
}

function lookup(ctx: Ctx): BatchExport {
  const id = parseUuid(ctx.params.id);
  const b = id ? visible(ctx).find((x) => x.id === id) : undefined;
  if (!b) throw notFound();
  return b;
}

function log(ctx: Ctx, b: BatchExport, message: string, level = "INFO"): void {
  ctx.store.state.batchExportLogs.push({
    batch_export_id: b.id,
    team_id: b.team_id,
    instance_id: "",
    timestamp: ctx.store.now(),
    level,
    message,
  });
}

function update(ctx: Ctx, partial: boolean) {
  const b = lookup(ctx);
  const data = validateBatchExport(ctx.store, ctx.body, b, partial);
  const now = ctx.store.now();
  if (data.paused === true && !b.paused) data.last_paused_at = now;
  Object.assign(b, data, { last_updated_at: now });
  log(ctx, b, "Batch export updated");
  return { status: 200, body: batchExportRepr(b) };
}

/** The operations both routes share (list, detail, pause/unpause). */
function sharedOps(): { collection: Operation[]; detail: Operation[]; pause: Operation[]; unpause: Operation[] } {
  return {
    collection: [
      {
        method: "GET",
        action: "list",
        handler: (ctx) => {
          // Newest code hides Workflows-destination exports from lists.
          const list = visible(ctx)
            .filter((b) => b.destination.type !== "Workflows")
            .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
          return { status: 200, body: paginate(ctx.url, list.map(batchExportRepr)) };
        },
      },
    ],
    detail: [
      { method: "GET", action: "retrieve", handler: (ctx) => ({ status: 200, body: batchExportRepr(lookup(ctx)) }) },
      { method: "PUT", action: "update", handler: (ctx) => update(ctx, false) },
      { method: "PATCH", action: "partial_update", handler: (ctx) => update(ctx, true) },
      {
        method: "DELETE",
        action: "destroy",
        handler: (ctx) => {
          // Soft delete: the row stays (deleted = true) and disappears from every read.
          const b = lookup(ctx);
          b.deleted = true;
          b.last_updated_at = ctx.store.now();
          return { status: 204 };
        },
      },
    ],
    pause: [
      {
        method: "POST",
        action: "pause",
        scopes: ["batch_export:write"],
        handler: (ctx) => {
          const b = lookup(ctx);
          if (!b.paused) {
            b.paused = true;
            b.last_paused_at = ctx.store.now();
            log(ctx, b, "Batch export paused");
          }
          return { status: 200, body: { paused: true } };
        },
      },
    ],
    unpause: [
      {
        method: "POST",
        action: "unpause",
        scopes: ["batch_export:write"],
        handler: (ctx) => {
          const b = lookup(ctx);
          // Newest unpause needs the caller's current team.
          if (ctx.user.current_team_id === null) throw notAuthenticated();
          const { backfill } = validateBody(ctx.body, { backfill: { type: "boolean" } });
          if (b.paused) {
            b.paused = false;
            log(
              ctx,
              b,
              backfill ? `Batch export unpaused; backfilling from ${b.last_paused_at}` : "Batch export unpaused",
            );
          }
          return { status: 200, body: { paused: false } };
        },
      },
    ],
  };
}

/** GET logs on the project route: newest first, limit 1–500 (default 50), filters. */
function projectLogs(ctx: Ctx) {
  const q = ctx.query;
  const { limit } = validateBody(q.has("limit") ? { limit: q.get("limit") } : {}, {
    limit: { type: "integer", min: 1, max: 500 },
  });
  const after = q.get("after") ? parseDateTime(q.get("after")!) : null;
  const before = q.get("before") ? parseDateTime(q.get("before")!) : null;
  const levels = q
    .get("level")
    ?.split(",")
    .map((l) => l.trim().toUpperCase())
    .filter(Boolean);
  const search = q.get("search")?.toLowerCase();
  const instance = q.get("instance_id");
  // The logs query does not load the export, so an unknown id is simply an empty list.
  const entries = ctx.store.state.batchExportLogs
    .filter((l) => l.team_id === ctx.project!.id && l.batch_export_id === parseUuid(ctx.params.id))
    .filter(
      (l) =>
        (!after || Date.parse(l.timestamp) > after.getTime()) &&
        (!before || Date.parse(l.timestamp) < before.getTime()),
    )
    .filter(
      (l) =>
        (!levels || levels.includes(l.level)) &&
        (!search || l.message.toLowerCase().includes(search)) &&
        (!instance || l.instance_id === instance),
    )
    .reverse()
    .slice(0, (limit as number | undefined) ?? 50)
    .map((l) => ({
      log_source_id: l.batch_export_id,
      instance_id: l.instance_id,
      timestamp: l.timestamp,
      level: l.level,
      message: l.message,
    }));
  return { status: 200, body: paginate(ctx.url, entries) };
}

/**
 * `POST /api/projects/{project_id}/batch_exports/{id}/backfills/`: the newest home of backfill
 * (docs/posthog-api/FACTS.md §10). PostHog's backfills viewset calls the export `batch_export_id` in its URL; the
 * emulator keeps `{id}` like the sibling routes. The bounds follow the older action's rules.
 * UNCONFIRMED in docs/posthog-api/FACTS.md, read in PostHog's newest backfill module: an unknown export is 404
 * `BatchExport not found.`, and a started backfill answers 201 with a pre-generated UUID as
 * `backfill_id` (the older action's id was `<export id>-Backfill-<start>-<end>`). The emulator
 * runs nothing; the export's log records the backfill.
 */
const backfillCreate: Operation = {
  method: "POST",
  action: "create",
  handler: (ctx) => {
    const id = parseUuid(ctx.params.id);
    const b = id ? visible(ctx).find((x) => x.id === id) : undefined;
    if (!b) throw notFound("BatchExport not found.");
    const bounds = validateBackfill(ctx.body, b, ctx.clock.now());
    const backfillId = randomUUID();
    log(
      ctx,
      b,
      `Backfill ${backfillId} started from ${bounds.start_at ?? "the earliest data"} to ${bounds.end_at ?? "now"}`,
    );
    return { status: 201, body: { backfill_id: backfillId } };
  },
};

const ORG = "/api/organizations/{organization_id}/batch_exports/";
const PROJECT = "/api/projects/{project_id}/batch_exports/";

function routesFor(base: string, kind: "org" | "project"): RouteDef[] {
  const shared = sharedOps();
  const route = (suffix: string, ops: Operation[]): RouteDef => ({
    template: base + suffix,
    kind,
    scopeObject: "batch_export",
    ops,
  });
  const isOrg = kind === "org";
  const create: Operation = isOrg
    ? // UNCONFIRMED (docs/posthog-api/FACTS.md §1.9): the org route has no team for the serializer; PostHog fails with a 500.
      { method: "POST", action: "create", handler: () => Promise.reject(serverError()) }
    : {
        method: "POST",
        action: "create",
        handler: (ctx) => {
          const data = validateBatchExport(ctx.store, ctx.body, undefined, false);
          const now = ctx.store.now();
          const b: BatchExport = {
            id: randomUUID(),
            team_id: ctx.project!.id,
            name: data.name!,
            model: data.model === undefined ? "events" : data.model,
            destination: data.destination!,
            interval: data.interval!,
            paused: data.paused ?? false,
            created_at: now,
            last_updated_at: now,
            last_paused_at: data.last_paused_at ?? (data.paused ? now : null),
            start_at: data.start_at ?? null,
            end_at: data.end_at ?? null,
            hogql_query: data.hogql_query ?? "",
            schema: data.schema ?? null,
            filters: data.filters ?? null,
            timezone: data.timezone ?? "UTC",
            offset_day: data.offset_day ?? null,
            offset_hour: data.offset_hour ?? null,
            deleted: false,
          };
          ctx.store.state.batchExports.push(b);
          log(ctx, b, "Batch export created");
          return { status: 201, body: batchExportRepr(b) };
        },
      };
  const logs: Operation = isOrg
    ? // UNCONFIRMED (docs/posthog-api/FACTS.md §10): logs read self.team_id, which the org route lacks.
      { method: "GET", action: "logs", scopes: "none", handler: () => Promise.reject(serverError()) }
    : { method: "GET", action: "logs", scopes: "none", handler: projectLogs };
  const routes = [
    route("", [...shared.collection, create]),
    route("{id}/", shared.detail),
    route("{id}/pause/", shared.pause),
    route("{id}/unpause/", shared.unpause),
    route("{id}/logs/", [logs]),
  ];
  if (!isOrg) {
    routes.push(route("{id}/backfills/", [backfillCreate]));
  } else {
    routes.push(
      route("{id}/backfill/", [
        {
          method: "POST",
          action: "backfill",
          scopes: ["batch_export:write"],
          handler: (ctx) => {
            validateBackfill(ctx.body, lookup(ctx), ctx.clock.now());
            // UNCONFIRMED (docs/posthog-api/FACTS.md §10): starting the backfill needs self.team, absent on this route.
            throw serverError();
          },
        },
      ]),
    );
  }
  return routes;
}

/** Routes of the batch-exports area (organization and project routes). */
export const batchExportRoutes: RouteDef[] = [...routesFor(ORG, "org"), ...routesFor(PROJECT, "project")];
