import * as fs from "node:fs";
import * as path from "node:path";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator";
import { program, repoRoot, TestStack } from "../helpers/stack";
import { providerText } from "../../provider/shim/posthog-shim";

// The first vertical slice: a Role through the real pulumi CLI, the shim, the runtime core and the
// API client, against the emulator. Steps share one stack and run in order.
describe("Role lifecycle through the real pulumi CLI", () => {
  let emulator: TestEmulator;
  let stack: TestStack;
  let orgId: string;
  let apiKey: string;
  let userUuid: string;
  const roles = async () => (await emulator.control.state()).roles.filter((r: any) => r.organization_id === orgId);

  beforeAll(async () => {
    emulator = await startTestEmulator();
    const boot = await emulator.control.bootstrap({ org_name: "E2E Roles" });
    orgId = boot.organization.id;
    apiKey = boot.api_key;
    userUuid = boot.user.uuid;
    stack = await TestStack.open({
      ...program("test/e2e/programs/role"),
      env: { POSTHOG_HOST: emulator.url, POSTHOG_PERSONAL_API_KEY: apiKey, POSTHOG_ORGANIZATION_ID: orgId },
    });
    console.log(`pulumi version (as the Automation API read it from the CLI): ${await stack.version()}`);
  });
  afterAll(async () => {
    await stack?.close();
    await emulator?.close();
  });

  it("creates the role on up", async () => {
    const result = await stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ create: 2 });
    const live = await roles();
    expect(live.map((r: any) => r.name)).toEqual(["Engineering"]);
    expect(result.outputs.roleId.value).toBe(live[0].id);
  });

  it("previews no changes right after up", async () => {
    await expect(stack.preview({ expectNoChanges: true })).resolves.toBeDefined();
  });

  it("keeps the API key out of state and keeps __provider small", async () => {
    expect(stack.rawState()).not.toContain(apiKey);
    const state = await stack.exportStack();
    const dynamic = state.deployment.resources.filter((r: any) => r.type.startsWith("pulumi-nodejs:dynamic/"));
    expect(dynamic).toHaveLength(1);
    for (const r of dynamic) {
      // A require of the kind's shim module (provider/shim/posthog-shim.ts), in inputs and outputs.
      const bytes = Buffer.byteLength(r.outputs.__provider);
      // The engine also records where the program created the resource (`sourcePosition`,
      // `stackTrace`): the program's line and its caller, not the whole call stack, which was
      // another 600 bytes (provider/resources/common.ts, `programFrames`).
      const { stackTrace, sourcePosition, ...own } = r;
      const stateBytes = Buffer.byteLength(JSON.stringify(own));
      const total = Buffer.byteLength(JSON.stringify(r));
      console.log(
        `${r.type}: __provider ${bytes} bytes; state ${stateBytes} bytes per resource (${total} with the engine's source positions)`,
      );
      expect(stackTrace.length).toBeLessThanOrEqual(2);
      expect(sourcePosition).not.toMatch(/provider\/resources\//);
      expect(total).toBeLessThanOrEqual(1536);
      expect(r.inputs.__provider).toBe(r.outputs.__provider);
      expect(bytes).toBeLessThanOrEqual(300);
      expect(stateBytes).toBeLessThanOrEqual(1536);
    }
  });

  it.each([
    ["the closure-serialized require written before this release", "provider-closure-role.txt"],
    ["the serialized class 0.1.0 wrote", "provider-0.1.0-role.txt"],
  ])(
    "keeps a stack whose state holds %s: no changes, refresh works, up records this release's",
    async (_n, fixture) => {
      const earlier = fs.readFileSync(path.join(repoRoot, "test/unit/shim", fixture), "utf8");
      const state = await stack.exportStack();
      const role = state.deployment.resources.find((r: any) => r.type.endsWith(":Role"));
      role.inputs.__provider = earlier;
      role.outputs.__provider = earlier;
      await stack.importStack(state);
      await expect(stack.preview({ expectNoChanges: true })).resolves.toBeDefined();
      await stack.refresh();
      const result = await stack.up();
      expect(result.summary.resourceChanges).toEqual({ same: 2 });
      const after = (await stack.exportStack()).deployment.resources.find((r: any) => r.type.endsWith(":Role"));
      // The engine records the program's inputs on a step without changes; outputs follow on the next update.
      expect(after.inputs.__provider).toBe(providerText("Role"));
    },
  );

  it("renames the role in place on up (an update, not a replacement)", async () => {
    const before = (await roles())[0].id;
    await stack.setConfig("roleName", "Platform");
    const result = await stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(result.summary.resourceChanges.replace ?? 0).toBe(0);
    const live = await roles();
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ id: before, name: "Platform" });
    await stack.preview({ expectNoChanges: true });
  });

  it("shows a rename made outside the program on refresh and restores the name on up", async () => {
    const [live] = await roles();
    await emulator.control.patchObject("role", live.id, { name: "Renamed in the UI" });
    await stack.refresh();
    const state = await stack.exportStack();
    expect(state.deployment.resources.find((r: any) => r.type.endsWith(":Role")).outputs.name).toBe(
      "Renamed in the UI",
    );
    await expect(stack.preview({ expectNoChanges: true })).rejects.toThrow();
    expect((await stack.up()).summary.resourceChanges).toMatchObject({ update: 1 });
    expect((await roles())[0]).toMatchObject({ id: live.id, name: "Platform" });
  });

  it("replaces the role when organizationId changes, deleting the old one first", async () => {
    // A second organization the program's key user also administers.
    const other = await emulator.control.bootstrap({ email: "owner2@example.com", org_name: "Second Org" });
    await emulator.control.addMembership({ organization_id: other.organization.id, user_uuid: userUuid, level: 8 });
    const before = (await roles())[0].id;
    await stack.setConfig("organizationId", other.organization.id);
    const result = await stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ replace: 1 });
    expect(await roles()).toEqual([]);
    const moved = (await emulator.control.state()).roles.filter(
      (r: any) => r.organization_id === other.organization.id,
    );
    expect(moved.map((r: any) => r.name)).toEqual(["Platform"]);
    expect(moved[0].id).not.toBe(before);
    await stack.removeConfig("organizationId");
    expect((await stack.up()).summary.resourceChanges).toMatchObject({ replace: 1 });
    expect((await roles()).map((r: any) => r.name)).toEqual(["Platform"]);
  });

  it("drops an out-of-band deleted role on refresh and recreates it on up", async () => {
    const gone = (await roles())[0].id;
    await emulator.control.deleteObject("role", gone);
    const refreshed = await stack.refresh();
    expect(refreshed.summary.resourceChanges).toMatchObject({ delete: 1 });
    const state = await stack.exportStack();
    expect(state.deployment.resources.some((r: any) => r.type.endsWith(":Role"))).toBe(false);

    const result = await stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ create: 1 });
    const live = await roles();
    expect(live).toHaveLength(1);
    expect(live[0].id).not.toBe(gone);
    expect(live[0].name).toBe("Platform");
  });

  it("leaves the server without the role after destroy", async () => {
    await stack.destroy();
    expect(await roles()).toEqual([]);
  });

  it("adopts an existing role and leaves it in PostHog on destroy, saying so", async () => {
    const res = await fetch(`${emulator.url}/api/organizations/${orgId}/roles/`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Legacy" }),
    });
    const legacy = (await res.json()) as { id: string };
    await stack.removeConfig("organizationId");
    await stack.setConfig("roleName", "Legacy");
    await stack.setConfig("adopt", "true");
    await stack.up();
    // Taken over, not created: the one role is the one made outside the program.
    expect((await roles()).map((r: any) => r.id)).toEqual([legacy.id]);
    const destroyed = await stack.destroy();
    expect(destroyed.stdout).toMatch(/was adopted, not created by this stack: it stays in PostHog/);
    expect((await roles()).map((r: any) => r.id)).toEqual([legacy.id]);
  });

  it("with deleteAdopted: true, destroy deletes the adopted role", async () => {
    await stack.setConfig("deleteAdopted", "true");
    await stack.up();
    await stack.destroy();
    expect(await roles()).toEqual([]);
  });
});
