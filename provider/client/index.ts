// The PostHog API client: one module per API path segment, a shared transport in client.ts.
export { PostHogClient, getClient, closeSharedPools, keyId } from "./client";
export type { ClientOptions, ClientConfig, CallOptions, RequestSpec, HttpMethod } from "./client";
export * from "./errors";
export { generate, hintFor, isOutcomeUnknown, parseRetryAfter, redactSecret, type ErrorContext } from "./error-factory";
export { ClientMetrics, type MetricsSnapshot } from "./metrics";
export { ReadCache } from "./cache";
export { ServerClock } from "./server-clock";
export { path, routeTemplate } from "./path";
export { Page, paginate, withQuery, nextPath, type Query } from "./pagination";
export {
  Pacer,
  sharedPacer,
  DEFAULT_RETRY_POLICY,
  IDEMPOTENT_METHODS,
  matchesSent,
  orUndefined,
  type PacingOptions,
  type Reconcile,
  type RetryPolicy,
} from "./retry";
export { UserBasic, MembershipLevel, lenient } from "./schemas";
export * from "./organizations";
export * from "./projects";
export * from "./members";
export * from "./invites";
export * from "./roles";
export * from "./role-memberships";
export * from "./domains";
export * from "./proxy-records";
export * from "./batch-exports";
export { Users, User, OrganizationSummary } from "./users";
