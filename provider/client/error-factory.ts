// Builds the client's typed errors from PostHog's responses (one factory, openai-node style): parses
// the `{type, code, detail, attr}` envelope or the raw bodies some endpoints answer with (docs/posthog-api/FACTS.md
// §2.4), and adds a hint that says what to change (a scope to add, a key without scopes, the host
// to check, which parent id is wrong, the pacing settings).
import {
  AuthenticationError,
  ConflictError,
  ConnectionError,
  NotFoundError,
  PermissionDeniedError,
  PostHogApiError,
  RateLimitError,
  ServerError,
  ValidationError,
  missingScope,
  reasonOf,
  type ApiErrorFields,
} from "./errors";

/** Extra facts the client knows when it builds an error, used for hints. */
export interface ErrorContext {
  /** The configured host, named in hints about credentials and regions. */
  host?: string;
  /** How many times the request was retried before this response. */
  retries?: number;
  /** Total milliseconds waited on 429s and pacing for this request. */
  waitedMs?: number;
  /** Set when a 429's Retry-After exceeded the client's maximum wait. */
  maxRetryAfterSeconds?: number;
  /** True when PostHog may have applied a POST/PATCH that was not repeated. */
  outcomeUnknown?: boolean;
}

type HeaderBag = Record<string, string | string[] | undefined> | Headers | undefined;

