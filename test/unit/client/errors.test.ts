import {
  AuthenticationError,
  ConflictError,
  ConnectionError,
  NotFoundError,
  PermissionDeniedError,
  PostHogApiError,
  PostHogError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
  hasReason,
  type ErrorReason,
} from "../../../provider/client/errors";
import { generate, isOutcomeUnknown, parseRetryAfter, redactSecret } from "../../../provider/client/error-factory";
import { ORG } from "./helpers";

const env = (type: string, code: string, detail: string, attr: string | null = null) => ({ type, code, detail, attr });
const PROJECT_PATH = `/api/organizations/${ORG}/projects/123/`;

interface Row {
  name: string;
  status: number;
  body: unknown;
  path?: string;
  method?: string;
  headers?: Record<string, string>;
  context?: Parameters<typeof generate>[5];
  cls: { isInstance(v: unknown): boolean };
  message: string;
  hint?: string | RegExp;
}

const rows: Row[] = [
  {
    name: "400 validation error names the field",
    status: 400,
    body: env("validation_error", "unique", "There is already a role with this name.", "name"),
    cls: ValidationError,
    message: `POST /api/organizations/${ORG}/roles/: 400 validation_error/unique: There is already a role with this name. (field: name)`,
  },
  {
    name: "401 says to check the key and the host region",
    status: 401,
    body: env(
      "authentication_error",
      "authentication_failed",
      "Personal API key found in request Authorization header is invalid.",
    ),
    context: { host: "https://eu.posthog.com" },
    cls: AuthenticationError,
    message: `POST /api/organizations/${ORG}/roles/: 401 authentication_error/authentication_failed: Personal API key found in request Authorization header is invalid.`,
    hint: /^Check the personal API key \(posthog:apiKey or POSTHOG_PERSONAL_API_KEY\) and that posthog:host \(https:\/\/eu\.posthog\.com\) points at the PostHog region or instance/,
  },
  {
    name: "403 missing scope names the scope to add",
    status: 403,
    body: env("authentication_error", "permission_denied", "API key missing required scope 'organization:write'"),
    cls: PermissionDeniedError,
    message: `POST /api/organizations/${ORG}/roles/: 403 authentication_error/permission_denied: API key missing required scope 'organization:write'`,
    hint: "Add the scope 'organization:write' to the personal API key in PostHog (Settings → Personal API keys).",
  },
  {
    name: "403 action without Personal API Key access asks for an unscoped key",
    status: 403,
    path: `/api/organizations/${ORG}/domains/d1/verify/`,
    body: env("authentication_error", "permission_denied", "This action does not support Personal API Key access"),
    cls: PermissionDeniedError,
    message: `POST /api/organizations/${ORG}/domains/d1/verify/: 403 authentication_error/permission_denied: This action does not support Personal API Key access`,
    hint: "PostHog refuses this action to personal API keys that have scopes, even the '*' scope. Use a personal API key without scopes (a legacy, unscoped key) for it.",
  },
  {
    name: "403 project-scoped key on an organization endpoint",
    status: 403,
    body: env(
      "authentication_error",
      "permission_denied",
      "API keys with scoped projects are only supported on project-based endpoints.",
    ),
    cls: PermissionDeniedError,
    message: `POST /api/organizations/${ORG}/roles/: 403 authentication_error/permission_denied: API keys with scoped projects are only supported on project-based endpoints.`,
    hint: /limited to specific projects/,
  },
  {
    name: "403 key without access to the organization",
    status: 403,
    body: env(
      "authentication_error",
      "permission_denied",
      `API key does not have access to the requested organization: ID ${ORG}.`,
    ),
    cls: PermissionDeniedError,
    message: `POST /api/organizations/${ORG}/roles/: 403 authentication_error/permission_denied: API key does not have access to the requested organization: ID ${ORG}.`,
    hint: `Allow the organization ${ORG} in the personal API key's organization access (Settings → Personal API keys), or use a key that has it.`,
  },
  {
    name: "403 insufficient level",
    status: 403,
    body: env("authentication_error", "permission_denied", "Your organization access level is insufficient."),
    cls: PermissionDeniedError,
    message: `POST /api/organizations/${ORG}/roles/: 403 authentication_error/permission_denied: Your organization access level is insufficient.`,
    hint: /needs a higher membership level/,
  },
  {
    name: "404 on a nested route names the organization id",
    status: 404,
    method: "GET",
    body: env("invalid_request", "not_found", "Organization not found."),
    cls: NotFoundError,
    message: `GET /api/organizations/${ORG}/roles/: 404 invalid_request/not_found: Organization not found.`,
    hint: `The organization ${ORG} was not found or the key's user is not a member. Check posthog:organizationId (or the resource's organizationId) and which user the key belongs to.`,
  },
  {
    name: "404 on the organization itself names the organization id",
    status: 404,
    method: "GET",
    path: `/api/organizations/${ORG}/`,
    body: env("invalid_request", "not_found", "Not found."),
    cls: NotFoundError,
    message: `GET /api/organizations/${ORG}/: 404 invalid_request/not_found: Not found.`,
    hint: /^The organization 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b was not found or the key's user is not a member/,
  },
  {
    name: "404 naming the project names the project id",
    status: 404,
    method: "GET",
    path: "/api/projects/123/batch_exports/",
    body: env("invalid_request", "not_found", "Project not found."),
    cls: NotFoundError,
    message: "GET /api/projects/123/batch_exports/: 404 invalid_request/not_found: Project not found.",
    hint: /^The project 123 was not found/,
  },
  {
    name: "404 of the object itself has no parent hint",
    status: 404,
    method: "GET",
    path: PROJECT_PATH,
    body: env("invalid_request", "not_found", "Not found."),
    cls: NotFoundError,
    message: `GET ${PROJECT_PATH}: 404 invalid_request/not_found: Not found.`,
  },
  {
    name: "405 falls back to the base API error",
    status: 405,
    method: "GET",
    path: `/api/organizations/${ORG}/members/u1/`,
    body: env("invalid_request", "method_not_allowed", 'Method "GET" not allowed.'),
    cls: PostHogApiError,
    message: `GET /api/organizations/${ORG}/members/u1/: 405 invalid_request/method_not_allowed: Method "GET" not allowed.`,
  },
  {
    name: "409 is a ConflictError",
    status: 409,
    body: { detail: "conflict" },
    cls: ConflictError,
    message: `POST /api/organizations/${ORG}/roles/: 409 Conflict: conflict`,
  },
  {
    name: "429 after retries mentions the pacing settings",
    status: 429,
    body: env("throttled_error", "throttled", "Request was throttled. Expected available in 2 seconds."),
    headers: { "retry-after": "2" },
    context: { retries: 20, waitedMs: 61_000 },
    cls: RateLimitError,
    message: `POST /api/organizations/${ORG}/roles/: 429 throttled_error/throttled: Request was throttled. Expected available in 2 seconds.`,
    hint: "PostHog still rate-limited this API key after 20 retries and 61 s of waiting. Lower the pacing settings posthog:requestsPerMinute (default 480) and posthog:requestsPerHour (default 4800), or run fewer programs with the same key at the same time.",
  },
  {
    name: "429 with a Retry-After beyond the maximum says so",
    status: 429,
    body: env("throttled_error", "throttled", "Request was throttled."),
    headers: { "Retry-After": "7200" },
    context: { maxRetryAfterSeconds: 3600 },
    cls: RateLimitError,
    message: `POST /api/organizations/${ORG}/roles/: 429 throttled_error/throttled: Request was throttled.`,
    hint: /^PostHog asked to wait 7200 s, longer than the client's maximum of 3600 s\. Raise posthog:maxRetryAfterSeconds/,
  },
  {
    name: "5xx on a POST that was not repeated says the outcome is unknown",
    status: 500,
    body: env("server_error", "error", "A server error occurred."),
    context: { outcomeUnknown: true },
    cls: ServerError,
    message: `POST /api/organizations/${ORG}/roles/: 500 server_error/error: A server error occurred.`,
    hint: /may or may not have been applied, so it was not repeated/,
  },
  {
    name: "5xx HTML page is named as an HTML page, with its title",
    status: 502,
    method: "GET",
    body: "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
    cls: ServerError,
    message: `GET /api/organizations/${ORG}/roles/: 502 Bad Gateway: PostHog answered with an HTML page ("502 Bad Gateway") instead of JSON`,
  },
  {
    name: "raw {detail} body (proxy record quota)",
    status: 400,
    path: `/api/organizations/${ORG}/proxy_records/`,
    body: { detail: "Maximum of 2 proxy records per organization." },
    cls: ValidationError,
    message: `POST /api/organizations/${ORG}/proxy_records/: 400 Bad Request: Maximum of 2 proxy records per organization.`,
  },
  {
    name: "raw {error} body (complete_product_onboarding)",
    status: 400,
    method: "PATCH",
    path: `${PROJECT_PATH}complete_product_onboarding/`,
    body: { error: "product_type is required" },
    cls: ValidationError,
    message: `PATCH ${PROJECT_PATH}complete_product_onboarding/: 400 Bad Request: product_type is required`,
  },
  {
    name: "plain text body",
    status: 400,
    body: "Bad things happened",
    cls: ValidationError,
    message: `POST /api/organizations/${ORG}/roles/: 400 Bad Request: Bad things happened`,
  },
  {
    name: "JSON sent as text is still parsed",
    status: 400,
    body: JSON.stringify(env("validation_error", "required", "This field is required.", "name")),
    cls: ValidationError,
    message: `POST /api/organizations/${ORG}/roles/: 400 validation_error/required: This field is required. (field: name)`,
  },
  {
    name: "empty body uses the status text",
    status: 503,
    body: undefined,
    cls: ServerError,
    message: `POST /api/organizations/${ORG}/roles/: 503 Service Unavailable: Service Unavailable`,
  },
  {
    name: "bulk invite list of item errors",
    status: 400,
    path: `/api/organizations/${ORG}/invites/bulk/`,
    body: [{}, { target_email: ["Enter a valid email address."] }],
    cls: ValidationError,
    message: `POST /api/organizations/${ORG}/invites/bulk/: 400 Bad Request: target_email: Enter a valid email address.`,
  },
  {
    name: "query strings stay out of the message",
    status: 400,
    method: "GET",
    path: `/api/organizations/${ORG}/members/?search=${"x".repeat(10)}`,
    body: env("validation_error", "max_length", "Ensure this field has no more than 200 characters.", "search"),
    cls: ValidationError,
    message: `GET /api/organizations/${ORG}/members/: 400 validation_error/max_length: Ensure this field has no more than 200 characters. (field: search)`,
  },
];

