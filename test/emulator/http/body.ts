// Request body parsing with DRF's parser rules: JSON and form bodies are parsed, a missing
// Content-Type means "no data" ({}), anything else is 415, and malformed JSON is a 400 parse_error
// raised only when the view (or the body-key lookup of authentication) touches request.data.
import { ApiError, parseError, unsupportedMediaType } from "./errors";

/** ParsedBody represents request.data: a value, or the error accessing it raises. */
export type ParsedBody = { ok: true; value: unknown } | { ok: false; error: ApiError };

/** Python json's "Expecting value: line L column C (char N)" for a failure at `pos`. */
function pythonJsonMessage(text: string, pos: number, what: string): string {
  const before = text.slice(0, pos);
  const line = before.split("\n").length;
  const column = pos - (before.lastIndexOf("\n") + 1) + 1;
  return `JSON parse error - ${what}: line ${line} column ${column} (char ${pos})`;
}

/** Approximates Python's json error for a JSON.parse failure (message class + position). */
function jsonError(text: string, err: unknown): ApiError {
  const msg = err instanceof Error ? err.message : String(err);
  const m = /position (\d+)/.exec(msg);
  let pos = m ? Number(m[1]) : text.length;
  // UNCONFIRMED: only the common Python messages are reproduced; the prefix and code are exact.
  let what = "Expecting value";
  if (/property name/i.test(msg)) what = "Expecting property name enclosed in double quotes";
  else if (/Unterminated string/i.test(msg)) what = "Unterminated string starting at";
  else if (/after (array element|property value)/i.test(msg)) what = "Expecting ',' delimiter";
  else if (/Unexpected non-whitespace character after JSON/i.test(msg)) what = "Extra data";
  if (text.trim() === "") pos = text.length;
  return parseError(pythonJsonMessage(text, pos, what));
}

/** Parses a raw body according to its Content-Type. */
export function parseBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  if (raw.length === 0 || !contentType) return { ok: true, value: {} };
  const mediaType = contentType.split(";")[0].trim().toLowerCase();
  const text = raw.toString("utf8");
  if (mediaType === "application/json" || mediaType.endsWith("+json")) {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch (e) {
      return { ok: false, error: jsonError(text, e) };
    }
  }
  if (mediaType === "application/x-www-form-urlencoded") {
    const out: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(text)) out[k] = v;
    return { ok: true, value: out };
  }
  // UNCONFIRMED: multipart bodies (DRF accepts them) are not emulated; they get the 415 too.
  return { ok: false, error: unsupportedMediaType(contentType) };
}
