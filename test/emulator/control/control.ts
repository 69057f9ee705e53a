// The control API under /_emulator/: tests act as the outside world (seed users and keys,
// accept invites, move the clock, answer DNS, move proxy statuses, change objects out of band,
// inject faults, read the request log). No auth; never logged; plain `{error}` bodies on misuse.
import { Clock } from "../model/clock";
import { acceptInvite, ControlError, deleteObject, patchObject } from "./control-objects";
import type { Faults, FaultSpec, RandomFaultSpec } from "../faults/faults";
import type { RateLimiter } from "../policy/rate-limit";
import type { Reply } from "../http/router";
import type { Emulator } from "../http/server";
import type { Settings, Store } from "../model/store";
import { isValidEmail } from "../policy/validation";

/** What the control API acts on. */
export interface ControlTarget {
  emulator: Emulator;
  store: Store;
  clock: Clock;
  faults: Faults;
  limiter: RateLimiter;
}

type Body = Record<string, unknown>;

const LEVELS = [1, 8, 15];
const PROXY_STATUSES = ["waiting", "issuing", "valid", "warning", "erroring", "deleting", "timed_out"];

function str(body: Body, key: string, required = false): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) {
    if (required) throw new ControlError(`${key} is required`);
    return undefined;
  }
  if (typeof v !== "string") throw new ControlError(`${key} must be a string`);
  return v;
}

function level(body: Body, fallback?: 1 | 8 | 15): 1 | 8 | 15 {
  const v = body.level ?? fallback;
  if (!LEVELS.includes(v as number)) throw new ControlError("level must be 1, 8 or 15");
  return v as 1 | 8 | 15;
}

function scopes(body: Body): string[] | null {
  const v = body.scopes;
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v) || v.some((s) => typeof s !== "string"))
    throw new ControlError("scopes must be an array of strings or null");
  return v as string[];
}

function userFrom(t: ControlTarget, body: Body) {
  const uuid = str(body, "user_uuid");
  const email = str(body, "email");
  const user = uuid ? t.store.user(uuid) : email ? t.store.userByEmail(email) : undefined;
  if (!uuid && !email) throw new ControlError("user_uuid or email is required");
  if (!user) throw new ControlError("user not found", 404);
  return user;
}

function newUser(t: ControlTarget, email: string | undefined, firstName?: string) {
  const address = email ?? `user-${t.store.state.sequences.user + 1}@example.com`;
  if (!isValidEmail(address)) throw new ControlError("email is not a valid email address");
  return t.store.userByEmail(address) ?? t.store.createUser({ email: address, first_name: firstName ?? "" });
}

/** POST /_emulator/bootstrap: user + organization (+ default project) + membership + key. */
function bootstrap(t: ControlTarget, body: Body): Reply {
  const user = newUser(t, str(body, "email"), str(body, "first_name"));
  const lvl = level(body, 15);
  const name = str(body, "org_name") ?? "Emulated Organization";
  if (name.length === 0 || name.length > 64) throw new ControlError("org_name must be 1-64 characters");
  // Every real organization has an owner; a non-owner bootstrap gets a separate owner account.
  const owner = lvl === 15 ? user : newUser(t, `owner-${t.store.state.sequences.user + 1}@example.com`);
  const { org, project } = t.store.bootstrapOrganization(name, owner);
  if (owner !== user) {
    t.store.addMembership(org.id, user.uuid, lvl);
    user.current_organization_id = org.id;
    user.current_team_id = project.id;
  }
  const apiKey = t.store.createApiKey(user, { scopes: scopes(body) });
  return {
    status: 201,
    body: {
      user: { id: user.id, uuid: user.uuid, email: user.email },
      organization: { id: org.id, name: org.name, slug: org.slug },
      project: { id: project.id },
      api_key: apiKey,
    },
  };
}

function settingsUpdate(t: ControlTarget, body: Body): Reply {
  const s = t.store.settings;
  const next: Settings = { ...s };
  for (const key of ["rate_limit_enabled", "bulk_deletes_disabled"] as const)
    if (key in body) next[key] = Boolean(body[key]);
  for (const key of ["burst_per_minute", "sustained_per_hour", "proxy_record_quota"] as const) {
    if (!(key in body)) continue;
    if (!Number.isInteger(body[key]) || (body[key] as number) < 0)
      throw new ControlError(`${key} must be a non-negative integer`);
    next[key] = body[key] as number;
  }
  if ("project_quota" in body) {
    if (body.project_quota !== null && (!Number.isInteger(body.project_quota) || (body.project_quota as number) < 0))
      throw new ControlError("project_quota must be a non-negative integer or null");
    next.project_quota = body.project_quota as number | null;
  }
  if ("features" in body) {
    if (!Array.isArray(body.features) || body.features.some((f) => typeof f !== "string"))
      throw new ControlError("features must be an array of strings");
    next.features = body.features as string[];
  }
  t.store.settings = next;
  return { status: 200, body: next };
}

function requestLog(t: ControlTarget): Reply {
  const counts: Record<string, number> = {};
  for (const r of t.emulator.requests) counts[`${r.method} ${r.route}`] = (counts[`${r.method} ${r.route}`] ?? 0) + 1;
  return { status: 200, body: { requests: t.emulator.requests, counts } };
}

function clockReply(t: ControlTarget): Reply {
  return { status: 200, body: { now: t.clock.iso(), offset_seconds: t.clock.offsetSeconds() } };
}

