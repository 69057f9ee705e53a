// A child process that drives one Pulumi stack through the Automation API with an inline program.
//
// Why a separate process: the program's dynamic resources are serialized (closure capture through
// the V8 inspector), which breaks inside jest's module sandbox (pulumi/pulumi#3799). Here the
// program runs in plain Node, exactly as under `pulumi up`, while the engine is the real CLI.
//
// Why inline: the Go module proxy reachable here serves the pulumi CLI (pkg/v3) but not the
// nodejs language host module, so the program is hosted by the Automation API's own language
// server (`pulumi up --client=<addr>`), which is part of @pulumi/pulumi.
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";

/** Where the stack lives and what it runs. */
export interface StackSpec {
  /** Directory with the program's Pulumi.yaml (copied into `workDir`). */
  projectDir: string;
  /** The compiled program module (its exports become stack outputs). */
  programModule: string;
  /** A scratch directory for this stack: work dir, state backend and PULUMI_HOME live here. */
  scratchDir: string;
  stackName?: string;
  /** Extra environment for every CLI call and the provider process (POSTHOG_*). */
  env?: Record<string, string>;
  /** Stack configuration to set before the first operation. */
  config?: Record<string, { value: string; secret?: boolean }>;
  /** The node_modules the program and provider process resolve from (default: the repo's). */
  nodeModules?: string;
}

/** Opens (creating if needed) the stack described by `spec`. */
export async function openStack(spec: StackSpec): Promise<Stack> {
  const repoRoot = path.resolve(__dirname, "../../..");
  const workDir = path.join(spec.scratchDir, "work");
  fs.mkdirSync(path.join(spec.scratchDir, "state"), { recursive: true });
  fs.mkdirSync(workDir, { recursive: true });
  // The inline program replaces the project's `main`, which would not resolve from the work dir.
  const project = fs.readFileSync(path.join(spec.projectDir, "Pulumi.yaml"), "utf8").replace(/^main:.*\n/m, "");
  fs.writeFileSync(path.join(workDir, "Pulumi.yaml"), project);
  // The provider process starts in the work dir and resolves `pulumi-posthog-org/runtime` and the
  // dynamic-provider host from there, as it would from a user's project.
  const modules = path.join(workDir, "node_modules");
  if (!fs.existsSync(modules)) fs.symlinkSync(spec.nodeModules ?? path.join(repoRoot, "node_modules"), modules, "dir");

  const projectName = /^name:\s*(\S+)/m.exec(fs.readFileSync(path.join(workDir, "Pulumi.yaml"), "utf8"))?.[1];
  if (!projectName) throw new Error(`no project name in ${spec.projectDir}/Pulumi.yaml`);
  const root = process.env.PULUMI_ROOT;
  if (!root) throw new Error("PULUMI_ROOT is not set: run through scripts/node after scripts/setup.sh");

  // Under `pulumi up` the program inherits the CLI's environment; the inline program runs here, so
  // give this process the same variables (the runner serves one stack).
  Object.assign(process.env, spec.env);

  const program = async () => {
    // A fresh copy of the program and of the package on every operation, as a new `pulumi up`
    // process would load them, so config changes between steps apply and no module state leaks.
    const fresh = [path.dirname(spec.programModule), path.join(repoRoot, "dist") + path.sep];
    for (const key of Object.keys(require.cache))
      if (fresh.some((dir) => key.startsWith(dir))) delete require.cache[key];
    const exported = require(spec.programModule);
    return Object.fromEntries(
      Object.entries(exported).filter(([k, v]) => k !== "__esModule" && typeof v !== "function"),
    );
  };

  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: spec.stackName ?? "test", projectName, program },
    {
      workDir,
      pulumiCommand: await PulumiCommand.get({ root }),
      pulumiHome: path.join(spec.scratchDir, "home"),
      envVars: {
        PULUMI_BACKEND_URL: `file://${path.join(spec.scratchDir, "state")}`,
        PULUMI_CONFIG_PASSPHRASE: "e2e",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_SKIP_CONFIRMATIONS: "true",
        ...spec.env,
      },
    },
  );
  for (const [key, { value, secret }] of Object.entries(spec.config ?? {}))
    await stack.setConfig(key, { value, secret });
  return stack;
}

// ---- child-process protocol: {id, op, args} in, {id, ok, result | error} out ----
type Op =
  | "open"
  | "up"
  | "preview"
  | "previewEvents"
  | "refresh"
  | "destroy"
  | "setConfig"
  | "removeConfig"
  | "exportStack"
  | "importStack"
  | "outputs"
  | "cancel"
  | "version";

let current: Stack | undefined;
let version: string | undefined;

async function run(op: Op, args: any): Promise<unknown> {
  if (op === "open") {
    current = await openStack(args as StackSpec);
    version = current.workspace.pulumiVersion;
    return { version };
  }
  if (!current) throw new Error("stack not opened");
  const out = { onOutput: (s: string) => (captured += s) };
  let captured = "";
  switch (op) {
    case "up": {
      const r = await current.up({ ...out, ...args });
      return { stdout: captured, summary: r.summary, outputs: r.outputs };
    }
    case "preview": {
      const r = await current.preview({ ...out, ...args });
      return { stdout: captured, changeSummary: r.changeSummary };
    }
    case "previewEvents": {
      // The engine events a `pulumi preview --event-log` file holds (steps and diagnostics), also
      // when the preview fails: reports are made from a refused preview too.
      const events: unknown[] = [];
      const onEvent = (e: any) => (e.resourcePreEvent || e.diagnosticEvent) && events.push(e);
      try {
        await current.preview({ ...out, ...args, onEvent });
        return { events, stdout: captured, failed: false };
      } catch (err) {
        return { events, stdout: captured, failed: true, message: (err as Error).message };
      }
    }
    case "refresh": {
      const r = await current.refresh({ ...out, ...args });
      return { stdout: captured, summary: r.summary };
    }
    case "destroy": {
      const r = await current.destroy({ ...out, ...args });
      return { stdout: captured, summary: r.summary };
    }
    case "setConfig":
      return current.setConfig(args.key, { value: args.value, secret: args.secret });
    case "removeConfig":
      return current.removeConfig(args.key);
    case "exportStack":
      return current.exportStack();
    case "importStack":
      return current.importStack(args);
    case "outputs":
      return current.outputs();
    case "cancel":
      // `pulumi cancel`: what a user runs after a killed CLI left the local backend's lock behind.
      return current.cancel();
    case "version":
      return version;
  }
}

if (require.main === module && process.send) {
  // The inline program runs in this process. When a test kills the engine mid-operation, the
  // program's pending calls to it fail (gRPC UNAVAILABLE) after the operation already returned, as
  // rejections nobody awaits; with no listener Node would exit. A `pulumi up` program process would
  // exit with its engine; this one serves the stack's next operations (`pulumi cancel`, `up`), so
  // it prints them and stays up. (Pulumi's own listener still reports a program's errors.)
  const survive = (err: unknown) =>
    process.stderr.write(`stack runner: an error no operation awaited: ${(err as Error)?.message ?? err}\n`);
  process.on("unhandledRejection", survive);
  process.on("uncaughtException", survive);
  process.on("message", async (msg: { id: number; op: Op; args: unknown }) => {
    try {
      const result = await run(msg.op, msg.args);
      process.send!({ id: msg.id, ok: true, result });
    } catch (err) {
      const e = err as Error & { commandResult?: { stdout?: string; stderr?: string } };
      process.send!({
        id: msg.id,
        ok: false,
        error: { message: e.message, stdout: e.commandResult?.stdout, stderr: e.commandResult?.stderr },
      });
    }
  });
}
