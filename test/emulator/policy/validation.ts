// A small model of DRF serializer fields: the same coercions, the same messages, the same
// "first error in field order" reporting. Strictness here is the point: a provider that passes
// against these rules will not trip over PostHog's serializers.
import { validationError } from "../http/errors";

interface Common {
  /** Required on create (and on PUT); PATCH is partial. */
  required?: boolean;
  nullable?: boolean;
  /** Read-only fields are ignored on write, as DRF does. */
  readOnly?: boolean;
}

/** FieldSpec describes one serializer field. */
export type FieldSpec = Common &
  (
    | { type: "string"; max?: number; min?: number; blank?: boolean; trim?: boolean }
    | { type: "boolean" }
    | { type: "integer"; min?: number; max?: number }
    | { type: "choice"; choices: readonly (string | number)[]; blank?: boolean }
    | { type: "email"; max?: number }
    | { type: "uuid" }
    | { type: "datetime" }
    | { type: "json" }
    | { type: "list"; of?: FieldSpec }
    | { type: "dict" }
  );

/** Fields maps wire names to specs; declaration order is the order errors are reported in. */
export type Fields = Record<string, FieldSpec>;

const TRUE_VALUES = new Set<unknown>([
  "t",
  "T",
  "y",
  "Y",
  "yes",
  "Yes",
  "YES",
  "true",
  "True",
  "TRUE",
  "on",
  "On",
  "ON",
  "1",
  1,
  true,
]);
const FALSE_VALUES = new Set<unknown>([
  "f",
  "F",
  "n",
  "N",
  "no",
  "No",
  "NO",
  "false",
  "False",
  "FALSE",
  "off",
  "Off",
  "OFF",
  "0",
  0,
  false,
]);
const UUID_RE = /^(?:urn:uuid:)?\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;
// Django's EmailValidator, reduced to its unquoted user part and hostname rules.
const EMAIL_USER_RE = /^[-!#$%&'*+/=?^_`{}|~0-9A-Z]+(\.[-!#$%&'*+/=?^_`{}|~0-9A-Z]+)*$/i;
const EMAIL_DOMAIN_RE = /^((?:[A-Z0-9](?:[A-Z0-9-]{0,61}[A-Z0-9])?\.)+)(?:[A-Z0-9-]{2,63})$/i;
// django.utils.dateparse.datetime_re: a time part is mandatory.
const DATETIME_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,6})\d*)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** The Python type name DRF puts into "Expected a dictionary, but got X" style messages. */
export function pythonType(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (Array.isArray(value)) return "list";
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  return "dict";
}

/** Python's str() of a JSON value, as DRF interpolates `{input}` into messages. */
export function pythonStr(value: unknown): string {
  if (value === true) return "True";
  if (value === false) return "False";
  if (value === null) return "None";
  if (typeof value === "object") return JSON.stringify(value).replace(/"/g, "'");
  return String(value);
}

/** True when the value is a syntactically valid email address by Django's rules. */
export function isValidEmail(value: string): boolean {
  const at = value.lastIndexOf("@");
  if (at <= 0 || at === value.length - 1 || value.length > 320) return false;
  const user = value.slice(0, at);
  const domain = value.slice(at + 1);
  return EMAIL_USER_RE.test(user) && (domain === "localhost" || EMAIL_DOMAIN_RE.test(domain));
}

/** Normalizes a UUID in any form Python's uuid.UUID accepts, or returns null. */
export function parseUuid(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const m = UUID_RE.exec(value.trim());
  return m ? m.slice(1, 6).join("-").toLowerCase() : null;
}

/** Parses an ISO 8601 datetime the way DRF's DateTimeField does (naive = UTC); null if invalid. */
export function parseDateTime(value: string): Date | null {
  const m = DATETIME_RE.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, tz] = m;
  const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, s ? +s : 0, frac ? Math.floor(+frac.padEnd(6, "0") / 1000) : 0);
  const check = new Date(ms);
  if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || +h > 23 || +mi > 59 || (s && +s > 59))
    return null;
  let offsetMin = 0;
  if (tz && tz.toUpperCase() !== "Z") {
    const sign = tz[0] === "-" ? -1 : 1;
    const digits = tz.slice(1).replace(":", "");
    offsetMin = sign * (+digits.slice(0, 2) * 60 + (digits.length > 2 ? +digits.slice(2, 4) : 0));
  }
  return new Date(ms - offsetMin * 60000);
}

const DATETIME_FORMAT_HINT = "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]";

