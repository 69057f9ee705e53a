import { fork, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { openEmulators } from "./emulator";
import { emulatorSecrets, secretLeaks } from "./secret-scan";
import type { StackSpec } from "./stack-runner";

/** The failure of a Pulumi operation, with what the CLI printed. */
export class StackOperationError extends Error {
  constructor(
    message: string,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/**
 * TestStack drives one stack of a local program with the real pulumi CLI, from a child process
 * (see stack-runner.ts for why). Each method is one CLI operation.
 */
export class TestStack {
  private next = 0;
  /** Everything the CLI printed (engine and provider output included) and every error, in order. */
  readonly transcript: string[] = [];
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  /** Why the runner is gone, once it is: later calls fail with it instead of waiting forever. */
  private gone: string | undefined;
  /** Values that must never appear in plain text: the API key and every secret config value. */
  private readonly secrets = new Set<string>();
  private constructor(
    private readonly child: ChildProcess,
    readonly scratchDir: string,
    private readonly host: string | undefined,
  ) {
    child.on("message", (msg: any) => {
      const waiter = this.pending.get(msg.id);
      if (!waiter) return;
      this.pending.delete(msg.id);
      if (msg.ok) {
        if (typeof msg.result?.stdout === "string") this.transcript.push(msg.result.stdout);
        waiter.resolve(msg.result);
      } else {
        this.transcript.push(msg.error.message ?? "", msg.error.stdout ?? "", msg.error.stderr ?? "");
        waiter.reject(new StackOperationError(msg.error.message, msg.error.stdout ?? "", msg.error.stderr ?? ""));
      }
    });
    child.on("exit", (code, signal) => {
      this.gone = `stack runner exited (${signal ?? `code ${code}`})`;
      for (const w of this.pending.values()) w.reject(new Error(this.gone));
      this.pending.clear();
    });
  }

  /** Starts a runner and opens the stack of the program in `projectDir` (source) / `programModule` (compiled). */
  static async open(spec: Omit<StackSpec, "scratchDir">): Promise<TestStack> {
    const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), "pt-stack-"));
    // With its own node_modules, the runner runs from a copy beside them, so the Automation API and
    // the program share that project's one @pulumi/pulumi (two copies cannot share the engine link).
    let runner = path.join(__dirname, "stack-runner.js");
    if (spec.nodeModules) {
      const copy = path.join(path.dirname(spec.nodeModules), ".stack-runner.js");
      fs.copyFileSync(runner, copy);
      runner = copy;
    }
    const child = fork(runner, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const stack = new TestStack(child, scratchDir, spec.env?.POSTHOG_HOST);
    const key = spec.env?.POSTHOG_PERSONAL_API_KEY;
    if (key) stack.secrets.add(key);
    for (const { value, secret } of Object.values(spec.config ?? {})) if (secret) stack.secrets.add(value);
    await stack.call("open", { ...spec, scratchDir });
    return stack;
  }

  private call<T = any>(op: string, args?: unknown): Promise<T> {
    if (this.gone) return Promise.reject(new Error(`${op}: ${this.gone}`));
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, op, args }, (err) => {
        if (!err || !this.pending.delete(id)) return;
        reject(new Error(`${op}: the stack runner cannot be reached (${err.message})`));
      });
    });
  }

  up(opts: Record<string, unknown> = {}) {
    return this.call<{ stdout: string; summary: any; outputs: Record<string, { value: any; secret: boolean }> }>(
      "up",
      opts,
    );
  }
  preview(opts: { expectNoChanges?: boolean } & Record<string, unknown> = {}) {
    return this.call<{ stdout: string; changeSummary: Record<string, number> }>("preview", opts);
  }
  /** A preview's engine events (steps and diagnostics), as `pulumi preview --event-log` writes them; never throws on a failed preview. */
  previewEvents(opts: Record<string, unknown> = {}) {
    return this.call<{ events: unknown[]; stdout: string; failed: boolean; message?: string }>("previewEvents", opts);
  }
  refresh(opts: Record<string, unknown> = {}) {
    return this.call<{ stdout: string; summary: any }>("refresh", opts);
  }
  destroy(opts: Record<string, unknown> = {}) {
    return this.call<{ stdout: string; summary: any }>("destroy", opts);
  }
  setConfig(key: string, value: string, secret = false) {
    if (secret) this.secrets.add(value);
    return this.call("setConfig", { key, value, secret });
  }
  removeConfig(key: string) {
    return this.call("removeConfig", { key });
  }
  exportStack() {
    return this.call<{ version: number; deployment: any }>("exportStack");
  }
  /** `pulumi stack import`: replaces the stack's state with `state` (an `exportStack()` result). */
  importStack(state: { version: number; deployment: any }) {
    return this.call("importStack", state);
  }
  outputs() {
    return this.call<Record<string, { value: any; secret: boolean }>>("outputs");
  }
  /**
   * The stack's state file exactly as the backend stores it on disk. (`exportStack` is no good for
   * secrecy checks: the Automation API exports with `--show-secrets`.)
   */
  rawState(): string {
    const stacks = path.join(this.scratchDir, "state", ".pulumi", "stacks");
    const files = fs.readdirSync(stacks, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".json"));
    if (files.length !== 1) throw new Error(`expected one stack file under ${stacks}, found ${files.length}`);
    return fs.readFileSync(path.join(stacks, files[0]), "utf8");
  }
  /** `pulumi cancel`: releases what a killed CLI left behind. */
  cancel() {
    return this.call("cancel");
  }
  /** The runner's process id: the `pulumi` CLI it drives and the provider process descend from it. */
  get runnerPid(): number {
    return this.child.pid!;
  }
  /** `pulumi version` as the Automation API read it from the CLI in use. */
  version() {
    return this.call<string>("version");
  }

  /**
   * Scans what the stack stored and printed for secrets, stops the runner and removes the scratch
   * directory; throws when a secret appears in plain text (issue 11 item 6): the API key, secret
   * config values, and every project token and batch-export credential of the stack's emulator.
   */
  async close(): Promise<void> {
    let leaks: string[];
    try {
      leaks = await this.secretLeaks();
    } finally {
      this.child.kill();
      fs.rmSync(this.scratchDir, { recursive: true, force: true });
    }
    if (leaks.length > 0) throw new Error(leaks.join("\n"));
  }

  private async secretLeaks(): Promise<string[]> {
    const emulator = this.host === undefined ? undefined : openEmulators.get(this.host);
    const secrets = new Set([...this.secrets, ...(emulator ? await emulatorSecrets(emulator) : [])]);
    let stateFile = "";
    try {
      stateFile = this.rawState();
    } catch {
      // No stack file (the program never ran an update): nothing stored to scan.
    }
    const texts = this.transcript.map((t, i): [string, string] => [`CLI output #${i + 1}`, t]);
    return secretLeaks(secrets, [["the state file", stateFile], ...texts]);
  }
}

/** The repo root, from dist/test/helpers. */
export const repoRoot = path.resolve(__dirname, "../../..");

/** The source dir and compiled module of a program under the repo (e.g. `test/e2e/programs/role`). */
export function program(relDir: string): { projectDir: string; programModule: string } {
  return { projectDir: path.join(repoRoot, relDir), programModule: path.join(repoRoot, "dist", relDir, "index.js") };
}