function header(headers: HeaderBag, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const bag = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(bag).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : bag[key];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * parseRetryAfter reads a `Retry-After` header (seconds or an HTTP date) as milliseconds from `now`.
 * Returns undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const MAX_TEXT = 2000;

function parseBody(body: unknown): {
  type?: string;
  code?: string;
  detail: string;
  attr?: string | null;
  body?: unknown;
} {
  if (typeof body === "string") {
    const text = body.trim();
    if (text.startsWith("{") || text.startsWith("[")) {
      try {
        return parseBody(JSON.parse(text));
      } catch {
        // not JSON after all: fall through to the raw-text form
      }
    }
    const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    const snippet = text.replace(/\s+/g, " ").slice(0, 300);
    // A proxy or load balancer answers with a page, not PostHog's JSON envelope: say so.
    const detail = /^<(!doctype|html|head|body)\b/i.test(text)
      ? `PostHog answered with an HTML page${title ? ` ("${title.slice(0, 100)}")` : ""} instead of JSON`
      : /^[{[]/.test(text)
        ? `the JSON body was cut off or is malformed: ${snippet}`
        : title || snippet;
    return { detail, body: text === "" ? undefined : text.slice(0, MAX_TEXT) };
  }
  if (body === undefined || body === null) return { detail: "" };
  if (Array.isArray(body)) {
    // A many=True serializer (invites bulk) answers a list of per-item error objects.
    const first = body.find((item) => item !== null && typeof item === "object" && Object.keys(item).length > 0);
    const detail = first !== undefined ? describeObject(first as Record<string, unknown>) : JSON.stringify(body);
    return { detail: detail.slice(0, 500), body };
  }
  if (typeof body === "object") {
    const obj = body as Record<string, unknown>;
    const str = (v: unknown) =>
      typeof v === "string" ? v : v === undefined || v === null ? undefined : JSON.stringify(v);
    if (obj.type !== undefined || obj.code !== undefined) {
      return {
        type: str(obj.type),
        code: str(obj.code),
        detail: str(obj.detail) ?? "",
        attr: typeof obj.attr === "string" ? obj.attr : obj.attr === null ? null : undefined,
        body,
      };
    }
    if (obj.detail !== undefined) return { detail: str(obj.detail) ?? "", body };
    if (obj.error !== undefined) return { detail: str(obj.error) ?? "", body };
    if (obj.message !== undefined) return { detail: str(obj.message) ?? "", body };
    return { detail: describeObject(obj).slice(0, 500), body };
  }
  return { detail: String(body) };
}

/** DRF field errors without the envelope look like `{"field": ["message"]}`. */
function describeObject(obj: Record<string, unknown>): string {
  const entries = Object.entries(obj);
  if (entries.length === 1) {
    const [field, value] = entries[0];
    const message = Array.isArray(value) ? value.join(" ") : typeof value === "string" ? value : JSON.stringify(value);
    return `${field}: ${message}`;
  }
  return JSON.stringify(obj);
}

/** The organization and project ids named in a path, if any. */
function parents(path: string): { organizationId?: string; projectId?: string; isOrganizationRoute: boolean } {
  const org = /^\/api\/organizations\/([^/]+)(\/?)(.*)$/.exec(path);
  const project =
    /^\/api\/(?:organizations\/[^/]+\/)?projects\/([^/]+)\//.exec(path) ?? /^\/api\/environments\/([^/]+)\//.exec(path);
  return {
    organizationId: org ? decodeURIComponent(org[1]) : undefined,
    projectId: project ? decodeURIComponent(project[1]) : undefined,
    isOrganizationRoute: org !== null && (org[3] === "" || org[3] === undefined),
  };
}

/** The hint for an API error, or undefined. Exported for table tests. */
export function hintFor(fields: ApiErrorFields, context: ErrorContext = {}, retryAfterMs?: number): string | undefined {
  const { status, detail, method } = fields;
  const host = context.host ?? "the configured host";
  switch (true) {
    case status === 401:
      return (
        `Check the personal API key (posthog:apiKey or POSTHOG_PERSONAL_API_KEY) and that posthog:host (${host}) ` +
        "points at the PostHog region or instance where the key was created (US Cloud https://us.posthog.com, EU Cloud https://eu.posthog.com)."
      );
    case status === 403:
      switch (reasonOf(fields)) {
        case "missing-scope":
          return `Add the scope '${missingScope(detail)}' to the personal API key in PostHog (Settings → Personal API keys).`;
        case "scoped-key":
          return (
            "PostHog refuses this action to personal API keys that have scopes, even the '*' scope. " +
            "Use a personal API key without scopes (a legacy, unscoped key) for it."
          );
        case "project-scoped-key":
          return "This key is limited to specific projects, which PostHog only accepts on project endpoints. Use a key that is not restricted to projects for organization resources.";
        case "organization-access": {
          const org = parents(fields.path).organizationId;
          return `Allow the organization${org ? ` ${org}` : ""} in the personal API key's organization access (Settings → Personal API keys), or use a key that has it.`;
        }
        case "personal-keys-disabled":
          return "An organization admin must allow members to use personal API keys (Organization settings), or use a key of an admin.";
        case "insufficient-level":
          return "The key's user needs a higher membership level in this organization: administrator for most changes, owner to delete the organization or grant owner.";
        default:
          return undefined;
      }
    case status === 404: {
      const p = parents(fields.path);
      if (p.organizationId && (p.isOrganizationRoute || /organization/i.test(detail))) {
        return `The organization ${p.organizationId} was not found or the key's user is not a member. Check posthog:organizationId (or the resource's organizationId) and which user the key belongs to.`;
      }
      if (p.projectId && /project|team|environment/i.test(detail)) {
        return `The project ${p.projectId} was not found${p.organizationId ? ` in organization ${p.organizationId}` : ""}, or the key's user cannot access it. Check the project id.`;
      }
      return undefined;
    }
    case status === 429: {
      const waitedS = Math.round((context.waitedMs ?? 0) / 1000);
      if (
        context.maxRetryAfterSeconds !== undefined &&
        retryAfterMs !== undefined &&
        retryAfterMs > context.maxRetryAfterSeconds * 1000
      ) {
        return (
          `PostHog asked to wait ${Math.ceil(retryAfterMs / 1000)} s, longer than the client's maximum of ${context.maxRetryAfterSeconds} s. ` +
          "Raise posthog:maxRetryAfterSeconds, or lower the pacing settings posthog:requestsPerMinute (default 480) and posthog:requestsPerHour (default 4800) so the limit is not reached."
        );
      }
      return (
        `PostHog still rate-limited this API key after ${context.retries ?? 0} retries and ${waitedS} s of waiting. ` +
        "Lower the pacing settings posthog:requestsPerMinute (default 480) and posthog:requestsPerHour (default 4800), " +
        "or run fewer programs with the same key at the same time."
      );
    }
    case status >= 500: {
      if (context.outcomeUnknown) {
        return (
          `PostHog failed while handling this ${method}; it may or may not have been applied, so it was not repeated (to avoid doing it twice). ` +
          "Check in PostHog whether it took effect before trying again."
        );
      }
      if (context.retries)
        return `PostHog failed ${context.retries + 1} times in a row. Try again later (https://status.posthog.com).`;
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * generate builds the typed error for a non-success response.
 *
 * @param status - HTTP status code.
 * @param body - the response body: parsed JSON, text, or undefined.
 * @param headers - the response headers (for `Retry-After` and `x-request-id`).
 * @param method - the request method.
 * @param path - the request path; any query string is dropped from the message.
 * @param context - what the client knows beyond the response (retries, waits, host) for the hint.
 */
export function generate(
  status: number,
  body: unknown,
  headers: HeaderBag,
  method: string,
  path: string,
  context: ErrorContext = {},
): PostHogApiError {
  const parsed = parseBody(body);
  const fields: ApiErrorFields = {
    status,
    method: method.toUpperCase(),
    path: path.split("?")[0],
    detail: parsed.detail,
  };
  if (parsed.type !== undefined) fields.type = parsed.type;
  if (parsed.code !== undefined) fields.code = parsed.code;
  if (parsed.attr !== undefined) fields.attr = parsed.attr;
  if (parsed.body !== undefined) fields.body = parsed.body;
  const requestId = header(headers, "x-request-id");
  if (requestId !== undefined) fields.requestId = requestId;
  const retryAfterMs = parseRetryAfter(header(headers, "retry-after"));
  if (status >= 300 && status < 400) {
    // The client never follows a redirect: the request carries the API key, and the new location
    // could be any host. The error names where it pointed, without its query string.
    const location = header(headers, "location");
    const target = location === undefined ? undefined : redirectTarget(location, context.host);
    fields.detail = `PostHog answered with a redirect${target ? ` to ${target}` : ""}; redirects are not followed, so the API key was not sent there`;
    return new PostHogApiError(
      fields,
      `Set posthog:host to the address PostHog answers on directly (e.g. https://us.posthog.com or https://eu.posthog.com, with https:// and without a path)${context.host ? `, not ${context.host}` : ""}.`,
    );
  }
  const hint = hintFor(fields, context, retryAfterMs);
  switch (true) {
    case status === 400:
      return new ValidationError(fields, hint);
    case status === 401:
      return new AuthenticationError(fields, hint);
    case status === 403:
      return new PermissionDeniedError(fields, hint);
    case status === 404:
      return new NotFoundError(fields, hint);
    case status === 409:
      return new ConflictError(fields, hint);
    case status === 429:
      return new RateLimitError(fields, hint, retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000));
    case status >= 500:
      return new ServerError(fields, hint);
    default:
      return new PostHogApiError(fields, hint);
  }
}

/** A redirect's target as origin and path (no query: it may hold tokens), or undefined when unreadable. */
function redirectTarget(location: string, host: string | undefined): string | undefined {
  try {
    const url = new URL(location, host ?? "http://invalid");
    return `${url.origin}${url.pathname}`.slice(0, 200);
  } catch {
    return undefined;
  }
}

/** What zod calls each type, as a response issue names it. */
const KINDS: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "an object",
  array: "a list",
  record: "an object",
  null: "null",
  undefined: "nothing",
};

/**
 * responseIssue words one schema mismatch of a success body: where in the body, and what was
 * expected there against what came (`results: expected a list, got nothing`), instead of zod's
 * "Invalid input: expected array, received undefined".
 */
export function responseIssue(issue: {
  path: readonly PropertyKey[];
  code?: string;
  message: string;
  expected?: unknown;
}): { path: string; message: string } {
  const path = issue.path.map(String).join(".");
  if (issue.code === "invalid_type") {
    const expected = KINDS[String(issue.expected)] ?? String(issue.expected);
    const received = /received (\w+)/.exec(issue.message)?.[1];
    const got = received === undefined ? "" : `, got ${KINDS[received] ?? received}`;
    return { path, message: `expected ${expected}${got}` };
  }
  return { path, message: issue.message.replace(/^Invalid input: /, "") };
}

/** True for the kinds of failure after which a POST/PATCH may or may not have been applied. */
export function isOutcomeUnknown(error: unknown): boolean {
  if (ConnectionError.isInstance(error)) return error.sent;
  return ServerError.isInstance(error) && [500, 502, 503, 504].includes(error.status);
}

/**
 * redactSecret replaces every occurrence of `secret` in the error's own string fields, message,
 * stack, hint, body and cause, in place, and returns the error.
 *
 * Defence in depth: the client never puts the key into an error, but a proxy or a misbehaving
 * server could echo it back in a body.
 */
export function redactSecret<E>(error: E, secret: string | undefined): E {
  if (!secret || secret.length < 4 || typeof error !== "object" || error === null) return error;
  const scrub = (value: unknown, depth: number): unknown => {
    if (typeof value === "string") return value.split(secret).join("[redacted]");
    if (depth > 6 || value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrub(v, depth + 1);
    return out;
  };
  const target = error as unknown as Record<string, unknown>;
  for (const key of [...Object.getOwnPropertyNames(target), "message", "stack", "cause"]) {
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (!descriptor || !("value" in descriptor)) continue;
    const cleaned = scrub(descriptor.value, 0);
    if (cleaned !== descriptor.value) Object.defineProperty(target, key, { ...descriptor, value: cleaned });
  }
  return error;
}
