// BatchExportSerializer validation (docs/posthog-api/FACTS.md §10): fields, destination (nested), interval gating,
// offsets, HogQL query and filters. Destination config rules live in batch-export-destinations.ts.
import { permissionDenied, validationError } from "../http/errors";
import type { BatchExport } from "../model/model";
import type { Store } from "../model/store";
import { type Fields, convertField, pythonStr, pythonType, validateBody } from "../policy/validation";
import { DESTINATION_TYPES, checkDestinationRules, mergeConfig, validateConfig } from "./batch-export-destinations";

const INTERVALS = ["hour", "day", "week", "every 5 minutes", "every 15 minutes"];
const HIGH_FREQUENCY = ["every 5 minutes", "every 15 minutes"];

const FIELDS: Fields = {
  name: { type: "string", required: true },
  model: { type: "choice", choices: ["events", "persons", "sessions"], blank: true, nullable: true },
  destination: { type: "json", required: true },
  interval: { type: "choice", choices: INTERVALS, required: true },
  paused: { type: "boolean" },
  last_paused_at: { type: "datetime", nullable: true },
  start_at: { type: "datetime", nullable: true },
  end_at: { type: "datetime", nullable: true },
  hogql_query: { type: "string", blank: true },
  filters: { type: "list", nullable: true },
  timezone: { type: "json", nullable: true },
  offset_day: { type: "integer", min: 0, max: 6, nullable: true },
  offset_hour: { type: "integer", min: 0, max: 23, nullable: true },
};

/** The validated destination: type, the incoming config (checked), and the effective merged config. */
export interface DestinationInput {
  type: string;
  config: Record<string, unknown>;
}

function validateDestination(value: unknown, existing: BatchExport | undefined, partial: boolean): DestinationInput {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw validationError(`Invalid data. Expected a dictionary, but got ${pythonType(value)}.`, "destination");
  }
  const d = value as Record<string, unknown>;
  let type = existing?.destination.type;
  if (d.type !== undefined || !partial) {
    if (d.type === undefined) throw validationError("This field is required.", "destination__type", "required");
    type = convertField({ type: "choice", choices: DESTINATION_TYPES }, d.type, "destination__type") as string;
  }
  const raw = d.config ?? {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw validationError(
      `Expected a dictionary of items but got type "${pythonType(raw)}".`,
      "destination__config",
      "not_a_dict",
    );
  }
  if (d.integration_id !== undefined)
    convertField({ type: "integer", nullable: true }, d.integration_id, "destination__integration_id");
  const incoming = validateConfig(type!, raw as Record<string, unknown>, partial);
  // Updates merge recursively into the stored config (docs/posthog-api/FACTS.md §1.8).
  return { type: type!, config: existing ? mergeConfig(existing.destination.config, incoming) : incoming };
}

/** Derives the `schema` of a HogQL export from its SELECT list (UNCONFIRMED: simplified). */
function hogqlSchema(query: string): unknown {
  const select = /^\s*select\s+([\s\S]+?)\s+from\s+events\b/i.exec(query)?.[1] ?? "";
  const parts: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of select) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      parts.push(cur.trim());
      cur = "";
    } else cur += ch;
  }
  if (cur.trim()) parts.push(cur.trim());
  const fields = parts.map((p) => {
    const m = /^([\s\S]+?)\s+as\s+(\w+)$/i.exec(p);
    return { alias: m ? m[2] : p.replace(/\W+/g, "_"), expression: m ? m[1] : p };
  });
  return { fields, values: {}, hogql_query: query };
}

/**
 * Validates a create/update body and returns the fields to store. `existing` is the stored export
 * for updates (its interval and destination feed the cross-field rules).
 */
export function validateBatchExport(
  store: Store,
  body: unknown,
  existing: BatchExport | undefined,
  partial: boolean,
): Partial<BatchExport> {
  const data = validateBody(body, FIELDS, { partial });
  const out: Partial<BatchExport> = {};
  for (const k of [
    "name",
    "model",
    "interval",
    "paused",
    "last_paused_at",
    "start_at",
    "end_at",
    "filters",
    "offset_day",
    "offset_hour",
  ] as const) {
    if (k in data) (out as Record<string, unknown>)[k] = data[k];
  }
  if ("timezone" in data) {
    const tz = data.timezone;
    if (tz !== null && (typeof tz !== "string" || !isTimezone(tz)))
      throw validationError(`"${pythonStr(tz)}" is not a valid choice.`, "timezone", "invalid_choice");
    out.timezone = (tz as string | null) ?? "UTC";
  }
  if ("destination" in data) {
    const dest = validateDestination(data.destination, existing, partial);
    out.destination = { type: dest.type, config: dest.config, integration: existing?.destination.integration ?? null };
  }
  const interval = out.interval ?? existing?.interval ?? "hour";
  if (
    "interval" in data &&
    HIGH_FREQUENCY.includes(interval) &&
    !store.settings.features.includes("high-frequency-batch-exports")
  ) {
    throw permissionDenied("Higher frequency batch exports are not enabled for this team.");
  }
  const adjective: Record<string, string> = { hour: "hourly", day: "daily", week: "weekly" };
  const offsetDay = out.offset_day ?? existing?.offset_day ?? null;
  const offsetHour = out.offset_hour ?? existing?.offset_hour ?? null;
  // UNCONFIRMED: only the daily offset_day message is quoted in docs/posthog-api/FACTS.md; the others follow its pattern.
  if (offsetDay !== null && interval !== "week")
    throw validationError(`offset_day should not be specified for ${adjective[interval] ?? interval} intervals`);
  if (offsetHour !== null && interval !== "day" && interval !== "week")
    throw validationError(`offset_hour should not be specified for ${adjective[interval] ?? interval} intervals`);
  if ("hogql_query" in data) {
    const q = String(data.hogql_query);
    // UNCONFIRMED wording: PostHog only accepts a plain SELECT over events (no UNION, JOIN, subquery).
    if (
      q &&
      (!/^\s*select\b[\s\S]+\bfrom\s+events\b/i.test(q) ||
        /\b(union|join)\b/i.test(q) ||
        (q.match(/\bselect\b/gi) ?? []).length > 1)
    ) {
      throw validationError(
        "Only SELECT queries from the events table are supported, without UNION, JOIN or subqueries.",
        "hogql_query",
      );
    }
    out.hogql_query = q;
    out.schema = q ? hogqlSchema(q) : null;
  }
  if (Array.isArray(out.filters) && /data_interval_(start|end)/.test(JSON.stringify(out.filters))) {
    throw validationError("Filters cannot reference data_interval_start or data_interval_end.", "filters");
  }
  const dest = out.destination ?? existing?.destination;
  if (dest && ("destination" in data || "model" in data))
    checkDestinationRules(store, dest.type, dest.config, out.model ?? existing?.model ?? "events");
  return out;
}

