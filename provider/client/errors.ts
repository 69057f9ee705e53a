// Typed errors for the PostHog API client (openai-node `core/error.ts`), built by one factory from
// PostHog's error envelope `{type, code, detail, attr}` (FACTS §2.4) with a raw-text fallback for the
// endpoints that answer `{"detail"}`, `{"error"}` or plain text. Each class carries a brand and a
// static `isInstance`, because the runtime is loaded with `require` from another copy of this
// package inside the provider process, where `instanceof` fails (Pulumi SDK `errors.ts`).
//
// Errors never carry request headers or options: the API key must not reach a message, a log line
// or a serialised error. The client additionally scrubs the key from every error it throws
// (`redactSecret`).
import { STATUS_CODES } from "node:http";

/** Marks brands as non-enumerable so they stay out of JSON and `util.inspect` output. */
function brand(target: object, name: string): void {
  Object.defineProperty(target, name, { value: true, enumerable: false });
}

function hasBrand(value: unknown, name: string): boolean {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[name] === true;
}

/**
 * PostHogError is the root of every error thrown by the PostHog API client.
 *
 * The `message` is a full sentence; `hint`, when present, says what to change (also appended to the
 * message on its own line).
 */
export class PostHogError extends Error {
  /** What to do about the error, as a sentence; also the message's last line. */
  readonly hint?: string;

  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(options?.hint ? `${message}\n${options.hint}` : message);
    this.name = new.target.name;
    if (options?.hint) this.hint = options.hint;
    if (options?.cause !== undefined) {
      Object.defineProperty(this, "cause", { value: options.cause, enumerable: false, writable: true, configurable: true });
    }
    brand(this, "__posthogError");
  }

  /** isInstance tells whether `value` is a PostHogError, also across copies of this module. */
  static isInstance(value: unknown): value is PostHogError {
    return hasBrand(value, "__posthogError");
  }
}

/** Fields parsed from a PostHog error response. */
export interface ApiErrorFields {
  /** HTTP status code. */
  status: number;
  /** Request method, upper case. */
  method: string;
  /** Request path without the query string, as sent (ids encoded). */
  path: string;
  /** PostHog's error `type`, e.g. `validation_error`; absent for non-standard bodies. */
  type?: string;
  /** PostHog's error `code`, e.g. `unique`; absent for non-standard bodies. */
  code?: string;
  /** PostHog's `detail`, or the raw text of a non-standard body. */
  detail: string;
  /** The field the error is about (`attr`), nested fields joined with `__`. */
  attr?: string | null;
  /** The `x-request-id` response header, when PostHog sent one. */
  requestId?: string;
  /** The parsed response body (or its first 2,000 characters of text). */
  body?: unknown;
}

/**
 * PostHogApiError represents a response from PostHog with a non-success status code.
 *
 * The message has the form `<METHOD> <path>: <status> <type>/<code>: <detail>[ (field: <attr>)]`,
 * followed by a hint line when there is one.
 */
export class PostHogApiError extends PostHogError {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly type?: string;
  readonly code?: string;
  readonly detail: string;
  readonly attr?: string | null;
  readonly requestId?: string;
  readonly body?: unknown;

  constructor(fields: ApiErrorFields, hint?: string) {
    super(formatApiMessage(fields), { hint });
    this.status = fields.status;
    this.method = fields.method;
    this.path = fields.path;
    if (fields.type !== undefined) this.type = fields.type;
    if (fields.code !== undefined) this.code = fields.code;
    this.detail = fields.detail;
    if (fields.attr !== undefined) this.attr = fields.attr;
    if (fields.requestId !== undefined) this.requestId = fields.requestId;
    if (fields.body !== undefined) this.body = fields.body;
    brand(this, "__posthogApiError");
  }

  static isInstance(value: unknown): value is PostHogApiError {
    return hasBrand(value, "__posthogApiError");
  }
}

/** ValidationError represents a 400 response: PostHog rejected the request body or query. */
export class ValidationError extends PostHogApiError {
  constructor(fields: ApiErrorFields, hint?: string) {
    super(fields, hint);
    brand(this, "__posthogValidationError");
  }
  static isInstance(value: unknown): value is ValidationError {
    return hasBrand(value, "__posthogValidationError");
  }
}