describe("generate", () => {
  it.each(rows.map((r) => [r.name, r] as const))("%s", (_name, row) => {
    const error = generate(
      row.status,
      row.body,
      row.headers,
      row.method ?? "POST",
      row.path ?? `/api/organizations/${ORG}/roles/`,
      row.context,
    );
    expect(row.cls.isInstance(error)).toBe(true);
    expect(PostHogError.isInstance(error)).toBe(true);
    expect(PostHogApiError.isInstance(error)).toBe(true);
    expect(error.status).toBe(row.status);
    const [first, ...rest] = error.message.split("\n");
    expect(first).toBe(row.message);
    if (row.hint === undefined) {
      expect(error.hint).toBeUndefined();
      expect(rest).toEqual([]);
    } else {
      if (typeof row.hint === "string") expect(error.hint).toBe(row.hint);
      else expect(error.hint).toMatch(row.hint);
      expect(rest.join("\n")).toBe(error.hint);
    }
  });

  it("keeps the envelope fields and the body on the error", () => {
    const error = generate(
      400,
      env("validation_error", "unique", "dup", "name"),
      { "x-request-id": "req-1" },
      "post",
      "/api/x/",
    );
    expect(error).toMatchObject({
      status: 400,
      method: "POST",
      path: "/api/x/",
      type: "validation_error",
      code: "unique",
      detail: "dup",
      attr: "name",
      requestId: "req-1",
    });
    expect(error.name).toBe("ValidationError");
  });

  it("brands are exclusive between status classes and invisible in JSON", () => {
    const notFound = generate(404, {}, {}, "GET", "/api/x/");
    expect(NotFoundError.isInstance(notFound)).toBe(true);
    expect(ValidationError.isInstance(notFound)).toBe(false);
    expect(ServerError.isInstance(notFound)).toBe(false);
    expect(JSON.stringify(notFound)).not.toContain("__posthog");
    // Another copy of the module (runtime loaded by `require` elsewhere) recognises it by brand.
    const lookalike = Object.assign(new Error("x"), { __posthogNotFoundError: true });
    expect(NotFoundError.isInstance(lookalike)).toBe(true);
    expect(NotFoundError.isInstance(undefined)).toBe(false);
  });
});

