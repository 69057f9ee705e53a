import * as fs from "node:fs";
import * as path from "node:path";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator";
import { repoRoot, TestStack } from "../helpers/stack";

// Every example is also an e2e fixture: up, no changes on a second preview nor on refresh, destroy
// leaves nothing.
const examples = fs
  .readdirSync(path.join(repoRoot, "examples"))
  .filter((d) => fs.existsSync(path.join(repoRoot, "examples", d, "index.ts")));

describe.each(examples)("example %s", (name) => {
  let emulator: TestEmulator;
  let stack: TestStack;
  let orgId: string;
  // What exists in PostHog, by kind: ids of live objects (a project pending deletion is gone).
  const objects = async () => {
    const s = await emulator.control.state();
    return {
      organizations: s.organizations.map((o) => o.id).sort(),
      projects: s.projects
        .filter((p) => !p.is_pending_deletion)
        .map((p) => p.id)
        .sort(),
      roles: s.roles.map((r) => r.id).sort(),
      roleMemberships: s.roleMemberships.map((m) => m.id).sort(),
      invites: s.invites.map((i) => i.id).sort(),
      domains: s.domains.map((d) => d.id).sort(),
      proxyRecords: s.proxyRecords
        .filter((r) => r.status !== "deleting")
        .map((r) => r.id)
        .sort(),
    };
  };
  let before: Awaited<ReturnType<typeof objects>>;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    const boot = await emulator.control.bootstrap({ org_name: `Example ${name}` });
    orgId = boot.organization.id;
    // The gitops example is the root program: its Pulumi.yaml is the repository's.
    const projectDir = name === "gitops" ? repoRoot : path.join(repoRoot, "examples", name);
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

  it("applies, then previews no changes and refreshes no changes", async () => {
    before = await objects();
    await stack.up();
    expect(await objects()).not.toEqual(before);
    await stack.preview({ expectNoChanges: true });
    await stack.refresh({ expectNoChanges: true });
  });

  it("destroys everything it created", async () => {
    await stack.destroy();
    expect(await objects()).toEqual(before);
  });
});
