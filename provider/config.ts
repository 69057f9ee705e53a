// Provider configuration (DESIGN §2): stack config in the `posthog` namespace first, then the
// environment, then defaults. The API key is read when a provider call needs it (from the
// `configure` request or the provider process's environment) and is never a resource input, never
// captured in the serialized provider and never printed: messages name the setting, not its value.
import { isIP } from "node:net";
import { inspect } from "node:util";

/** The Pulumi config namespace of the provider's settings. */
export const CONFIG_NAMESPACE = "posthog";

/** Fully qualified stack config keys (`pulumi config set posthog:host …`). */
export const ConfigKeys = {
  host: "posthog:host",
  apiKey: "posthog:apiKey",
  organizationId: "posthog:organizationId",
  allowInsecureHttp: "posthog:allowInsecureHttp",
  requestsPerMinute: "posthog:requestsPerMinute",
  requestsPerHour: "posthog:requestsPerHour",
  maxRetryAfterSeconds: "posthog:maxRetryAfterSeconds",
  reconcileAttempts: "posthog:reconcileAttempts",
  reconcileSeconds: "posthog:reconcileSeconds",
} as const;

/** Environment variables used when the stack config does not set a value. */
export const EnvVars = {
  host: "POSTHOG_HOST",
  /** The first set one wins. */
  apiKey: ["POSTHOG_PERSONAL_API_KEY", "POSTHOG_API_KEY"],
  organizationId: "POSTHOG_ORGANIZATION_ID",
  allowInsecureHttp: "POSTHOG_ALLOW_INSECURE_HTTP",
  requestsPerMinute: "POSTHOG_REQUESTS_PER_MINUTE",
  requestsPerHour: "POSTHOG_REQUESTS_PER_HOUR",
  maxRetryAfterSeconds: "POSTHOG_MAX_RETRY_AFTER_SECONDS",
  reconcileAttempts: "POSTHOG_RECONCILE_ATTEMPTS",
  reconcileSeconds: "POSTHOG_RECONCILE_SECONDS",
} as const;

/** The host used when neither `posthog:host` nor `POSTHOG_HOST` is set: PostHog US Cloud. */
export const DEFAULT_HOST = "https://us.posthog.com";

/**
 * ConfigSource is where stack config comes from. Keys are asked for without the namespace (`host`,
 * `apiKey`, …): the source reads them in the `posthog` namespace. Build one from a Pulumi config
 * with {@link posthogNamespace}, e.g. `posthogNamespace(req.config)` for the dynamic provider's
 * `configure` request.
 */
export interface ConfigSource {
  /** Returns the value of a key of the `posthog` namespace such as `host`, or undefined. */
  get(key: string): string | undefined;
}

/**
 * posthogNamespace adapts a Pulumi config (fully qualified keys) to a {@link ConfigSource}: the one
 * adapter for the provider's `configure` request, the program's stack config (data-source
 * functions, gitops) and tests.
 */
export function posthogNamespace(config: { get(key: string): string | undefined }): ConfigSource {
  return { get: (key) => config.get(`${CONFIG_NAMESPACE}:${key}`) };
}

/** ResolvedConfig represents the provider settings after config, environment and defaults are merged and checked. */
export interface ResolvedConfig {
  /** The instance origin, e.g. `https://us.posthog.com` (no trailing slash). */
  host: string;
  /** The personal API key. Redacted from `JSON.stringify` and `util.inspect` of this object. */
  apiKey: string;
  /** The default organization of every resource (each resource may override it). */
  organizationId?: string;
  /** Whether plain `http://` to a non-loopback host was explicitly allowed. */
  allowInsecureHttp: boolean;
  /** Client-side pacing overrides; absent means the defaults (480/min, 4,800/h). */
  pacing?: { perMinute?: number; perHour?: number };
  /** Longest Retry-After to wait for on a 429, in seconds; absent means 3,600. */
  maxRetryAfterSeconds?: number;
  /**
   * How long a create or update whose outcome is unknown (5xx, reset, timeout) keeps being looked up
   * by natural key and sent again: `attempts` sends (default 8) within `seconds` (default 300).
   * Absent means the defaults.
   */
  reconcile?: { attempts?: number; seconds?: number };
}