/** AuthenticationError represents a 401 response: the API key is missing, wrong or revoked. */
export class AuthenticationError extends PostHogApiError {
  constructor(fields: ApiErrorFields, hint?: string) {
    super(fields, hint);
    brand(this, "__posthogAuthenticationError");
  }
  static isInstance(value: unknown): value is AuthenticationError {
    return hasBrand(value, "__posthogAuthenticationError");
  }
}

/** PermissionDeniedError represents a 403 response: a missing scope, level or organization access. */
export class PermissionDeniedError extends PostHogApiError {
  constructor(fields: ApiErrorFields, hint?: string) {
    super(fields, hint);
    brand(this, "__posthogPermissionDeniedError");
  }
  static isInstance(value: unknown): value is PermissionDeniedError {
    return hasBrand(value, "__posthogPermissionDeniedError");
  }
}

/** NotFoundError represents a 404 response: the object, or one of its parents in the path, does not exist. */
export class NotFoundError extends PostHogApiError {
  constructor(fields: ApiErrorFields, hint?: string) {
    super(fields, hint);
    brand(this, "__posthogNotFoundError");
  }
  static isInstance(value: unknown): value is NotFoundError {
    return hasBrand(value, "__posthogNotFoundError");
  }
}

/** ConflictError represents a 409 response (PostHog reports most conflicts as 400 `unique` instead). */
export class ConflictError extends PostHogApiError {
  constructor(fields: ApiErrorFields, hint?: string) {
    super(fields, hint);
    brand(this, "__posthogConflictError");
  }
  static isInstance(value: unknown): value is ConflictError {
    return hasBrand(value, "__posthogConflictError");
  }
}

/** RateLimitError represents a 429 response that was still returned after the client's waits and retries. */
export class RateLimitError extends PostHogApiError {
  /** The last `Retry-After` PostHog sent, in seconds. */
  readonly retryAfterSeconds?: number;

  constructor(fields: ApiErrorFields, hint?: string, retryAfterSeconds?: number) {
    super(fields, hint);
    if (retryAfterSeconds !== undefined) this.retryAfterSeconds = retryAfterSeconds;
    brand(this, "__posthogRateLimitError");
  }
  static isInstance(value: unknown): value is RateLimitError {
    return hasBrand(value, "__posthogRateLimitError");
  }
}

/** ServerError represents a response with status 500 or above. */
export class ServerError extends PostHogApiError {
  constructor(fields: ApiErrorFields, hint?: string) {
    super(fields, hint);
    brand(this, "__posthogServerError");
  }
  static isInstance(value: unknown): value is ServerError {
    return hasBrand(value, "__posthogServerError");
  }
}

/** The part of a low-level error kept as `cause`: never the error object itself (it may reference request options). */
export interface ErrorCause {
  name: string;
  code?: string;
  message: string;
}

/**
 * ConnectionError represents a request that got no HTTP response: refused, reset, DNS failure.
 *
 * `sent` tells whether the request may have reached PostHog (false when the connection was never
 * established), which decides whether a POST may be repeated.
 */
export class ConnectionError extends PostHogError {
  readonly method: string;
  readonly path: string;
  /** The low-level error code, e.g. `ECONNRESET` or `UND_ERR_SOCKET`. */
  readonly errorCode?: string;
  /** False when the request certainly did not reach PostHog. */
  readonly sent: boolean;

  constructor(
    message: string,
    fields: { method: string; path: string; errorCode?: string; sent: boolean; cause?: ErrorCause },
    hint?: string,
  ) {
    super(message, { hint, cause: fields.cause });
    this.method = fields.method;
    this.path = fields.path;
    if (fields.errorCode !== undefined) this.errorCode = fields.errorCode;
    this.sent = fields.sent;
    brand(this, "__posthogConnectionError");
  }
  static isInstance(value: unknown): value is ConnectionError {
    return hasBrand(value, "__posthogConnectionError");
  }
}

/** TimeoutError represents a request that got no (complete) response within the client's timeout. */
export class TimeoutError extends ConnectionError {
  constructor(
    message: string,
    fields: { method: string; path: string; errorCode?: string; sent: boolean; cause?: ErrorCause },
    hint?: string,
  ) {
    super(message, fields, hint);
    brand(this, "__posthogTimeoutError");
  }
  static isInstance(value: unknown): value is TimeoutError {
    return hasBrand(value, "__posthogTimeoutError");
  }
}

/** One failing location in a response that did not match the expected schema. */
export interface ResponseIssue {
  /** Dotted path inside the response body, e.g. `results.3.name` (empty for the root). */
  path: string;
  message: string;
}

