// `npm run demo`: runs the root program (examples/quickstart) with the real pulumi CLI. Without
// PostHog credentials in the environment it starts the project's PostHog API emulator on loopback
// and points the provider at it, so the demo needs no account and no network.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { openStack } from "../test/helpers/stack-runner";
import { startEmulator } from "../test/emulator/server";

async function main(): Promise<void> {
  const root = path.resolve(__dirname, "../..");
  const env: Record<string, string> = {};
  let stop = async () => {};
  if (!process.env.POSTHOG_PERSONAL_API_KEY && !process.env.POSTHOG_API_KEY) {
    const emulator = await startEmulator({ port: 0 });
    stop = () => emulator.close();
    const boot: any = await (
      await fetch(`${emulator.url}/_emulator/bootstrap`, {
        method: "POST",
        body: JSON.stringify({ org_name: "Demo Org" }),
        headers: { "content-type": "application/json" },
      })
    ).json();
    Object.assign(env, {
      POSTHOG_HOST: emulator.url,
      POSTHOG_PERSONAL_API_KEY: boot.api_key,
      POSTHOG_ORGANIZATION_ID: boot.organization.id,
    });
    console.log(`demo: PostHog API emulator at ${emulator.url}, organization ${boot.organization.id}`);
  }
  const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), "posthog-demo-"));
  try {
    const stack = await openStack({
      projectDir: root,
      programModule: path.join(root, "dist/examples/quickstart/index.js"),
      scratchDir,
      stackName: "demo",
      env,
    });
    console.log(`demo: pulumi ${stack.workspace.pulumiVersion}, stack state in ${scratchDir}`);
    const onOutput = (s: string) => process.stdout.write(s);
    await stack.up({ onOutput });
    console.log("\ndemo: checking that a second run has nothing to change (pulumi preview --expect-no-changes)");
    await stack.preview({ onOutput, expectNoChanges: true });
    if (!process.argv.includes("--keep")) {
      console.log("\ndemo: cleaning up (pulumi destroy); pass --keep to leave the resources in place");
      await stack.destroy({ onOutput });
    }
  } finally {
    await stop();
    if (!process.argv.includes("--keep")) fs.rmSync(scratchDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  // Automation API errors repeat the CLI's whole output; what the CLI printed was already streamed.
  const stderr = (err as { commandResult?: { stderr?: string } }).commandResult?.stderr;
  console.error(`demo failed: ${stderr?.trim() || (err instanceof Error ? err.message : err)}`);
  process.exit(1);
});
