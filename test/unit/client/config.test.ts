// Tests of provider/config.ts (kept beside the client tests: the configuration feeds getClient).
import { inspect } from "node:util";
import {
  ConfigError,
  DEFAULT_HOST,
  isLoopback,
  posthogNamespace,
  resolveConfig,
  type ConfigSource,
} from "../../../provider/config";

const KEY = "phx_config_test_secret_abcdef0123456789";
const ORG = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
const source = (values: Record<string, string>): ConfigSource => ({ get: (k) => values[k] });

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(ConfigError.isInstance(error)).toBe(true);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("resolveConfig", () => {
  it("uses the defaults with only a key in the environment", () => {
    const c = resolveConfig(undefined, { POSTHOG_PERSONAL_API_KEY: KEY });
    expect(c).toMatchObject({ host: DEFAULT_HOST, apiKey: KEY, allowInsecureHttp: false });
    expect(c.organizationId).toBeUndefined();
    expect(c.pacing).toBeUndefined();
  });

  it("prefers stack config over the environment", () => {
    const c = resolveConfig(
      source({ host: "https://eu.posthog.com", apiKey: "phx_from_config", organizationId: ORG }),
      {
        POSTHOG_HOST: "https://us.posthog.com",
        POSTHOG_PERSONAL_API_KEY: KEY,
        POSTHOG_ORGANIZATION_ID: "0190ffff-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
      },
    );
    expect(c).toMatchObject({ host: "https://eu.posthog.com", apiKey: "phx_from_config", organizationId: ORG });
  });

  it("falls back to the environment when config values are absent or blank", () => {
    const c = resolveConfig(source({ host: "  " }), {
      POSTHOG_HOST: "https://eu.posthog.com/",
      POSTHOG_API_KEY: KEY,
      POSTHOG_ORGANIZATION_ID: ORG,
    });
    expect(c).toMatchObject({ host: "https://eu.posthog.com", apiKey: KEY, organizationId: ORG });
  });

  it("prefers POSTHOG_PERSONAL_API_KEY over POSTHOG_API_KEY", () => {
    expect(
      resolveConfig(undefined, { POSTHOG_PERSONAL_API_KEY: "phx_personal", POSTHOG_API_KEY: "phx_other" }).apiKey,
    ).toBe("phx_personal");
  });

  it("adapts a Pulumi config with namespaced keys", () => {
    const pulumiConfig = { get: (k: string) => ({ "posthog:apiKey": KEY, "posthog:host": "eu.posthog.com" })[k] };
    expect(resolveConfig(posthogNamespace(pulumiConfig), {})).toMatchObject({
      apiKey: KEY,
      host: "https://eu.posthog.com",
    });
  });

  it("explains how to set a missing key", () => {
    const e = configError(() => resolveConfig(source({}), {}));
    expect(e.setting).toBe("posthog:apiKey");
    expect(e.message).toBe(
      "Set the PostHog personal API key with `pulumi config set --secret posthog:apiKey phx_…` or the POSTHOG_PERSONAL_API_KEY environment variable.",
    );
  });

  it("refuses a project key, without printing it", () => {
    const e = configError(() => resolveConfig(undefined, { POSTHOG_API_KEY: "phc_projecttoken123456" }));
    expect(e.setting).toBe("POSTHOG_API_KEY");
    expect(e.message).toMatch(
      /^POSTHOG_API_KEY holds a project API key \(phc_…\), which only works for sending events/,
    );
    expect(e.message).not.toContain("phc_projecttoken123456");
  });

  it.each([
    ["http://posthog.internal", "plain http:// to posthog.internal"],
    ["http://10.0.0.5:8000", "plain http:// to 10.0.0.5"],
  ])("refuses %s unless insecure http is allowed", (host, text) => {
    const e = configError(() => resolveConfig(source({ host, apiKey: KEY }), {}));
    expect(e.setting).toBe("posthog:host");
    expect(e.message).toContain(text);
    expect(e.message).toContain(
      "`pulumi config set posthog:allowInsecureHttp true` or POSTHOG_ALLOW_INSECURE_HTTP=true",
    );
    expect(resolveConfig(source({ host, apiKey: KEY, allowInsecureHttp: "true" }), {})).toMatchObject({
      host: new URL(host).origin,
      allowInsecureHttp: true,
    });
    expect(
      resolveConfig(source({ host, apiKey: KEY }), { POSTHOG_ALLOW_INSECURE_HTTP: "true" }).allowInsecureHttp,
    ).toBe(true);
  });

  it.each(["http://localhost:8010", "http://127.0.0.1:8000", "http://[::1]:9000", "http://emulator.localhost"])(
    "allows plain http to loopback %s",
    (host) => {
      expect(resolveConfig(source({ host, apiKey: KEY }), {}).host).toBe(new URL(host).origin);
    },
  );

  it.each<[string, string, RegExp]>([
    ["malformed URL", "https://", /^posthog:host is not a valid URL \(got "https:\/\/"\)/],
    ["other scheme", "ftp://posthog.example", /^posthog:host must start with https:\/\//],
    ["path", "https://posthog.example/api", /must be the instance's base URL with no path/],
    ["credentials", "https://user:pw@posthog.example", /must not contain credentials/],
    [
      "ingestion host",
      "https://eu.i.posthog.com",
      /ingestion host eu\.i\.posthog\.com.*Use https:\/\/eu\.posthog\.com instead/,
    ],
  ])("refuses a host with %s", (_n, host, message) => {
    const e = configError(() => resolveConfig(source({ host, apiKey: KEY }), {}));
    expect(e.message).toMatch(message);
  });

  it("names the environment variable when the bad value came from it", () => {
    expect(
      configError(() => resolveConfig(undefined, { POSTHOG_HOST: "http://example.com", POSTHOG_API_KEY: KEY })).setting,
    ).toBe("POSTHOG_HOST");
  });

  it("adds https:// to a bare host name", () => {
    expect(resolveConfig(source({ host: "eu.posthog.com", apiKey: KEY }), {}).host).toBe("https://eu.posthog.com");
  });

  it("checks the organization id", () => {
    const e = configError(() => resolveConfig(source({ apiKey: KEY, organizationId: "acme" }), {}));
    expect(e.setting).toBe("posthog:organizationId");
    expect(e.message).toMatch(/must be an organization id \(a UUID/);
    expect(resolveConfig(source({ apiKey: KEY, organizationId: "@current" }), {}).organizationId).toBe("@current");
  });

  it("reads pacing and the maximum Retry-After wait", () => {
    const c = resolveConfig(source({ apiKey: KEY, requestsPerMinute: "100" }), {
      POSTHOG_REQUESTS_PER_HOUR: "1000",
      POSTHOG_MAX_RETRY_AFTER_SECONDS: "120",
    });
    expect(c.pacing).toEqual({ perMinute: 100, perHour: 1000 });
    expect(c.maxRetryAfterSeconds).toBe(120);
    expect(configError(() => resolveConfig(source({ apiKey: KEY, requestsPerMinute: "0" }), {})).message).toBe(
      'posthog:requestsPerMinute must be a whole number of requests per minute of at least 1, got "0".',
    );
  });

  it("refuses an unreadable boolean", () => {
    expect(configError(() => resolveConfig(source({ apiKey: KEY, allowInsecureHttp: "sure" }), {})).message).toBe(
      'posthog:allowInsecureHttp must be true or false, got "sure".',
    );
  });

  it("keeps the key out of JSON and util.inspect of the resolved config", () => {
    const c = resolveConfig(source({ apiKey: KEY }), {});
    expect(c.apiKey).toBe(KEY);
    expect(JSON.stringify(c)).not.toContain(KEY);
    expect(JSON.stringify(c)).toContain('"apiKey":"[redacted]"');
    expect(inspect(c)).not.toContain(KEY);
    expect(`${inspect({ nested: c }, { depth: 5 })}`).not.toContain(KEY);
    expect({ ...c }.apiKey).toBe(KEY); // spreading still works for callers that need the key
  });
});

describe("isLoopback", () => {
  it.each([
    ["localhost", true],
    ["127.0.0.1", true],
    ["127.1.2.3", true],
    ["[::1]", true],
    ["::ffff:127.0.0.1", true],
    ["10.0.0.1", false],
    ["localhost.example.com", false],
    ["posthog.local", false],
  ])("%s -> %s", (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });
});
