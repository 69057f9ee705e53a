import { getClient, PermissionDeniedError, type PostHogClient } from "../../client";
import { posthogNamespace, resolveConfig, type ResolvedConfig } from "../../config";
import { engineParallelism } from "./engine-parallel";

/** Where provider configuration comes from: the stack config the engine hands to `configure`. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/**
 * Context represents what a resource operation may use: the resolved settings and the one shared
 * API client of this provider process. The API key is read here, at call time, and never leaves
 * the client.
 */
export interface Context {
  readonly settings: ResolvedConfig;
  readonly client: PostHogClient;
  /** The organization to use when a resource names none: config `posthog:organizationId`. */
  readonly defaultOrganizationId: string | undefined;
}

let source: ConfigSource | undefined;
let cached: Context | undefined;

/** Records the stack configuration passed to the dynamic provider's `configure`. */
export function setConfigSource(config: ConfigSource | undefined): void {
  source = config;
  cached = undefined;
}

/**
 * Returns the context, resolving configuration on first use. Throws the config module's error,
 * which names the setting to fix, when the host or key is missing or unsafe.
 */
export function context(): Context {
  if (!cached) {
    const settings = resolveConfig(source ? posthogNamespace(source) : undefined);
    const client = getClient(settings);
    client.invites.concurrentCreates = engineParallelism();
    cached = { settings, client, defaultOrganizationId: settings.organizationId };
  }
  return cached;
}

/**
 * PostHog's current time in epoch ms, as the responses this process received so far tell it (the
 * local clock before any response, or before the context is resolved). Never sends a request, so
 * diff stays local; at preview, check has already talked to PostHog.
 */
export function serverNow(): number {
  return cached?.client.serverClock?.now() ?? Date.now();
}

// One identity check per client (host and key): should several providers ever share a process,
// each key is still checked against its own host.
let callers = new WeakMap<PostHogClient, Promise<unknown>>();

/**
 * Replaces the context every operation sees with `ctx` (or, with `undefined`, returns to resolving
 * configuration) and forgets the once-per-process identity check, so the next {@link whoAmI} asks
 * `ctx.client.users.me()` again: unit tests drive the core with a fake client and no network.
 *
 * @internal
 */
export function setContextForTesting(ctx: Context | undefined): void {
  cached = ctx;
  callers = new WeakMap();
}

/**
 * Confirms once per provider process, at preview, that the host answers and accepts the key (one
 * `GET /api/users/@me/`), so a wrong host or key fails before anything is planned. The caller's
 * identity is kept for rules that depend on who is applying.
 */
export function whoAmI(ctx: Context): Promise<unknown> {
  const known = callers.get(ctx.client);
  if (known) return known;
  const pending = ctx.client.users.me().catch((err: unknown) => {
    // A 403 (e.g. a scoped key without `user:read`) still proves the host answers and knows the
    // key; the resources' own calls will say which scope they need.
    if (PermissionDeniedError.isInstance(err)) return undefined;
    callers.delete(ctx.client); // a failed check is not remembered: the next resource asks again
    throw err;
  });
  callers.set(ctx.client, pending);
  return pending;
}
