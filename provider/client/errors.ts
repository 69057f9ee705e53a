// Typed errors for the PostHog API client (openai-node `core/error.ts`), built by one factory from
// PostHog's error envelope `{type, code, detail, attr}` (docs/posthog-api/FACTS.md §2.4) with a raw-text fallback for the
// endpoints that answer `{"detail"}`, `{"error"}` or plain text. Every error carries a brand per
// class in its chain and every class a static `isInstance`, both from PostHogError, because the
// runtime is loaded with `require` from another copy of this package inside the provider process,
// where `instanceof` fails (Pulumi SDK `errors.ts`). So a subclass is one declaration.
//
// Errors never carry request headers or options: the API key must not reach a message, a log line
// or a serialised error. The client additionally scrubs the key from every error it throws
// (`redactSecret`). The factory that builds them from responses, with the hints, is in
// error-factory.ts.
import { STATUS_CODES } from "node:http";

/**
 * The brand of an error class: `__posthog` plus its name without the `PostHog` prefix
 * (`__posthogError`, `__posthogApiError`, `__posthogNotFoundError`, …). Brands are what
 * `isInstance` checks, so they must stay the same across versions of this package.
 */
function brandOf(errorClass: { name: string }): string {
  return `__posthog${errorClass.name.replace(/^PostHog/, "")}`;
}

/** Marks `error` with the brand of its class and of each class it extends, non-enumerable (out of JSON and `util.inspect`). */
function brandAll(error: object, leaf: abstract new (...args: never[]) => unknown): void {
  for (let c: unknown = leaf; typeof c === "function" && c !== Error; c = Object.getPrototypeOf(c)) {
    Object.defineProperty(error, brandOf(c), { value: true, enumerable: false });
  }
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
      Object.defineProperty(this, "cause", {
        value: options.cause,
        enumerable: false,
        writable: true,
        configurable: true,
      });
    }
    brandAll(this, new.target);
  }

  /**
   * isInstance tells whether `value` is an instance of this class (`ValidationError.isInstance(e)`),
   * also across copies of this module.
   */
  static isInstance<T>(this: abstract new (...args: never[]) => T, value: unknown): value is T {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[brandOf(this)] === true;
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
 * ErrorReason names what an API error means, so callers test a name instead of PostHog's status,
 * codes or English (`error.reason === "scoped-key"`). It is derived from the response once, when the
 * error is made ({@link reasonOf}); the specific reasons come before the general one of their status.
 *
 * - `redirect`: a 3xx (the client never follows one).
 * - 400: `already-verified` (domain verify on a verified domain), `already-member` (an invite for
 *   someone who already belongs to the organization), `already-deleting` (a project already pending
 *   deletion), else `invalid`.
 * - 401: `unauthenticated`.
 * - 403: `missing-scope` (the key lacks a scope), `scoped-key` (an action PostHog refuses to every
 *   personal API key with scopes), `project-scoped-key` (a key limited to projects, on an
 *   organization endpoint), `organization-access` (the key may not access the organization),
 *   `personal-keys-disabled` (the organization forbids personal API keys), `insufficient-level` (the
 *   key's user needs a higher membership level), else `permission-denied`.
 * - `not-found` (404), `conflict` (409), `rate-limited` (429), `server-error` (5xx), else `other`.
 */
export type ErrorReason =
  | "redirect"
  | "already-verified"
  | "already-member"
  | "already-deleting"
  | "invalid"
  | "unauthenticated"
  | "missing-scope"
  | "scoped-key"
  | "project-scoped-key"
  | "organization-access"
  | "personal-keys-disabled"
  | "insufficient-level"
  | "permission-denied"
  | "not-found"
  | "conflict"
  | "rate-limited"
  | "server-error"
  | "other";

/** The scope a 403 says the key lacks (`API key missing required scope 'x'`), or undefined. */
export function missingScope(detail: string): string | undefined {
  return /API key missing required scope '([^']+)'/.exec(detail)?.[1];
}

/** How PostHog words each 403 that has its own reason, in the order they are tested. */
const FORBIDDEN: ReadonlyArray<[ErrorReason, RegExp]> = [
  ["scoped-key", /does not support Personal API Key access/i],
  ["project-scoped-key", /scoped projects are only supported on project-based endpoints/i],
  ["organization-access", /does not have access to the requested organization/i],
  ["personal-keys-disabled", /does not allow using personal API keys/i],
  ["insufficient-level", /access level is insufficient|admin level or higher|only edit others if you are an admin/i],
];