/** ConfigError represents a missing or invalid provider setting; its message names the setting to fix. */
export class ConfigError extends Error {
  /** The setting at fault, e.g. `posthog:apiKey`. */
  readonly setting: string;

  constructor(setting: string, message: string) {
    super(message);
    this.name = "ConfigError";
    this.setting = setting;
    Object.defineProperty(this, "__posthogConfigError", { value: true, enumerable: false });
  }

  /** isInstance tells whether `value` is a ConfigError, also across copies of this module. */
  static isInstance(value: unknown): value is ConfigError {
    return (
      typeof value === "object" && value !== null && (value as Record<string, unknown>).__posthogConfigError === true
    );
  }
}

type Env = Record<string, string | undefined>;

interface Found {
  value: string;
  /** Where the value came from, for messages: `posthog:host` or `POSTHOG_HOST`. */
  from: string;
}

function read(
  source: ConfigSource | undefined,
  name: keyof typeof ConfigKeys,
  env: Env,
  envNames: string | readonly string[],
): Found | undefined {
  // An explicit provider's settings may reach the process as numbers or booleans, not strings.
  const raw: unknown = source?.get(name);
  const fromConfig = typeof raw === "number" || typeof raw === "boolean" ? String(raw) : raw;
  if (typeof fromConfig === "string" && fromConfig.trim() !== "")
    return { value: fromConfig.trim(), from: ConfigKeys[name] };
  for (const name of typeof envNames === "string" ? [envNames] : envNames) {
    const fromEnv = env[name];
    if (fromEnv !== undefined && fromEnv.trim() !== "") return { value: fromEnv.trim(), from: name };
  }
  return undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** isLoopback tells whether a URL hostname names this machine (localhost, 127.0.0.0/8, ::1). */
export function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  if (isIP(h) === 6) return h === "::1" || h === "0:0:0:0:0:0:0:1" || /^::ffff:127\./.test(h);
  return false;
}

function parseBool(found: Found | undefined): boolean {
  if (!found) return false;
  const v = found.value.toLowerCase();
  if (v === "true" || v === "1" || v === "yes") return true;
  if (v === "false" || v === "0" || v === "no") return false;
  throw new ConfigError(found.from, `${found.from} must be true or false, got ${JSON.stringify(found.value)}.`);
}

function parsePositive(found: Found | undefined, what: string): number | undefined {
  if (!found) return undefined;
  const n = Number(found.value);
  if (!Number.isFinite(n) || n < 1 || !Number.isInteger(n)) {
    throw new ConfigError(
      found.from,
      `${found.from} must be a whole number of ${what} of at least 1, got ${JSON.stringify(found.value)}.`,
    );
  }
  return n;
}

function resolveHost(found: Found | undefined, allowInsecureHttp: boolean): string {
  const setting = found?.from ?? ConfigKeys.host;
  const raw = found?.value ?? DEFAULT_HOST;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ConfigError(
      setting,
      `${setting} is not a valid URL (got ${JSON.stringify(raw)}). Set it to the PostHog instance, e.g. \`pulumi config set posthog:host https://eu.posthog.com\`.`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError(setting, `${setting} must start with https:// (got ${JSON.stringify(raw)}).`);
  }
  if (url.username || url.password) {
    throw new ConfigError(
      setting,
      `${setting} must not contain credentials; set the API key with posthog:apiKey instead.`,
    );
  }
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
    throw new ConfigError(
      setting,
      `${setting} must be the instance's base URL with no path (got ${JSON.stringify(raw)}), e.g. https://us.posthog.com.`,
    );
  }
  if (/(^|\.)i\.posthog\.com$/i.test(url.hostname)) {
    const region = url.hostname.toLowerCase().startsWith("eu.") ? "eu" : "us";
    throw new ConfigError(
      setting,
      `${setting} points at PostHog's ingestion host ${url.hostname}, which does not serve the management API. Use https://${region}.posthog.com instead.`,
    );
  }
  if (url.protocol === "http:" && !isLoopback(url.hostname) && !allowInsecureHttp) {
    throw new ConfigError(
      setting,
      `${setting} uses plain http:// to ${url.hostname}, which would send the API key unencrypted. Use https://, or allow it explicitly with \`pulumi config set posthog:allowInsecureHttp true\` or POSTHOG_ALLOW_INSECURE_HTTP=true.`,
    );
  }
  return url.origin;
}