describe("reason", () => {
  const forbidden = (detail: string) => env("authentication_error", "permission_denied", detail);
  const cases: Array<[ErrorReason, number, unknown, Record<string, string>?]> = [
    ["redirect", 301, "", { location: "https://eu.posthog.com/api/x/" }],
    ["already-verified", 400, env("validation_error", "already_verified", "This domain has already been verified.")],
    [
      "already-member",
      400,
      env("validation_error", "invalid_input", "A user with this email address already belongs to the organization."),
    ],
    ["already-deleting", 400, env("validation_error", "invalid_input", "This project is already being deleted.")],
    ["invalid", 400, env("validation_error", "unique", "There is already a role with this name.", "name")],
    ["unauthenticated", 401, env("authentication_error", "authentication_failed", "Invalid token.")],
    ["missing-scope", 403, forbidden("API key missing required scope 'organization:write'")],
    ["scoped-key", 403, forbidden("This action does not support Personal API Key access")],
    [
      "project-scoped-key",
      403,
      forbidden("API keys with scoped projects are only supported on project-based endpoints."),
    ],
    ["organization-access", 403, forbidden("API key does not have access to the requested organization")],
    ["personal-keys-disabled", 403, forbidden("This organization does not allow using personal API keys.")],
    ["insufficient-level", 403, forbidden("Your organization access level is insufficient.")],
    ["permission-denied", 403, forbidden("Automatic provisioning is not enabled for this organization.")],
    ["not-found", 404, { detail: "Not found." }],
    ["conflict", 409, { detail: "Conflict." }],
    ["rate-limited", 429, { detail: "Request was throttled." }],
    ["server-error", 503, "upstream unavailable"],
    ["other", 418, ""],
  ];

  // A row with headers left out would make jest read a fourth parameter as a `done` callback.
  it.each(cases)("names %s (status %i) once, where the error is made", (...[reason, status, body, headers]) => {
    const error = generate(status, body, headers, "POST", `/api/organizations/${ORG}/x/`);
    expect(error.reason).toBe(reason);
    expect(hasReason(error, reason)).toBe(true);
    expect(hasReason(error, ...cases.map(([r]) => r).filter((r) => r !== reason))).toBe(false);
  });

  it("is also set on errors built directly, and absent from non-API errors", () => {
    const error = new PermissionDeniedError({
      status: 403,
      method: "POST",
      path: "/api/x/",
      detail: "This action does not support Personal API Key access",
    });
    expect(error.reason).toBe("scoped-key");
    expect(hasReason(new Error("This project is already being deleted."), "already-deleting")).toBe(false);
    expect(hasReason(undefined, "not-found")).toBe(false);
  });
});

