import * as net from "node:net";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator";
import { program, StackOperationError, TestStack } from "../helpers/stack";

// Bad provider settings fail at preview with a message that names the setting to fix, and nothing
// is created in PostHog.
describe("provider configuration errors at preview", () => {
  let emulator: TestEmulator;
  let boot: { organization: { id: string }; api_key: string };

  beforeAll(async () => {
    emulator = await startTestEmulator();
    boot = await emulator.control.bootstrap({ org_name: "E2E Config" });
  });
  afterAll(async () => emulator?.close());

  async function previewFailure(env: Record<string, string>): Promise<string> {
    const stack = await TestStack.open({
      ...program("test/e2e/programs/role"),
      env: { POSTHOG_ORGANIZATION_ID: boot.organization.id, ...env },
    });
    try {
      await stack.preview();
    } catch (err) {
      expect(err).toBeInstanceOf(StackOperationError);
      const e = err as StackOperationError;
      return `${e.message}\n${e.stdout}\n${e.stderr}`;
    } finally {
      await stack.close();
    }
    throw new Error("preview succeeded but should have failed");
  }

  it("names posthog:apiKey and POSTHOG_PERSONAL_API_KEY when no API key is set", async () => {
    const out = await previewFailure({ POSTHOG_HOST: emulator.url, POSTHOG_PERSONAL_API_KEY: "", POSTHOG_API_KEY: "" });
    expect(out).toMatch(/posthog:apiKey/);
    expect(out).toMatch(/POSTHOG_PERSONAL_API_KEY/);
  });

  it("refuses plain http to a host that is not loopback and names the setting used", async () => {
    const out = await previewFailure({
      POSTHOG_HOST: "http://posthog.example.com",
      POSTHOG_PERSONAL_API_KEY: boot.api_key,
    });
    expect(out).toMatch(/POSTHOG_HOST uses plain http:\/\//);
    expect(out).toMatch(/https/);
    expect(out).not.toContain(boot.api_key);
  });

  it("reports an unreachable host at preview and names posthog:host", async () => {
    // A loopback port with nothing listening: connection refused, fast and offline.
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const out = await previewFailure({
      POSTHOG_HOST: `http://127.0.0.1:${port}`,
      POSTHOG_PERSONAL_API_KEY: boot.api_key,
    });
    expect(out).toMatch(/posthog:host|POSTHOG_HOST/);
    expect(out).not.toContain(boot.api_key);
  });

  it("reports a key PostHog rejects (401) at preview without printing it", async () => {
    const out = await previewFailure({
      POSTHOG_HOST: emulator.url,
      POSTHOG_PERSONAL_API_KEY: "phx_not_a_real_key_0123456789",
    });
    expect(out).toMatch(/401/);
    expect(out).not.toContain("phx_not_a_real_key_0123456789");
  });

  it("takes the key from secret stack config and keeps it out of state", async () => {
    const stack = await TestStack.open({
      ...program("test/e2e/programs/role"),
      env: { POSTHOG_PERSONAL_API_KEY: "", POSTHOG_API_KEY: "" },
      config: {
        "posthog:apiKey": { value: boot.api_key, secret: true },
        "posthog:host": { value: emulator.url },
        "posthog:organizationId": { value: boot.organization.id },
        roleName: { value: "Configured" },
      },
    });
    try {
      await stack.up();
      expect(stack.rawState()).not.toContain(boot.api_key);
      const roles = (await emulator.control.state()).roles.filter((r) => r.organization_id === boot.organization.id);
      expect(roles.map((r) => r.name)).toEqual(["Configured"]);
      await stack.destroy();
    } finally {
      await stack.close();
    }
  });

  it("created nothing in PostHog while failing (and the configured stack cleaned up)", async () => {
    const state = await emulator.control.state();
    expect(state.roles.filter((r: any) => r.organization_id === boot.organization.id)).toEqual([]);
  });
});
