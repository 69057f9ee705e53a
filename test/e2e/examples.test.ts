import * as fs from "node:fs";
import * as path from "node:path";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator";
import { repoRoot, TestStack } from "../helpers/stack";

// Every example is also an e2e fixture: up, no changes on a second preview, destroy leaves nothing.
const examples = fs.readdirSync(path.join(repoRoot, "examples")).filter((d) => fs.existsSync(path.join(repoRoot, "examples", d, "index.ts")));

describe.each(examples)("example %s", (name) => {
  let emulator: TestEmulator;
  let stack: TestStack;
  let orgId: string;
  const objects = async () => {
    const s = await emulator.control.state();
    const mine = (o: { organization_id: string }) => o.organization_id === orgId;
    return { roles: s.roles.filter(mine), projects: s.projects.filter((p) => mine(p) && !p.is_pending_deletion && p.name !== "Default project"), memberships: s.roleMemberships };
  };

  beforeAll(async () => {
    emulator = await startTestEmulator();
    const boot = await emulator.control.bootstrap({ org_name: `Example ${name}` });
    orgId = boot.organization.id;
    // The quickstart is the root program: its Pulumi.yaml is the repository's.
    const projectDir = name === "quickstart" ? repoRoot : path.join(repoRoot, "examples", name);
    stack = await TestStack.open({
      projectDir,
      programModule: path.join(repoRoot, "dist/examples", name, "index.js"),
      env: { POSTHOG_HOST: emulator.url, POSTHOG_PERSONAL_API_KEY: boot.api_key, POSTHOG_ORGANIZATION_ID: orgId },
    });
  });
  afterAll(async () => {
    await stack?.close();
    await emulator?.close();
  });

  it("applies, then previews no changes", async () => {
    await stack.up();
    const live = await objects();
    expect(live.roles.length + live.projects.length).toBeGreaterThan(0);
    await stack.preview({ expectNoChanges: true });
  });

  it("destroys everything it created", async () => {
    await stack.destroy();
    expect(await objects()).toEqual({ roles: [], projects: [], memberships: [] });
  });
});
