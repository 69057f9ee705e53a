// Shared harness for runtime unit tests: a fake Context installed through the core's test seam, whose
// client holds only the API methods a test supplies and records every call, so tests prove what
// was (and was not) sent without any network.
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { NotFoundError, ValidationError, type PostHogClient } from "../../../provider/client";
import type { UserBasic } from "../../../provider/client/schemas";
import type { ResolvedConfig } from "../../../provider/config";
import { setContextForTesting, type Context } from "../../../provider/runtime/core/context";

/** The organization of `posthog:organizationId` in the fake context. */
export const ORG = "0190b1a5-0c1e-7000-8000-00000000a001";
/** A user who is a member of ORG. */
export const ADA = { uuid: "0190b1a5-0c1e-7000-8000-0000000ada01", email: "ada@example.com" };
/** Stands in for the serialized provider the engine passes as `__provider`. */
export const PROVIDER = "exports.handler = __provider;";

/** The short user object PostHog embeds in members, invites and roles, for `user`; `fields` override. */
export function wireUser(user: { uuid: string; email: string }, fields: Partial<UserBasic> = {}): UserBasic {
  return {
    id: 7,
    uuid: user.uuid,
    distinct_id: user.email,
    first_name: "",
    last_name: "",
    email: user.email,
    is_email_verified: true,
    ...fields,
  };
}

/** The fields every state carries for the core: its version and the input keys it was made from. */
export const STATE_FIELDS = { __stateVersion: 1, __inputKeys: expect.any(Array) };

type Method = (...args: any[]) => unknown;
/** The fake client: API areas (`roles`, `projects`, …) of methods, as the specs call them. */
export type FakeApi = Record<string, Record<string, Method>>;

/** FakeContext represents an installed fake context and the API calls made through it. */
export interface FakeContext {
  ctx: Context;
  /** Every client call in order, as `area.method` (e.g. `roles.create`, `users.me`). */
  calls: string[];
}

/**
 * Installs a context whose client is `api` plus `users.me` (the preview identity check), each call
 * recorded. `defaultOrganizationId` plays `posthog:organizationId` (default ORG; `undefined` for a
 * stack that sets none). Call `resetFakeContext` after each test.
 */
export function installFakeContext(
  api: FakeApi = {},
  options: { defaultOrganizationId?: string } = { defaultOrganizationId: ORG },
): FakeContext {
  const calls: string[] = [];
  const areas: FakeApi = { users: { me: async () => ({ uuid: ADA.uuid, email: ADA.email }) }, ...api };
  const client: Record<string, Record<string, Method>> = {};
  for (const [area, methods] of Object.entries(areas)) {
    client[area] = {};
    for (const [name, fn] of Object.entries(methods)) {
      client[area][name] = (...args: unknown[]) => {
        calls.push(`${area}.${name}`);
        return fn(...args);
      };
    }
  }
  // The client's cached lookups, where the test gives only the list: as in the client, a lookup is
  // a read of the (cached) list, so the recorded calls show the list read the request log would.
  const derive = (area: string, name: string, lookup: (list: any[], ...args: any[]) => unknown) => {
    if (client[area]?.listAll && !client[area][name])
      client[area][name] = async (org: unknown, ...args: unknown[]) =>
        lookup((await client[area].listAll(org)) as any[], ...args);
  };
  const lower = (s: unknown) => String(s).toLowerCase();
  derive("members", "findByEmail", (list, email) => list.find((m) => lower(m.user.email) === lower(email)));
  derive("members", "findByUserUuid", (list, uuid) => list.find((m) => m.user.uuid === uuid));
  derive("invites", "findById", (list, id) => list.find((i) => i.id === id));
  derive("roles", "findByName", (list, name) => list.find((r) => lower(r.name) === lower(name)));
  derive(
    "invites",
    "findByEmail",
    (list, email) =>
      list
        .filter((i) => lower(i.target_email) === lower(email))
        .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))[0],
  );
  const settings: ResolvedConfig = {
    host: "https://posthog.test",
    apiKey: "phx_unit",
    allowInsecureHttp: false,
    organizationId: options.defaultOrganizationId,
  };
  const ctx: Context = {
    settings,
    client: client as unknown as PostHogClient,
    defaultOrganizationId: options.defaultOrganizationId,
  };
  setContextForTesting(ctx);
  return { ctx, calls };
}

