import { startTestEmulator, type TestEmulator } from "../helpers/emulator";
import { program, StackOperationError, TestStack } from "../helpers/stack";

// When PostHog refuses a change at apply, the user sees PostHog's own message, the HTTP status and
// the client's hint, and never the API key.
describe("API refusals at apply", () => {
  let emulator: TestEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(async () => emulator?.close());

  async function upFailure(apiKey: string, orgId: string, roleName: string): Promise<string> {
    const stack = await TestStack.open({
      ...program("test/e2e/programs/role"),
      env: { POSTHOG_HOST: emulator.url, POSTHOG_PERSONAL_API_KEY: apiKey, POSTHOG_ORGANIZATION_ID: orgId },
    });
    try {
      await stack.setConfig("roleName", roleName);
      await stack.up();
    } catch (err) {
      expect(err).toBeInstanceOf(StackOperationError);
      const message = (err as StackOperationError).message;
      expect(message).not.toContain(apiKey);
      return message;
    } finally {
      await stack.close();
    }
    throw new Error("up succeeded but should have failed");
  }

  it("names the missing scope and how to add it", async () => {
    const boot = await emulator.control.bootstrap({
      email: "scoped@example.com",
      org_name: "Scoped",
      scopes: ["organization:read"],
    });
    const out = await upFailure(boot.api_key, boot.organization.id, "Engineering");
    expect(out).toMatch(/creating Role "Engineering" in organization/);
    expect(out).toMatch(/403/);
    expect(out).toMatch(/API key missing required scope 'organization:write'/);
    expect(out).toMatch(/Add the scope 'organization:write' to the personal API key/);
  });

  it("shows PostHog's uniqueness message when the name is taken outside the program", async () => {
    const boot = await emulator.control.bootstrap({ email: "taken@example.com", org_name: "Taken" });
    const res = await fetch(`${emulator.url}/api/organizations/${boot.organization.id}/roles/`, {
      method: "POST",
      headers: { authorization: `Bearer ${boot.api_key}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Support" }),
    });
    expect(res.status).toBe(201);
    const out = await upFailure(boot.api_key, boot.organization.id, "SUPPORT");
    expect(out).toMatch(/400/);
    expect(out).toMatch(/There is already a role with this name\./);
  });
});
