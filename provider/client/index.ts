// The PostHog API client: one module per API path segment over a shared client (client.ts), its
// wire (transport.ts), request budget (pacer.ts), retry policy (retry.ts), reconciling of
// unknown-outcome writes (reconcile.ts) and the process-wide client registry (registry.ts).
export { PostHogClient, type ClientOptions } from "./client";
export { getClient, type ClientConfig } from "./registry";
export { closeSharedPools, keyId } from "./transport";
export type { CallOptions, RequestSpec, HttpMethod } from "./resource";
export * from "./errors";
export { generate, hintFor, isOutcomeUnknown, parseRetryAfter, redactSecret, type ErrorContext } from "./error-factory";
export { ClientMetrics, type MetricsSnapshot } from "./metrics";
export { ReadCache } from "./cache";
export { ServerClock } from "./server-clock";
export { path, routeTemplate } from "./path";
export { Page, paginate, withQuery, nextPath, type Query } from "./pagination";
export { Pacer, sharedPacer, type PacingOptions } from "./pacer";
export { DEFAULT_RETRY_POLICY, IDEMPOTENT_METHODS, type RetryPolicy } from "./retry";
export { matchesSent, orUndefined, type Reconcile } from "./reconcile";
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