/** Converts one value with one field spec, throwing the DRF error for `attr`. */
export function convertField(spec: FieldSpec, value: unknown, attr: string): unknown {
  const fail = (detail: string, code = "invalid"): never => {
    throw validationError(detail, attr, code);
  };
  if (value === null) {
    if (spec.nullable) return null;
    // DRF's CharField/ChoiceField with allow_blank treat None as "" only with allow_null; never here.
    return fail("This field may not be null.", "null");
  }
  switch (spec.type) {
    case "string": {
      if (typeof value === "boolean" || !["string", "number"].includes(typeof value))
        return fail("Not a valid string.");
      let s = String(value);
      if (spec.trim !== false) s = s.trim();
      if (s === "") return spec.blank ? "" : fail("This field may not be blank.", "blank");
      if (spec.max !== undefined && s.length > spec.max)
        fail(`Ensure this field has no more than ${spec.max} characters.`, "max_length");
      if (spec.min !== undefined && s.length < spec.min)
        fail(`Ensure this field has at least ${spec.min} characters.`, "min_length");
      return s;
    }
    case "boolean":
      if (TRUE_VALUES.has(value)) return true;
      if (FALSE_VALUES.has(value)) return false;
      return fail("Must be a valid boolean.");
    case "integer": {
      if (typeof value === "string" && value.length > 1000) fail("String value too large.", "max_string_length");
      if (typeof value === "boolean" || !["string", "number"].includes(typeof value))
        return fail("A valid integer is required.");
      // DRF strips a trailing ".0…" before int(), so 3.0 and "3.0" are accepted, 3.5 is not.
      const text = String(value).trim().replace(/\.0*$/, "");
      if (!/^[+-]?\d+$/.test(text)) return fail("A valid integer is required.");
      const n = Number(text);
      if (spec.min !== undefined && n < spec.min)
        fail(`Ensure this value is greater than or equal to ${spec.min}.`, "min_value");
      if (spec.max !== undefined && n > spec.max)
        fail(`Ensure this value is less than or equal to ${spec.max}.`, "max_value");
      return n;
    }
    case "choice": {
      if (value === "" && spec.blank) return "";
      // DRF looks choices up by str(value), so "8" selects the integer choice 8.
      const hit = typeof value === "object" ? undefined : spec.choices.find((c) => String(c) === pythonStr(value));
      if (hit === undefined) fail(`"${pythonStr(value)}" is not a valid choice.`, "invalid_choice");
      return hit;
    }
    case "email": {
      if (typeof value !== "string" && typeof value !== "number") return fail("Not a valid string.");
      const s = String(value).trim();
      if (s === "") return fail("This field may not be blank.", "blank");
      if (spec.max !== undefined && s.length > spec.max)
        fail(`Ensure this field has no more than ${spec.max} characters.`, "max_length");
      if (!isValidEmail(s)) fail("Enter a valid email address.");
      return s;
    }
    case "uuid": {
      const u = parseUuid(value);
      return u ?? fail("Must be a valid UUID.");
    }
    case "datetime": {
      const d = typeof value === "string" ? parseDateTime(value) : null;
      if (!d) return fail(`Datetime has wrong format. Use one of these formats instead: ${DATETIME_FORMAT_HINT}.`);
      return d.toISOString();
    }
    case "json":
      return value;
    case "list": {
      if (!Array.isArray(value))
        return fail(`Expected a list of items but got type "${pythonType(value)}".`, "not_a_list");
      const of = spec.of;
      return of ? value.map((v, i) => convertField(of, v, `${attr}__${i}`)) : value;
    }
    case "dict":
      if (typeof value !== "object" || Array.isArray(value))
        return fail(`Expected a dictionary of items but got type "${pythonType(value)}".`, "not_a_dict");
      return value;
  }
}

/** Options for {@link validateBody}. */
export interface ValidateOptions {
  /** PATCH semantics: missing required fields are not errors. */
  partial?: boolean;
}

/**
 * Validates a request body against serializer fields the way DRF's `to_internal_value` does:
 * unknown and read-only keys are ignored, fields are checked in order, the first error wins.
 * Returns only the keys that were present (plus nothing for absent optional fields).
 */
export function validateBody(body: unknown, fields: Fields, options: ValidateOptions = {}): Record<string, unknown> {
  // A JSON `null` body fails the root serializer's own null check, reported as a non-field error.
  if (body === null) throw validationError("This field may not be null.", null, "null");
  if (typeof body !== "object" || Array.isArray(body)) {
    throw validationError(`Invalid data. Expected a dictionary, but got ${pythonType(body)}.`, null, "invalid");
  }
  const input = body as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(fields)) {
    if (spec.readOnly) continue;
    if (!(name in input) || input[name] === undefined) {
      if (spec.required && !options.partial) throw validationError("This field is required.", name, "required");
      continue;
    }
    out[name] = convertField(spec, input[name], name);
  }
  return out;
}
