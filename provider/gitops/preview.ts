// A Pulumi preview as the reports read it, from either output the CLI can give:
// `pulumi preview --json` (one object with `steps` and `diagnostics`), or an engine event log
// (`pulumi preview --event-log <file>`, the Automation API's `onEvent`: JSON lines or an array).
import * as fs from "node:fs";
import { spawnSync } from "node:child_process";

/** One planned step. `olds` is the last recorded state (outputs), `news` the new inputs. */
export interface Step {
  op: string;
  urn: string;
  /** The type token's last part, e.g. `Person`, `RoleMembership`. */
  kind: string;
  /** The resource's name as the program gave it. */
  name: string;
  olds: Record<string, any>;
  oldInputs: Record<string, any>;
  news: Record<string, any>;
  /** Properties that differ, when the engine reports them. */
  diffs: string[];
}

export interface Diagnostic {
  severity: string;
  message: string;
  urn?: string;
}

export interface Preview {
  steps: Step[];
  diagnostics: Diagnostic[];
  /** True when the preview failed (an error diagnostic, e.g. a refused rail). */
  failed: boolean;
}

const kindOf = (type: string) => type.split(":").pop() ?? type;
const nameOf = (urn: string) => urn.split("::").pop() ?? urn;

function step(op: string, urn: string, type: string, old: any, neu: any, diffs: unknown): Step {
  return {
    op,
    urn,
    kind: kindOf(type ?? old?.type ?? neu?.type ?? ""),
    name: nameOf(urn),
    olds: old?.outputs ?? {},
    oldInputs: old?.inputs ?? {},
    news: neu?.inputs ?? {},
    diffs: Array.isArray(diffs) ? (diffs as string[]) : [],
  };
}

/** Parses preview output (either format); throws with a message naming the format expected. */
export function parsePreview(text: string): Preview {
  const trimmed = text.trim();
  let events: any[] | undefined;
  let json: any;
  try {
    json = JSON.parse(trimmed);
  } catch {
    events = trimmed
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l));
  }
  // `pulumi preview --json` of a failed preview may carry only diagnostics.
  if (json && !Array.isArray(json) && (Array.isArray(json.steps) || Array.isArray(json.diagnostics))) {
    const diagnostics: Diagnostic[] = (json.diagnostics ?? []).map((d: any) => ({
      severity: d.severity ?? "info",
      message: String(d.message ?? "").trim(),
      urn: d.urn,
    }));
    return {
      steps: (json.steps ?? []).map((s: any) =>
        step(s.op, s.urn, s.newState?.type ?? s.oldState?.type, s.oldState, s.newState, s.diffReasons ?? s.diffs),
      ),
      diagnostics,
      failed: diagnostics.some((d) => d.severity === "error"),
    };
  }
  events ??= Array.isArray(json) ? json : [json];
  const steps: Step[] = [];
  const diagnostics: Diagnostic[] = [];
  let failed = false;
  for (const e of events) {
    const m = e?.resourcePreEvent?.metadata;
    if (m) steps.push(step(m.op, m.urn, m.type, m.old, m.new, m.diffs));
    const d = e?.diagnosticEvent;
    if (d) {
      diagnostics.push({ severity: d.severity, message: String(d.message ?? "").trim(), urn: d.urn });
      if (d.severity === "error") failed = true;
    }
    if (e?.summaryEvent === undefined && e?.cancelEvent) failed = true;
  }
  if (!json && events.length === 0)
    throw new Error("the preview is empty: give `pulumi preview --json` output or an event log.");
  return { steps, diagnostics, failed };
}

/** Reads a preview from a file, or runs `pulumi preview --json` (with `--refresh` for drift). */
export function loadPreview(opts: { from?: string; stack?: string; cwd?: string; refresh?: boolean }): Preview {
  if (opts.from) return parsePreview(fs.readFileSync(opts.from, "utf8"));
  const args = ["preview", "--json", "--non-interactive"];
  if (opts.refresh) args.push("--refresh");
  if (opts.stack) args.push("--stack", opts.stack);
  const run = spawnSync("pulumi", args, { cwd: opts.cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw new Error(`running pulumi preview: ${run.error.message}`);
  if (!run.stdout.trim()) throw new Error(`pulumi preview failed: ${run.stderr.trim().split("\n").pop()}`);
  return parsePreview(run.stdout);
}

/** Diagnostics without Pulumi's decoration, deduplicated. */
export function messages(preview: Preview, severity: string): string[] {
  return [...new Set(preview.diagnostics.filter((d) => d.severity === severity).map((d) => d.message))];
}
