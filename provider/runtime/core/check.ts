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
 */
export function failuresFromIssues(issues: readonly z.core.$ZodIssue[], raw: unknown): Failure[] {
  const failures: Failure[] = [];
  for (const issue of issues) {
    // A misspelled key is wrong whatever the values are, so it is reported even at preview: its
    // issue sits at the enclosing object, which "contains" any other input that is still unknown.
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        failures.push({
          property: [...issue.path, key].join("."),
          reason: `"${key}" is not an input of this resource. Remove it or check its spelling.`,
        });
      }
      continue;
    }
    if (isUnknownAt(raw, issue.path)) continue;
    failures.push({ property: issue.path.join("."), reason: sentence(issue.message) });
  }
  return failures;
}

/** True when no input is unknown, so rules spanning several fields can run now. */
export function allKnown(inputs: Record<string, unknown>): boolean {
  return !containsUnknown(inputs);
}

// Messages start with the property's own name where they name it (`name must not be empty`), so
// they keep their case and only gain a full stop.
function sentence(message: string): string {
  const text = message.trim();
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
