import type { z } from "zod";
import type { Failure } from "./spec";
import { containsUnknown, isUnknownAt } from "./unknowns";

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
