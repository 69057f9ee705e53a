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

/** Python's `repr()` of a str: single quotes unless the text holds `'` and no `"`; escapes as Python does. */
export function pythonRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\" || ch === quote) out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch !== " " && /[\p{C}\p{Z}]/u.test(ch)) {
      // Not printable for Python (other, separator): \xNN, \uNNNN or \UNNNNNNNN.
      const hex = c.toString(16);
      out +=
        c < 0x100
          ? "\\x" + hex.padStart(2, "0")
          : c < 0x10000
            ? "\\u" + hex.padStart(4, "0")
            : "\\U" + hex.padStart(8, "0");
    } else out += ch;
  }
  return quote + out + quote;
}

/**
 * 400 for a `many=True` serializer (invites `bulk`): DRF raises one ValidationError holding a list
 * with an entry per item (`{}` for a valid one). exceptions_hog reads a list of codes as a single
 * error and renders the list's *first* entry with `str()`: `code` is the Python text of that item's
 * codes, `detail` of its ErrorDetails, `attr` null. So a valid first item gives `{}` for both.
 * Each failing item is given as the envelope its single-object validation produced.
 */
export function listValidationError(items: (ErrorEnvelope | null)[]): ApiError {
  const first = items[0] ?? null;
  let code = "{}";
  let detail = "{}";
  if (first) {
    // The envelope's `invalid_input` is exceptions_hog's rewrite; the list keeps DRF's own code.
    const drfCode = first.code === "invalid_input" ? "invalid" : first.code;
    const errorDetail = `[ErrorDetail(string=${pythonRepr(first.detail)}, code=${pythonRepr(drfCode)})]`;
    if (first.attr === null && drfCode === "null") {
      // A null item fails the child serializer's own null check: a bare list, not a field dict.
      code = `[${pythonRepr(drfCode)}]`;
      detail = errorDetail;
    } else {
      const key = pythonRepr(first.attr ?? "non_field_errors");
      code = `{${key}: [${pythonRepr(drfCode)}]}`;
      detail = `{${key}: ${errorDetail}}`;
    }
  }
  return new ApiError(400, envelope("validation_error", code, detail, null));
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
