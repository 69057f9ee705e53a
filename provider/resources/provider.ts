import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE, posthogNamespace, type ConfigSource } from "../config";

/**
 * The settings of one {@link Provider}: the same settings as the stack config's `posthog:*` keys,
 * one argument each. A setting left out falls back to its `POSTHOG_*` environment variable, then to
 * its default; an explicit provider never reads the stack's `posthog:*` config.
 */
export interface ProviderArgs {
  /**
   * The PostHog instance, e.g. `https://eu.posthog.com`. Plain `http://` only for loopback unless
   * `allowInsecureHttp` is set.
   * @default POSTHOG_HOST, else `https://us.posthog.com`
   */
  host?: pulumi.Input<string>;
  /**
   * A personal API key (`phx_…`). Always stored as a Pulumi secret (encrypted in state), even when
   * passed as a plain string; pass `config.requireSecret(…)` so it is never in the program in clear.
   * @default POSTHOG_PERSONAL_API_KEY, else POSTHOG_API_KEY
   */
  apiKey?: pulumi.Input<string>;
  /**
   * The default organization (UUID) of every resource using this provider that names none.
   * @default POSTHOG_ORGANIZATION_ID
   */
  organizationId?: pulumi.Input<string>;
  /**
   * Allow plain `http://` to a host that is not loopback (the key then travels unencrypted).
   * @default false
   */
  allowInsecureHttp?: pulumi.Input<boolean>;
  /**
   * Client-side pacing: at most this many requests per minute with this provider's key.
   * @default 480
   */
  requestsPerMinute?: pulumi.Input<number>;
  /**
   * Client-side pacing: at most this many requests per hour with this provider's key.
   * @default 4800
   */
  requestsPerHour?: pulumi.Input<number>;
  /**
   * The longest `Retry-After` of a 429 answer to wait for, in seconds; a longer one fails the step.
   * @default 3600
   */
  maxRetryAfterSeconds?: pulumi.Input<number>;
  /**
   * How many times a create or update whose answer was lost is looked up by its natural key and
   * sent again (never twice for an object that exists). @default 8
   */
  reconcileAttempts?: pulumi.Input<number>;
  /** How long, in seconds, a create or update whose answer was lost may keep trying. @default 300 */
  reconcileSeconds?: pulumi.Input<number>;
}

// The program-side copy of each provider's settings, for the data-source functions (which run in
// the program process). Kept off the resource object so nothing serializes or prints it.
const settingsOf = new WeakMap<object, pulumi.Output<Record<string, unknown>>>();

/**
 * Provider is an explicit PostHog provider: one host, API key and default organization, for
 * programs that manage several PostHog instances or organizations (US and EU Cloud, or two
 * organizations with two keys). Pass it as `{ provider }` to every resource it manages and to the
 * functions that should read with it. Resources without `provider` use the default provider,
 * configured by the stack's `posthog:*` config.
 *
 * It is an explicit instance of Pulumi's dynamic-provider plugin (`pulumi:providers:pulumi-nodejs`)
 * carrying the settings as `posthog:*` keys: the engine starts one provider process per explicit
 * provider and hands it these settings, so each resource talks to its own provider's host with its
 * key. The key is a Pulumi secret in state; it never becomes a resource input. Changing a setting
 * (e.g. rotating the key) updates the provider only, never its resources.
 *
 * @example
 * ```ts
 * const config = new pulumi.Config();
 * const eu = new posthog.Provider("eu", {
 *   host: "https://eu.posthog.com",
 *   apiKey: config.requireSecret("euApiKey"),
 *   organizationId: config.require("euOrganizationId"),
 * });
 * new posthog.Project("web-eu", { name: "Web (EU)" }, { provider: eu });
 * export const euRoles = posthog.getRolesOutput({}, { provider: eu });
 * ```
 */
export class Provider extends pulumi.ProviderResource {
  constructor(name: string, args: ProviderArgs = {}, opts?: pulumi.ResourceOptions) {
    const inputs: pulumi.Inputs = {};
    for (const [key, value] of Object.entries(args) as [keyof ProviderArgs, unknown][]) {
      if (value === undefined) continue;
      // Stack config carries strings; the provider process reads these keys exactly like it reads
      // the default provider's stack config.
      const text = pulumi.output(value as pulumi.Input<string | number | boolean>).apply(String);
      inputs[`${CONFIG_NAMESPACE}:${key}`] = key === "apiKey" ? pulumi.secret(text) : text;
    }
    super("pulumi-nodejs", name, inputs, opts);
    settingsOf.set(
      this,
      pulumi.output(args).apply((a) => ({ ...a }) as Record<string, unknown>),
    );
  }
}

/**
 * The program's stack config in the `posthog` namespace (`posthog:host`, …): the settings of what
 * reads PostHog from the program process without an explicit {@link Provider} (the functions and
 * the gitops `Org`), the same as the default provider's.
 *
 * @internal
 */
export function stackConfig(): ConfigSource {
  return posthogNamespace({ get: (key) => pulumi.runtime.getConfig(key) });
}

/**
 * The settings a {@link Provider} was created with, for the program-side functions; undefined for
 * anything that is not a PostHog provider.
 *
 * @internal
 */
export function providerSettings(provider: unknown): pulumi.Output<Record<string, unknown>> | undefined {
  return typeof provider === "object" && provider !== null ? settingsOf.get(provider) : undefined;
}

/**
 * The uniqueness scope of a natural key for a resource that names no organization: its explicit
 * provider (two providers usually mean two organizations), else the default provider.
 *
 * @internal
 */
export function claimScope(
  organizationId: pulumi.Input<string> | undefined,
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.Input<string> | undefined {
  if (organizationId !== undefined) return organizationId;
  const provider = opts?.provider;
  if (!provider) return undefined;
  return provider.urn.apply((urn) => `provider ${urn}`);
}
