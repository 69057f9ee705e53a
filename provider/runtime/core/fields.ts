import { z } from "zod";
import { quote } from "./check";
import type { Context } from "./context";

// Field schemas and defaults shared by every spec, so a rule and its wording exist once.

/** `organizationId`: optional in the program, filled from `posthog:organizationId` by `defaults`. */
export const organizationId = z
  .uuid({
    error:
      "organizationId must be the UUID of a PostHog organization (Organization settings → General → Organization ID)",
  })
  .optional();

/** An optional boolean input named `name`. */
export const flag = (name: string) => z.boolean({ error: `${name} must be true or false` }).optional();

/** Whether `tz` is an IANA time zone name this runtime knows (as PostHog's pytz does). */
export function isTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** `timezone`: an IANA time zone name, e.g. "Europe/Berlin". */
export const timezone = z
  .string({ error: 'timezone must be a string: an IANA time zone name like "Europe/Berlin" or "UTC"' })
  .refine(isTimezone, {
    error: (i) => `timezone ${quote(i.input)} is not an IANA time zone; use a name like "Europe/Berlin" or "UTC"`,
  })
  .optional();

/** An invitee's email as PostHog's invite serializer accepts it. */
export const inviteEmail = z
  .email({ error: "email must be an email address" })
  .max(254, "email is longer than PostHog's limit of 254 characters");

/** The first name sent with an invite (PostHog's limit: 30 characters). */
export const inviteFirstName = z
  .string({ error: "firstName must be a string" })
  .max(30, "firstName is longer than PostHog's limit of 30 characters: shorten it")
  .optional();

/** `adopt`: take over an existing object with the same natural key instead of failing or duplicating. */
export const adopt = z.boolean({ error: "adopt must be true or false" }).optional();

/**
 * Fills `organizationId` from provider configuration; reports the fix when neither is set. Resolving
 * the context here also surfaces a missing API key or an unsafe host at preview.
 */
export function organizationDefault(inputs: { organizationId?: unknown }, ctx: Context): { organizationId?: string } {
  if (inputs.organizationId !== undefined) return {};
  if (!ctx.defaultOrganizationId) {
    throw new Error(
      "organizationId is not set: set it on the resource, or for the whole stack with `pulumi config set posthog:organizationId <uuid>` (or POSTHOG_ORGANIZATION_ID).",
    );
  }
  return { organizationId: ctx.defaultOrganizationId };
}

/**
 * A table from camelCase inputs to PostHog's field names, for specs whose inputs are mostly plain
 * settings. `toBody` sends the inputs the program set; `toState` reports, for those same inputs,
 * what PostHog holds (null when it returns nothing), so drift shows in diff.
 */
export function wireFields<I extends Record<string, unknown>>(names: Partial<Record<keyof I & string, string>>) {
  const entries = Object.entries(names) as [keyof I & string, string][];
  return {
    toBody(inputs: I): Record<string, unknown> {
      const body: Record<string, unknown> = {};
      for (const [key, wire] of entries) if (inputs[key] !== undefined) body[wire] = inputs[key];
      return body;
    },
    toState(wire: object, inputs: Partial<I>): { [K in keyof I]?: I[K] | (undefined extends I[K] ? null : never) } {
      const state: Record<string, unknown> = {};
      for (const [key, wireKey] of entries)
        if (inputs[key] !== undefined) state[key] = wireValue(wire, wireKey) ?? null;
      // PostHog reports each field in the type the program sends (null for an unset optional one).
      return state as { [K in keyof I]?: I[K] | (undefined extends I[K] ? null : never) };
    },
  };
}

/** A field of a wire object by PostHog's name, including fields its schema passes through untyped. */
export function wireValue(wire: object, key: string): unknown {
  return (wire as Record<string, unknown>)[key];
}

/**
 * `deleteAdopted`: an adopted object was not created by the program, so destroy (or removing the
 * resource) leaves it in PostHog unless this is true. Changing it updates the state only.
 */
export const deleteAdopted = z.boolean({ error: "deleteAdopted must be true or false" }).optional();