/** True when the runtime knows the IANA zone. */
function isTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** The offset of IANA zone `tz` from UTC at instant `ms`, in milliseconds (whole seconds). */
function zoneOffsetMs(ms: number, tz: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(new Date(ms));
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return (
    Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second")) - Math.floor(ms / 1000) * 1000
  );
}

/** The instant of a wall-clock date and hour in zone `tz` (a second pass settles DST changes). */
function zonedTime(year: number, month: number, day: number, hour: number, tz: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour);
  const guess = wall - zoneOffsetMs(wall, tz);
  return new Date(wall - zoneOffsetMs(guess, tz));
}

/** A real calendar date from `YYYY-MM-DD` (2026-02-30 is refused, as Python's date.fromisoformat does). */
function calendarDate(text: string): { year: number; month: number; day: number; weekday: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? { year, month, day, weekday: d.getUTCDay() } : null;
}

/** Python's datetime.fromisoformat, roughly: the instant (UTC when naive), and whether it had an offset. */
function parseIsoDateTime(text: string): { at: Date; aware: boolean } | null {
  const m =
    /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(\.\d{1,6})?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(text);
  if (!m || !calendarDate(m[1])) return null;
  const [hour, minute, second] = [m[2] ?? "00", m[3] ?? "00", m[4] ?? "00"];
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return null;
  const offset = m[6]?.toUpperCase();
  // +01, +0100 and +01:00 all become +01:00 for JavaScript; microseconds keep their milliseconds.
  const zone = !offset || offset === "Z" ? "Z" : `${offset.slice(0, 3)}:${offset.length > 3 ? offset.slice(-2) : "00"}`;
  const at = new Date(`${m[1]}T${hour}:${minute}:${second}${(m[5] ?? "").slice(0, 4)}${zone}`);
  return Number.isNaN(at.getTime()) ? null : { at, aware: m[6] !== undefined };
}

/**
 * Backfill bounds (docs/posthog-api/FACTS.md §10), shared by the older `backfill` action and the newest `backfills`
 * route: `start_at` < `end_at`, aware datetimes, no future end. Daily and weekly exports take ISO
 * dates instead, read as the export's `offset_hour` in its time zone; weekly dates must fall on the
 * export's `offset_day`. Either bound may be omitted or null. PostHog raises these from view code,
 * not a serializer field, so every refusal has `attr: null` (docs/posthog-api/FACTS.md §2.4).
 */
export function validateBackfill(
  body: unknown,
  exp: BatchExport,
  nowMs: number,
): { start_at: string | null; end_at: string | null } {
  const data = validateBody(body, {
    start_at: { type: "json", nullable: true },
    end_at: { type: "json", nullable: true },
  });
  const parse = (key: "start_at" | "end_at"): Date | null => {
    const v = data[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== "string") throw validationError(`Input ${pythonStr(v)} is not a valid ISO formatted datetime.`);
    if (exp.interval === "day" || exp.interval === "week") {
      const date = calendarDate(v);
      if (!date) throw validationError(`Input ${v} is not a valid ISO formatted date.`);
      // UNCONFIRMED: a weekly export without offset_day is taken to run on Sundays (day 0).
      const expected = exp.offset_day ?? 0;
      if (exp.interval === "week" && date.weekday !== expected) {
        throw validationError(
          `Input ${v} is not on the correct day of the week for this batch export. ${v} is a ${DAY_NAMES[date.weekday]} but this batch export is configured to run weekly on ${DAY_NAMES[expected]}.`,
        );
      }
      return zonedTime(date.year, date.month, date.day, exp.offset_hour ?? 0, exp.timezone || "UTC");
    }
    // datetime.fromisoformat first (a date alone parses, as midnight), then the naive check.
    const parsed = parseIsoDateTime(v);
    if (!parsed) throw validationError(`Input ${v} is not a valid ISO formatted datetime.`);
    if (!parsed.aware) throw validationError(`Input ${v} is naive.`);
    return parsed.at;
  };
  const start = parse("start_at");
  const end = parse("end_at");
  if (start && end && start >= end)
    throw validationError("The initial backfill datetime 'start_at' must be before 'end_at'");
  if (end && end.getTime() > nowMs)
    throw validationError(`The provided 'end_at' (${end.toISOString()}) is in the future`);
  return { start_at: start?.toISOString() ?? null, end_at: end?.toISOString() ?? null };
}
