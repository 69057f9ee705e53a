import { z } from "zod";
import type { Context } from "./context";

// Field schemas and defaults shared by every spec, so a rule and its wording exist once.

/** `organizationId`: optional in the program, filled from `posthog:organizationId` by `defaults`. */
export const organizationId = z
  .uuid({ error: "organizationId must be the UUID of a PostHog organization (Organization settings → General → Organization ID)" })
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
