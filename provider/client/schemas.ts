// Wire schemas shared by several resource modules. Responses use `z.object` (unknown fields are
// stripped, so PostHog may add fields freely). Fields the provider manages or keys on are strict;
// informational read-only fields are `lenient`: a missing or changed one never fails a call.
import { z } from "zod";

/**
 * lenient makes an informational response field optional and tolerant: a missing, null or
 * differently-typed value reads as undefined instead of failing the whole response.
 */
export function lenient<T extends z.ZodType>(schema: T) {
  return schema.nullish().catch(undefined);
}

/** UserBasic represents the short user object PostHog embeds in members, invites and roles. */
export const UserBasic = z.object({
  id: lenient(z.number()),
  uuid: z.string(),
  distinct_id: lenient(z.string()),
  first_name: lenient(z.string()),
  last_name: lenient(z.string()),
  email: z.string(),
  is_email_verified: lenient(z.boolean()),
});
export type UserBasic = z.infer<typeof UserBasic>;

/** Empty represents a response whose body is ignored (204, or DELETE's `{"success": true}`). */
export const Empty = z.unknown().transform((): void => undefined);

/** Membership levels in an organization: 1 member, 8 administrator, 15 owner (docs/posthog-api/FACTS.md §2.5). */
export const MembershipLevel = z.number().int();
export type MembershipLevel = z.infer<typeof MembershipLevel>;

/** pickReconcile chooses the caller's reconcile hook over a method's default (`null` disables). */
export function pickReconcile<T>(
  option: (() => Promise<T | undefined>) | null | undefined,
  fallback: (() => Promise<T | undefined>) | undefined,
): (() => Promise<T | undefined>) | null | undefined {
  return option === undefined ? fallback : option;
}

/** Collects an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