/** Routes a control request. */
function dispatch(t: ControlTarget, method: string, path: string, url: URL, body: Body): Reply {
  const key = `${method} ${path}`;
  let m: RegExpExecArray | null;
  switch (key) {
    case "POST /reset":
      t.emulator.reset();
      return { status: 200, body: { reset: true } };
    case "POST /bootstrap":
      return bootstrap(t, body);
    case "POST /users": {
      const email = str(body, "email", true)!;
      if (t.store.userByEmail(email)) throw new ControlError("a user with this email already exists");
      const u = newUser(t, email, str(body, "first_name"));
      return { status: 201, body: { id: u.id, uuid: u.uuid, email: u.email, first_name: u.first_name } };
    }
    case "POST /memberships": {
      const org = t.store.organization(str(body, "organization_id", true)!);
      if (!org) throw new ControlError("organization not found", 404);
      const user = userFrom(t, body);
      if (t.store.membership(org.id, user.uuid))
        throw new ControlError("the user is already a member of this organization");
      return { status: 201, body: t.store.addMembership(org.id, user.uuid, level(body)) };
    }
    case "POST /api_keys": {
      const user = userFrom(t, body);
      const orgs = (body.scoped_organizations ?? []) as string[];
      const teams = (body.scoped_teams ?? []) as number[];
      if (!Array.isArray(orgs) || !Array.isArray(teams))
        throw new ControlError("scoped_organizations and scoped_teams must be arrays");
      return {
        status: 201,
        body: {
          api_key: t.store.createApiKey(user, {
            scopes: scopes(body),
            scoped_organizations: orgs,
            scoped_teams: teams,
          }),
        },
      };
    }
    case "GET /clock":
      return clockReply(t);
    case "POST /clock/advance": {
      const seconds = body.seconds;
      if (typeof seconds !== "number" || !(seconds >= 0))
        throw new ControlError("seconds must be a non-negative number");
      t.clock.advance(seconds);
      return clockReply(t);
    }
    case "PUT /dns/txt": {
      const name = str(body, "name", true)!.toLowerCase().replace(/\.$/, "");
      const values = body.values;
      if (!Array.isArray(values) || values.some((v) => typeof v !== "string"))
        throw new ControlError("values must be an array of strings");
      if (values.length === 0) delete t.store.state.dnsTxt[name];
      else t.store.state.dnsTxt[name] = values as string[];
      return { status: 200, body: { name, values } };
    }
    case "GET /faults":
      return { status: 200, body: { faults: t.faults.active() } };
    case "POST /faults":
      try {
        return { status: 201, body: { id: t.faults.add(body as unknown as FaultSpec) } };
      } catch (e) {
        throw new ControlError((e as Error).message);
      }
    case "DELETE /faults":
      t.faults.clear();
      return { status: 204 };
    case "GET /faults/random":
      return { status: 200, body: { random: t.faults.randomReport() ?? null } };
    case "PUT /faults/random":
      try {
        t.faults.setRandom(body as unknown as RandomFaultSpec);
      } catch (e) {
        throw new ControlError((e as Error).message);
      }
      return { status: 200, body: { random: t.faults.randomReport() } };
    case "DELETE /faults/random":
      t.faults.clearRandom();
      return { status: 204 };
    case "GET /requests":
      return requestLog(t);
    case "DELETE /requests":
      t.emulator.requests.length = 0;
      return { status: 204 };
    case "GET /settings":
      return { status: 200, body: t.store.settings };
    case "PUT /settings":
      return settingsUpdate(t, body);
    case "GET /state":
      // The store's collections sit at the top level (`state.roles`), with the settings beside them.
      return {
        status: 200,
        body: { ...t.store.state, settings: t.store.settings, faults: t.faults.active(), clock: clockReply(t).body },
      };
  }
  if (method === "POST" && (m = /^\/invites\/([^/]+)\/accept$/.exec(path))) return acceptInvite(t.store, m[1], body);
  if (method === "POST" && (m = /^\/proxy_records\/([^/]+)\/status$/.exec(path))) {
    const record = t.store.state.proxyRecords.find((p) => p.id === m![1]);
    if (!record) throw new ControlError("proxy record not found", 404);
    const status = str(body, "status", true)!;
    if (!PROXY_STATUSES.includes(status)) throw new ControlError(`status must be one of ${PROXY_STATUSES.join(", ")}`);
    Object.assign(record, { status, message: str(body, "message") ?? null, updated_at: t.store.now() });
    return { status: 200, body: record };
  }
  if ((m = /^\/objects\/([a-z_]+)\/([^/]+)$/.exec(path))) {
    if (method === "PATCH") return patchObject(t.store, m[1], m[2], url.searchParams, body);
    if (method === "DELETE") return deleteObject(t.store, m[1], m[2], url.searchParams);
  }
  throw new ControlError(`unknown control endpoint: ${method} /_emulator${path}`, 404);
}

/** Handles a request under /_emulator/ and always returns a reply. */
export function handleControl(t: ControlTarget, method: string, url: URL, raw: Buffer): Reply {
  try {
    let body: Body = {};
    if (raw.length > 0) {
      const parsed: unknown = JSON.parse(raw.toString("utf8"));
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
        throw new ControlError("the body must be a JSON object");
      body = parsed as Body;
    }
    const path = url.pathname.slice("/_emulator".length).replace(/\/$/, "");
    return dispatch(t, method, path, url, body);
  } catch (e) {
    if (e instanceof ControlError) return { status: e.status, body: { error: e.message } };
    if (e instanceof SyntaxError) return { status: 400, body: { error: `invalid JSON: ${e.message}` } };
    return { status: 400, body: { error: e instanceof Error ? e.message : String(e) } };
  }
}
