// PostHog's error envelope (docs/posthog-api/FACTS.md §2.4). exceptions_hog turns every DRF exception into
// {type, code, detail, attr} and reports only the first error, so the emulator throws one
// ApiError per failure and the server serializes it once.

/** The JSON envelope PostHog's exception handler produces. */
export interface ErrorEnvelope {
  type: string;
  code: string;
  detail: string;
  attr: string | null;
}

/** ApiError represents an HTTP error response: a status, a body (envelope or raw) and headers. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(
      typeof body === "object" && body && "detail" in body
        ? String((body as { detail: unknown }).detail)
        : `HTTP ${status}`,
    );
  }
}

/** Builds the standard envelope. */
export function envelope(type: string, code: string, detail: string, attr: string | null = null): ErrorEnvelope {
  return { type, code, detail, attr };
}

/** 400 validation error; `invalid` is rewritten to `invalid_input` exactly as exceptions_hog does. */
export function validationError(detail: string, attr: string | null = null, code = "invalid_input"): ApiError {
  return new ApiError(400, envelope("validation_error", code === "invalid" ? "invalid_input" : code, detail, attr));
}

/** 404 with DRF's default or a custom detail. */
export function notFound(detail = "Not found."): ApiError {
  return new ApiError(404, envelope("invalid_request", "not_found", detail));
}

/** 403; permission failures are typed `authentication_error` by exceptions_hog. */
export function permissionDenied(detail = "You do not have permission to perform this action."): ApiError {
  return new ApiError(403, envelope("authentication_error", "permission_denied", detail));
}

/** 401 for a request without credentials; DRF adds `WWW-Authenticate` from the first authenticator. */
export function notAuthenticated(): ApiError {
  return new ApiError(
    401,
    envelope("authentication_error", "not_authenticated", "Authentication credentials were not provided."),
    {
      "WWW-Authenticate": "Bearer",
    },
  );
}

/** 401 for a credential that was found but is not valid. */
export function authenticationFailed(detail: string): ApiError {
  return new ApiError(401, envelope("authentication_error", "authentication_failed", detail), {
    "WWW-Authenticate": "Bearer",
  });
}

/** 405 with DRF's message. */
export function methodNotAllowed(method: string): ApiError {
  return new ApiError(405, envelope("invalid_request", "method_not_allowed", `Method "${method}" not allowed.`));
}

/** 400 for a body the JSON parser rejects. */
export function parseError(detail: string): ApiError {
  return new ApiError(400, envelope("invalid_request", "parse_error", detail));
}

/** 415 for a Content-Type no DRF parser accepts. */
export function unsupportedMediaType(mediaType: string): ApiError {
  return new ApiError(
    415,
    envelope("invalid_request", "unsupported_media_type", `Unsupported media type "${mediaType}" in request.`),
  );
}

/** 429 in DRF's wording, with `Retry-After` added by exceptions_hog. */
export function throttled(waitSeconds: number): ApiError {
  const unit = waitSeconds === 1 ? "second" : "seconds";
  return new ApiError(
    429,
    envelope("throttled_error", "throttled", `Request was throttled. Expected available in ${waitSeconds} ${unit}.`),
    { "Retry-After": String(waitSeconds) },
  );
}

/** 500 as exceptions_hog renders an unhandled (non-API) exception. */
export function serverError(status = 500): ApiError {
  return new ApiError(status, envelope("server_error", "error", "A server error occurred.", null));
}

/** A non-envelope body some PostHog views return directly (docs/posthog-api/FACTS.md §2.4 "Non-standard bodies"). */
export function rawError(status: number, body: Record<string, unknown>): ApiError {
  return new ApiError(status, body);
}