/**
 * resolveConfig merges the stack config (`posthog:*`), the environment (`POSTHOG_*`) and defaults,
 * and checks the result.
 *
 * @param source - the stack config of the `posthog` namespace, asked for by short key (`apiKey`);
 *   see {@link posthogNamespace}. Undefined reads the environment only.
 * @param env - the environment to read (defaults to `process.env`).
 * @throws ConfigError naming the setting to fix: missing API key, malformed host, plain http:// to
 *   a non-loopback host without `allowInsecureHttp`, a project key instead of a personal key, or a
 *   malformed organization id.
 */
export function resolveConfig(source: ConfigSource | undefined, env: Env = process.env): ResolvedConfig {
  const allowInsecureHttp = parseBool(read(source, "allowInsecureHttp", env, EnvVars.allowInsecureHttp));
  const host = resolveHost(read(source, "host", env, EnvVars.host), allowInsecureHttp);

  const key = read(source, "apiKey", env, EnvVars.apiKey);
  if (!key) {
    throw new ConfigError(
      ConfigKeys.apiKey,
      "Set the PostHog personal API key with `pulumi config set --secret posthog:apiKey phx_…` or the POSTHOG_PERSONAL_API_KEY environment variable.",
    );
  }
  if (/^phc_/i.test(key.value)) {
    throw new ConfigError(
      key.from,
      `${key.from} holds a project API key (phc_…), which only works for sending events. Create a personal API key (phx_…) in PostHog under Settings → Personal API keys and set it with \`pulumi config set --secret posthog:apiKey phx_…\`.`,
    );
  }
  if (/\s/.test(key.value)) {
    throw new ConfigError(
      key.from,
      `${key.from} contains whitespace; paste the personal API key alone (it starts with phx_).`,
    );
  }

  const org = read(source, "organizationId", env, EnvVars.organizationId);
  if (org && !UUID.test(org.value) && org.value !== "@current") {
    throw new ConfigError(
      org.from,
      `${org.from} must be an organization id (a UUID such as 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b, shown in PostHog under Settings → Organization), got ${JSON.stringify(org.value)}.`,
    );
  }

  const perMinute = parsePositive(
    read(source, "requestsPerMinute", env, EnvVars.requestsPerMinute),
    "requests per minute",
  );
  const perHour = parsePositive(read(source, "requestsPerHour", env, EnvVars.requestsPerHour), "requests per hour");
  const maxRetryAfterSeconds = parsePositive(
    read(source, "maxRetryAfterSeconds", env, EnvVars.maxRetryAfterSeconds),
    "seconds",
  );

  const reconcileAttempts = parsePositive(
    read(source, "reconcileAttempts", env, EnvVars.reconcileAttempts),
    "attempts",
  );
  const reconcileSeconds = parsePositive(read(source, "reconcileSeconds", env, EnvVars.reconcileSeconds), "seconds");

  const config: ResolvedConfig = { host, apiKey: key.value, allowInsecureHttp };
  if (org) config.organizationId = org.value;
  if (perMinute !== undefined || perHour !== undefined) {
    config.pacing = {};
    if (perMinute !== undefined) config.pacing.perMinute = perMinute;
    if (perHour !== undefined) config.pacing.perHour = perHour;
  }
  if (maxRetryAfterSeconds !== undefined) config.maxRetryAfterSeconds = maxRetryAfterSeconds;
  if (reconcileAttempts !== undefined || reconcileSeconds !== undefined) {
    config.reconcile = {};
    if (reconcileAttempts !== undefined) config.reconcile.attempts = reconcileAttempts;
    if (reconcileSeconds !== undefined) config.reconcile.seconds = reconcileSeconds;
  }
  return redactable(config);
}

/** Keeps the key out of `JSON.stringify` and `util.inspect` of the config object (non-enumerable hooks). */
function redactable(config: ResolvedConfig): ResolvedConfig {
  const redacted = () => ({ ...config, apiKey: "[redacted]" });
  Object.defineProperty(config, "toJSON", { value: redacted, enumerable: false });
  Object.defineProperty(config, inspect.custom, {
    value: (_depth: number, options: object) => inspect(redacted(), options),
    enumerable: false,
  });
  return config;
}