/** Returns the core to resolving its context from configuration. */
export function resetFakeContext(): void {
  setContextForTesting(undefined);
}

/** A 404 exactly as the client throws it. */
export function notFound(method = "GET", path = "/api/organizations/x/"): NotFoundError {
  return new NotFoundError({
    status: 404,
    method,
    path,
    type: "invalid_request",
    code: "not_found",
    detail: "Not found.",
  });
}

/** A 400 exactly as the client throws it. */
export function refused(
  detail: string,
  attr: string | null = null,
  method = "POST",
  path = "/api/organizations/x/",
): ValidationError {
  return new ValidationError({
    status: 400,
    method,
    path,
    type: "validation_error",
    code: "invalid_input",
    detail,
    attr,
  });
}

/** True when `value`, at any depth, holds an `undefined` (which the engine's Struct rejects). */
export function hasUndefined(value: unknown): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.some(hasUndefined);
  if (value !== null && typeof value === "object") return Object.values(value).some(hasUndefined);
  return false;
}

type Unwrapped<T> = { [K in keyof T]-?: pulumi.Unwrap<NonNullable<T[K]>> };
type SchemaInput<S extends z.ZodType> = { [K in keyof z.input<S>]-?: NonNullable<z.input<S>[K]> };
type Mismatched<A, B> =
  | { [K in keyof A & keyof B]: A[K] extends B[K] ? never : K }[keyof A & keyof B]
  | Exclude<keyof A, keyof B>
  | Exclude<keyof B, keyof A>;
/**
 * `true` when the public `Args`, unwrapped, has exactly the keys of the input schema `S` and each
 * value type is accepted by it; `never` otherwise, so assigning `true` to it fails to compile.
 */
export type ArgsMatch<Args, S extends z.ZodType> = [Mismatched<Unwrapped<Args>, SchemaInput<S>>] extends [never]
  ? true
  : never;

/** One row of a check table: its name, the inputs, and each expected failure's property and reason. */
export type CheckRow = [name: string, inputs: Record<string, unknown>, failures: [property: string, reason: RegExp][]];

/** Asserts that `failures` are exactly the expected ones, in order. */
export function expectFailures(
  failures: { property: string; reason: string }[] | undefined,
  expected: [string, RegExp][],
): void {
  expect((failures ?? []).map((f) => f.property)).toEqual(expected.map(([property]) => property));
  (failures ?? []).forEach((f, i) => expect(f.reason).toMatch(expected[i][1]));
}

/** What `computeChanges` reports: the changed inputs and those among them that force a replacement. */
export interface Changes {
  changed: string[];
  replaces: string[];
}
/** `computeChanges`' report of no change. */
export const NO_CHANGES: Changes = { changed: [], replaces: [] };
/** `computeChanges`' report of `keys` changing in place. */
export const inPlace = (...keys: string[]): Changes => ({ changed: keys, replaces: [] });
/** `computeChanges`' report of `keys` changing and forcing a replacement. */
export const replacing = (...keys: string[]): Changes => ({ changed: keys, replaces: keys });

/**
 * Runs `op` under jest's fake timers, moved an hour ahead, so any `waitFor…` poll of the specs
 * reaches its end at once. The caller restores real timers (`jest.useRealTimers()`) after the test.
 */
export async function withClock<T>(op: () => Promise<T>): Promise<T> {
  jest.useFakeTimers();
  const result = op();
  result.catch(() => undefined); // observed below; avoids an unhandled rejection while time moves
  await jest.advanceTimersByTimeAsync(3_600_000);
  return result;
}