/** reasonOf classifies an API error response (see {@link ErrorReason}). */
export function reasonOf(fields: Pick<ApiErrorFields, "status" | "code" | "detail">): ErrorReason {
  const { status, code, detail } = fields;
  if (status >= 300 && status < 400) return "redirect";
  switch (status) {
    case 400:
      if (code === "already_verified") return "already-verified";
      if (/already belongs to the organization/.test(detail)) return "already-member";
      if (/already being deleted/.test(detail)) return "already-deleting";
      return "invalid";
    case 401:
      return "unauthenticated";
    case 403:
      if (missingScope(detail)) return "missing-scope";
      return FORBIDDEN.find(([, words]) => words.test(detail))?.[0] ?? "permission-denied";
    case 404:
      return "not-found";
    case 409:
      return "conflict";
    case 429:
      return "rate-limited";
  }
  return status >= 500 ? "server-error" : "other";
}

/**
 * PostHogApiError represents a response from PostHog with a non-success status code.
 *
 * The message has the form `<METHOD> <path>: <status> <type>/<code>: <detail>[ (field: <attr>)]`,
 * followed by a hint line when there is one.
 */
export class PostHogApiError extends PostHogError {
  /** What the error means, as a name to test (see {@link ErrorReason}). */
  readonly reason: ErrorReason;
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
    this.reason = reasonOf(fields);
    this.status = fields.status;
    this.method = fields.method;
    this.path = fields.path;
    if (fields.type !== undefined) this.type = fields.type;
    if (fields.code !== undefined) this.code = fields.code;
    this.detail = fields.detail;
    if (fields.attr !== undefined) this.attr = fields.attr;
    if (fields.requestId !== undefined) this.requestId = fields.requestId;
    if (fields.body !== undefined) this.body = fields.body;
  }
}

/** hasReason tells whether `value` is an API error with one of `reasons`, also across copies of this module. */
export function hasReason(value: unknown, ...reasons: ErrorReason[]): value is PostHogApiError {
  return PostHogApiError.isInstance(value) && reasons.includes(value.reason);
}

/** ValidationError represents a 400 response: PostHog rejected the request body or query. */
export class ValidationError extends PostHogApiError {}

/** AuthenticationError represents a 401 response: the API key is missing, wrong or revoked. */
export class AuthenticationError extends PostHogApiError {}

/** PermissionDeniedError represents a 403 response: a missing scope, level or organization access. */
export class PermissionDeniedError extends PostHogApiError {}

/** NotFoundError represents a 404 response: the object, or one of its parents in the path, does not exist. */
export class NotFoundError extends PostHogApiError {}

/** ConflictError represents a 409 response (PostHog reports most conflicts as 400 `unique` instead). */
export class ConflictError extends PostHogApiError {}

/** RateLimitError represents a 429 response that was still returned after the client's waits and retries. */
export class RateLimitError extends PostHogApiError {
  /** The last `Retry-After` PostHog sent, in seconds. */
  readonly retryAfterSeconds?: number;

  constructor(fields: ApiErrorFields, hint?: string, retryAfterSeconds?: number) {
    super(fields, hint);
    if (retryAfterSeconds !== undefined) this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** ServerError represents a response with status 500 or above. */
export class ServerError extends PostHogApiError {}

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
  }
}

/** TimeoutError represents a request that got no (complete) response within the client's timeout. */
export class TimeoutError extends ConnectionError {}

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
  }
}

/** `<METHOD> <path>: <status> <type>/<code>: <detail>[ (field: <attr>)]` (STYLE §5.1). */
function formatApiMessage(f: ApiErrorFields): string {
  const kind =
    f.type !== undefined || f.code !== undefined
      ? `${f.type ?? "error"}/${f.code ?? "error"}`
      : (STATUS_CODES[f.status] ?? "Error");
  const detail = f.detail === "" ? (STATUS_CODES[f.status] ?? "no details") : f.detail;
  const field = f.attr ? ` (field: ${f.attr})` : "";
  return `${f.method} ${f.path}: ${f.status} ${kind}: ${detail}${field}`;
}
