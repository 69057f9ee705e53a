import { z } from "zod";
import type { Failure } from "./spec";
import { containsUnknown, isUnknownAt } from "./unknowns";

/** The outcome of {@link parseKnown}: the inputs as far as they are known, or what is wrong with them. */
export type Parsed = { ok: true; data: Record<string, unknown> } | { ok: false; failures: Failure[] };

/**
 * Parses the inputs with the spec's schema, input by input when some are still unknown (preview):
 * every known input is parsed (defaults filled, values normalized) and every unknown one is kept as
 * the engine's placeholder, so the spec's rules can run on whatever is known. Only a schema issue
 * about a known value fails.
 */
export function parseKnown(schema: z.ZodType, raw: Record<string, unknown>): Parsed {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data as Record<string, unknown> };
  const failures = failuresFromIssues(result.error.issues, raw);
  if (failures.length > 0) return { ok: false, failures };
  // Every issue is about an unknown value. The schemas are objects (z.strictObject); parse each
  // known input with its own field schema, so defaults and transforms still apply.
  if (!(schema instanceof z.ZodObject)) return { ok: true, data: raw };
  const shape = schema.shape as Record<string, z.ZodType>;
  const data: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(shape), ...Object.keys(raw)])) {
    const value = raw[key];
    if (containsUnknown(value) || !shape[key]) {
      if (value !== undefined) data[key] = value;
      continue;
    }
    const field = shape[key].safeParse(value);
    const parsed = field.success ? field.data : value;
    if (parsed !== undefined) data[key] = parsed;
  }
  return { ok: true, data };
}

/**
 * Turns zod issues into check failures: the property is the issue path as the user wrote it, the
 * reason a sentence. Issues about values that are still unknown at preview are skipped: they are
 * checked again at apply, when the values are known.
 *
 * Every schema field carries its own message; a rule that has none would surface zod's default
 * wording ("Invalid input: expected string, received boolean"), which names neither the property
 * nor the fix, so such messages are rewritten here in the project's words. A value the message
 * echoes is cut short, so a 20,000-character input cannot flood the preview.
 */
export function failuresFromIssues(issues: readonly z.core.$ZodIssue[], raw: unknown): Failure[] {
  const failures: Failure[] = [];
  for (const issue of issues) {
    // A misspelled key is wrong whatever the values are, so it is reported even at preview: its
    // issue sits at the enclosing object, which "contains" any other input that is still unknown.
    if (issue.code === "unrecognized_keys") {
      const parent = issue.path.join(".");
      for (const key of issue.keys) {
        failures.push({
          property: [...issue.path, shorten(key)].join("."),
          reason:
            parent === ""
              ? `${quote(key)} is not an input of this resource. Remove it or check its spelling.`
              : `${quote(key)} is not a field of ${parent}. Remove it or check its spelling.`,
        });
      }
      continue;
    }
    if (isUnknownAt(raw, issue.path)) continue;
    const property = issue.path.join(".");
    const message = isLibraryDefault(issue.message) ? ownWords(issue, property) : issue.message;
    failures.push({ property, reason: sentence(withoutEcho(message, valueAt(raw, issue.path))) });
  }
  return failures;
}

/** True when no input is unknown, so rules spanning several fields can run now. */
export function allKnown(inputs: Record<string, unknown>): boolean {
  return !containsUnknown(inputs);
}

/** Longest echoed value, in characters; longer ones keep their start and say how long they were. */
const ECHO_LIMIT = 60;
/** Longest reason; a longer one is cut (a safety net, specs' messages are far shorter). */
const REASON_LIMIT = 600;

/**
 * `value` as a message quotes it, cut to its first characters when long (whole code points, so
 * no emoji is split): `"Europe/Berl…" (20,004 characters)`. For specs' messages that echo an input.
 */