/**
 * UnexpectedResponseError represents a success response whose body lacks fields the client needs.
 *
 * Unknown extra fields never cause it; missing or mistyped essentials do. The message names the
 * endpoint and the failing path inside the body.
 */
export class UnexpectedResponseError extends PostHogError {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly issues: ResponseIssue[];

  constructor(fields: { method: string; path: string; status: number; issues: ResponseIssue[] }) {
    const first = fields.issues[0];
    const where = first ? `${first.path === "" ? "(body)" : first.path}: ${first.message}` : "unknown mismatch";
    const more = fields.issues.length > 1 ? ` (and ${fields.issues.length - 1} more)` : "";
    super(`${fields.method} ${fields.path}: unexpected response body at ${where}${more}`, {
      hint: "PostHog answered with a shape this provider does not understand. Check that posthog:host points at a PostHog instance, and report the mismatch if it does.",
    });
    this.method = fields.method;
    this.path = fields.path;
    this.status = fields.status;
    this.issues = fields.issues;
    brand(this, "__posthogUnexpectedResponseError");
  }
  static isInstance(value: unknown): value is UnexpectedResponseError {
    return hasBrand(value, "__posthogUnexpectedResponseError");
  }
}

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

function parseBody(body: unknown): { type?: string; code?: string; detail: string; attr?: string | null; body?: unknown } {
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
    const detail = title || text.replace(/\s+/g, " ").slice(0, 300);
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
    const str = (v: unknown) => (typeof v === "string" ? v : v === undefined || v === null ? undefined : JSON.stringify(v));
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

function formatApiMessage(f: ApiErrorFields): string {
  const kind = f.type !== undefined || f.code !== undefined ? `${f.type ?? "error"}/${f.code ?? "error"}` : STATUS_CODES[f.status] ?? "Error";
  const detail = f.detail === "" ? STATUS_CODES[f.status] ?? "no details" : f.detail;
  const field = f.attr ? ` (field: ${f.attr})` : "";
  return `${f.method} ${f.path}: ${f.status} ${kind}: ${detail}${field}`;
}

/** The organization and project ids named in a path, if any. */
function parents(path: string): { organizationId?: string; projectId?: string; isOrganizationRoute: boolean } {
  const org = /^\/api\/organizations\/([^/]+)(\/?)(.*)$/.exec(path);
  const project = /^\/api\/(?:organizations\/[^/]+\/)?projects\/([^/]+)\//.exec(path) ?? /^\/api\/environments\/([^/]+)\//.exec(path);
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
    case status === 403: {
      const scope = /API key missing required scope '([^']+)'/.exec(detail)?.[1];
      if (scope) return `Add the scope '${scope}' to the personal API key in PostHog (Settings → Personal API keys).`;
      if (/does not support Personal API Key access/i.test(detail)) {
        return (
          "PostHog refuses this action to personal API keys that have scopes, even the '*' scope. " +
          "Use a personal API key without scopes (a legacy, unscoped key) for it."
        );
      }
      if (/scoped projects are only supported on project-based endpoints/i.test(detail)) {
        return "This key is limited to specific projects, which PostHog only accepts on project endpoints. Use a key that is not restricted to projects for organization resources.";
      }
      if (/does not have access to the requested organization/i.test(detail)) {
        const org = parents(fields.path).organizationId;
        return `Allow the organization${org ? ` ${org}` : ""} in the personal API key's organization access (Settings → Personal API keys), or use a key that has it.`;
      }
      if (/does not allow using personal API keys/i.test(detail)) {
        return "An organization admin must allow members to use personal API keys (Organization settings), or use a key of an admin.";
      }
      if (/access level is insufficient|admin level or higher|only edit others if you are an admin/i.test(detail)) {
        return "The key's user needs a higher membership level in this organization: administrator for most changes, owner to delete the organization or grant owner.";
      }
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
      if (context.maxRetryAfterSeconds !== undefined && retryAfterMs !== undefined && retryAfterMs > context.maxRetryAfterSeconds * 1000) {
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
          `PostHog failed while handling this ${method}; it may or may not have been applied, so it was not repeated (to avoid a duplicate). ` +
          "Run `pulumi refresh` and try again."
        );
      }
      if (context.retries) return `PostHog failed ${context.retries + 1} times in a row. Try again later (https://status.posthog.com).`;
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