describe("connection errors", () => {
  it("TimeoutError is a ConnectionError and the outcome of a sent request is unknown", () => {
    const timeout = new TimeoutError("t", { method: "POST", path: "/api/x/", sent: true });
    expect(ConnectionError.isInstance(timeout)).toBe(true);
    expect(isOutcomeUnknown(timeout)).toBe(true);
    expect(isOutcomeUnknown(new ConnectionError("refused", { method: "POST", path: "/api/x/", sent: false }))).toBe(
      false,
    );
    expect(isOutcomeUnknown(generate(502, "", {}, "POST", "/api/x/"))).toBe(true);
    expect(isOutcomeUnknown(generate(501, "", {}, "POST", "/api/x/"))).toBe(false);
    expect(isOutcomeUnknown(generate(400, "", {}, "POST", "/api/x/"))).toBe(false);
  });
});

describe("parseRetryAfter", () => {
  it.each([
    ["seconds", "30", 30_000],
    ["zero", "0", 0],
    ["HTTP date", new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString(), 10_000],
    ["garbage", "soon", undefined],
    ["absent", undefined, undefined],
  ])("%s", (_n, value, expected) => {
    expect(parseRetryAfter(value, Date.UTC(2030, 0, 1, 0, 0, 0))).toBe(expected);
  });
});

describe("redactSecret", () => {
  it("scrubs the key from message, stack, hint, body and cause", () => {
    const secret = "phx_redact_me_123456";
    const error = generate(500, { detail: `echo ${secret}`, nested: { again: secret } }, {}, "GET", "/api/x/");
    Object.defineProperty(error, "cause", {
      value: { message: `cause ${secret}` },
      enumerable: false,
      configurable: true,
      writable: true,
    });
    redactSecret(error, secret);
    const text = [
      error.message,
      error.stack,
      JSON.stringify(error),
      JSON.stringify((error as { cause?: unknown }).cause),
    ].join(" ");
    expect(text).not.toContain(secret);
    expect(error.detail).toBe("echo [redacted]");
  });
});
