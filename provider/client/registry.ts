// The process-wide client registry: every resource of a Pulumi run that names the same host and
// key (and pacing and reconcile settings) shares one client, so one pool, one pacer and one read
// cache. The other process-wide registries sit with what they share: the connection pools in
// transport.ts, the request budgets per key in pacer.ts.
import { PostHogClient } from "./client";
import type { PacingOptions } from "./pacer";
import { keyId, normalizeOrigin } from "./transport";

/** The settings {@link getClient} reads: the provider's resolved configuration. */
export interface ClientConfig {
  host: string;
  apiKey: string;
  pacing?: PacingOptions;
  maxRetryAfterSeconds?: number;
  /** Unknown-outcome budget overrides (`posthog:reconcileAttempts`, `posthog:reconcileSeconds`). */
  reconcile?: { attempts?: number; seconds?: number };
}

const clients = new Map<string, PostHogClient>();

/**
 * getClient returns the process-wide client for a host and API key (and pacing settings), creating
 * it on first use, so every resource in a Pulumi run shares one pool, one pacer and one read cache.
 */
export function getClient(config: ClientConfig): PostHogClient {
  const id = [
    normalizeOrigin(config.host),
    keyId(config.apiKey.trim()),
    config.pacing?.perMinute ?? "",
    config.pacing?.perHour ?? "",
    config.maxRetryAfterSeconds ?? "",
    config.reconcile?.attempts ?? "",
    config.reconcile?.seconds ?? "",
  ].join("|");
  let client = clients.get(id);
  if (!client) {
    client = new PostHogClient({
      host: config.host,
      apiKey: config.apiKey,
      ...(config.pacing ? { pacing: config.pacing } : {}),
      ...(config.maxRetryAfterSeconds !== undefined ? { maxRetryAfterSeconds: config.maxRetryAfterSeconds } : {}),
      ...(config.reconcile ? { reconcile: definedOnly(config.reconcile) } : {}),
    });
    clients.set(id, client);
  }
  return client;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