export function quote(value: unknown): string {
  const text = typeof value === "string" ? value : String(value);
  const chars = Array.from(text);
  if (chars.length <= ECHO_LIMIT) return JSON.stringify(text);
  return `${JSON.stringify(chars.slice(0, ECHO_LIMIT - 20).join("") + "…")} (${chars.length.toLocaleString("en-US")} characters)`;
}

function shorten(text: string): string {
  const chars = Array.from(text);
  return chars.length <= ECHO_LIMIT ? text : `${chars.slice(0, ECHO_LIMIT - 20).join("")}…`;
}

/** Replaces a long input that a message repeats verbatim by its short form. */
function withoutEcho(message: string, value: unknown): string {
  let text = message;
  if (typeof value === "string" && value.length > ECHO_LIMIT && text.includes(value)) {
    text = text.split(`"${value}"`).join(quote(value)).split(value).join(shorten(value));
  }
  if (text.length <= REASON_LIMIT) return text;
  return `${Array.from(text)
    .slice(0, REASON_LIMIT - 40)
    .join("")}… (message shortened)`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== "object" || !Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

// zod's English defaults (zod/v4/locales/en): every one starts with one of these phrases, and no
// message of this project does.
const LIBRARY_DEFAULT =
  /^(Invalid (input|option|string|number|discriminator|key|value|[A-Za-z0-9 ]+$)|Too (big|small):|Unrecognized keys?:)/;

function isLibraryDefault(message: string): boolean {
  return LIBRARY_DEFAULT.test(message.trim());
}

/** What a value of each zod type is called in a message. */
const KINDS: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  bigint: "a whole number",
  boolean: "true or false",
  object: "an object",
  array: "a list",
  record: "an object",
  map: "an object",
  set: "a list",
  date: "a date",
  null: "null",
  undefined: "left out",
  nan: "not a number",
};

const FORMATS: Record<string, string> = {
  email: "an email address",
  uuid: "a UUID",
  guid: "a UUID",
  url: "a URL",
  datetime: 'an ISO 8601 date-time, e.g. "2026-01-01T00:00:00Z"',
  date: 'an ISO 8601 date, e.g. "2026-01-01"',
  regex: "a pattern of the expected form",
};

/** A message in the project's words for an issue whose schema gave none. */
function ownWords(issue: z.core.$ZodIssue, property: string): string {
  const name = property === "" ? "the inputs" : property;
  switch (issue.code) {
    case "invalid_type": {
      const expected = KINDS[issue.expected] ?? `of type ${issue.expected}`;
      const received = /received (\w+)/.exec(issue.message)?.[1];
      if (received === "undefined") return `${name} is required: set it to ${expected}`;
      const got = received ? (KINDS[received] ?? received).replace(/^left out$/, "nothing") : undefined;
      return `${name} must be ${expected}${got ? `, not ${got}` : ""}`;
    }
    case "invalid_value":
      return `${name} must be ${issue.values.length === 1 ? "" : "one of "}${issue.values
        .slice(0, 10)
        .map((v) => quote(String(v)))
        .join(", ")}`;
    case "too_big":
      return `${name} must be at most ${String(issue.maximum)}${sizeUnit(issue.origin)}`;
    case "too_small":
      return `${name} must be at least ${String(issue.minimum)}${sizeUnit(issue.origin)}`;
    case "invalid_format":
      return `${name} must be ${FORMATS[issue.format] ?? `in ${issue.format} format`}`;
    case "not_multiple_of":
      return `${name} must be a multiple of ${String(issue.divisor)}`;
    case "invalid_union":
      return `${name} matches none of the forms this input accepts; see the resource's documentation`;
    case "invalid_key":
    case "invalid_element":
      return `${name} holds an entry that is not valid; see the resource's documentation`;
    default:
      return `${name} is not valid; see the resource's documentation`;
  }
}

function sizeUnit(origin: string): string {
  if (origin === "string") return " characters long";
  if (origin === "array" || origin === "set") return " items long";
  return "";
}

// Messages start with the property's own name where they name it (`name must not be empty`), so
// they keep their case and only gain a full stop.
function sentence(message: string): string {
  const text = message.trim();
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
