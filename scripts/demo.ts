// `npm run demo`: the root program (examples/gitops: the organization declared from org.yaml) with
// the real pulumi CLI against the project's PostHog API emulator on loopback, so it needs no account
// and no network. The emulator is seeded as a team that clicks in the UI has its org (members,
// a pending invite, roles); `up` adopts it, then changes are made out of band (a level raised, a
// member added) and the `drift` and `audit` reports of the package's CLI are printed.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { openStack } from "../test/helpers/stack-runner";
import { EmulatorControl } from "../test/helpers/emulator";
import { startEmulator } from "../test/emulator/http/server";
import { seedOrg } from "../test/e2e/gitops-seed";

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

async function main(): Promise<void> {
  const root = path.resolve(__dirname, "../..");
  const orgFile = path.join(root, "examples/gitops/org.yaml");
  const emulator = await startEmulator({ port: 0 });
  const control = new EmulatorControl(emulator.url);
  const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), "posthog-demo-"));
  try {
    const boot = await control.bootstrap({ org_name: "Demo Org", email: "ada@example.com" });
    const org = boot.organization.id;
    const env = { POSTHOG_HOST: emulator.url, POSTHOG_PERSONAL_API_KEY: boot.api_key, POSTHOG_ORGANIZATION_ID: org };
    await seedOrg(emulator.url, boot.api_key, org, {
      members: [
        { email: "grace@example.com", level: 8, twoFactor: true, lastLogin: daysAgo(2) },
        { email: "linus@example.com", level: 1, lastLogin: daysAgo(200) },
      ],
      invites: [{ email: "margaret@example.com", level: 1 }],
      roles: [
        { name: "Engineering", members: ["grace@example.com"] },
        { name: "Support", members: [] },
      ],
    });
    console.log(
      `demo: PostHog API emulator at ${emulator.url}, organization ${org}, seeded with 3 members, 1 invite, 2 roles`,
    );
    const stack = await openStack({
      projectDir: root,
      programModule: path.join(root, "dist/examples/gitops/index.js"),
      scratchDir,
      stackName: "demo",
      env,
      config: { orgFile: { value: orgFile } },
    });
    console.log(`demo: pulumi ${stack.workspace.pulumiVersion}, org file ${path.relative(root, orgFile)}`);
    const onOutput = (s: string) => process.stdout.write(s);
    await control.clearRequests();
    await stack.up({ onOutput });
    const { requests } = await control.requests();
    const invites = requests.filter((r) => r.method === "POST" && /invites/.test(r.path)).length;
    console.log(
      `\ndemo: up adopted the existing members and took over the pending invite (${invites} invite emails sent)`,
    );
    console.log("demo: checking that a second run has nothing to change (pulumi preview --expect-no-changes)");
    await stack.preview({ onOutput, expectNoChanges: true });

    console.log("\ndemo: out of band, in the PostHog UI: linus is raised to admin, mallory@example.com is added");
    const linus = (await control.state()).users.find((u) => u.email === "linus@example.com")!;
    await control.patchObject("member", linus.uuid, { level: 8 }, org);
    const mallory = await control.createUser({ email: "mallory@example.com" });
    await control.addMembership({ organization_id: org, user_uuid: mallory.uuid, level: 1 });

    const events: EngineEvent[] = [];
    await stack.preview({ refresh: true, onEvent: (e) => events.push(e) });
    const eventLog = path.join(scratchDir, "drift-preview.json");
    fs.writeFileSync(eventLog, JSON.stringify(events));
    // Asynchronously: the emulator answering the CLI runs in this process.
    const cli = (args: string[]) =>
      new Promise<number>((resolve) => {
        const child = execFile(
          process.execPath,
          [path.join(root, "dist/provider/gitops/cli.js"), ...args],
          { env: { ...process.env, ...env }, encoding: "utf8" },
          (err, stdout, stderr) => {
            process.stdout.write(stdout);
            process.stderr.write(stderr);
            resolve(err ? Number((err as { code?: number }).code ?? 1) : 0);
          },
        );
        child.stdin?.end();
      });
    console.log("\ndemo: posthog-org drift --preview <refresh-preview> --file examples/gitops/org.yaml\n");
    const driftCode = await cli(["drift", "--preview", eventLog, "--file", orgFile]);
    console.log(`(drift exit code ${driftCode}: 2 means drift)\n`);
    console.log("demo: posthog-org audit\n");
    await cli(["audit"]);
  } finally {
    await emulator.close();
    fs.rmSync(scratchDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  // Automation API errors repeat the CLI's whole output; what the CLI printed was already streamed.
  const stderr = (err as { commandResult?: { stderr?: string } }).commandResult?.stderr;
  console.error(`demo failed: ${stderr?.trim() || (err instanceof Error ? err.message : err)}`);
  process.exit(1);
});
