// How the benchmark measures one Pulumi operation on one stack: its wall time, the requests the
// emulator logged, the dynamic-provider processes' peak memory, and the state it leaves.
import * as fs from "node:fs";
import type { TestEmulator } from "../helpers/emulator";
import type { TestStack } from "../helpers/stack";

/** The operations of the main table. */
export type Op = "up" | "no-op preview" | "preview --refresh" | "refresh" | "destroy";
export const OPS: Op[] = ["up", "no-op preview", "preview --refresh", "refresh", "destroy"];

/** Samples the peak resident set (VmHWM) of the dynamic-provider processes while an operation runs. */
function rssSampler(): () => number {
  let peak = 0;
  const sample = () => {
    for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
      try {
        if (!fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("dynamic-provider")) continue;
        const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
        if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
      } catch {
        // the process ended between listing and reading
      }
    }
  };
  const timer = setInterval(sample, 200);
  return () => {
    clearInterval(timer);
    sample();
    return peak;
  };
}

/** What one operation cost. */
export interface Measured {
  /** Seconds from the operation's start to its end, as the Automation API saw them. */
  wall: number;
  /** Requests the emulator received during the operation (0 without an emulator). */
  requests: number;
  /** Peak resident set of the dynamic-provider processes, in MiB. */
  rssMiB: number;
  /** Seconds from the first request's arrival to the last one's (0 without a request log). */
  apiSpan: number;
}

/** Runs `op` on `stack` once and measures it; `progress` gets the emulator's request counts by route. */
export async function measure(
  stack: TestStack,
  op: Op,
  emulator?: TestEmulator,
  progress: (msg: string) => void = () => {},
): Promise<Measured> {
  await emulator?.control.clearRequests();
  const stop = rssSampler();
  const t0 = Date.now();
  if (op === "up") await stack.up();
  else if (op === "no-op preview") await stack.preview({ expectNoChanges: true });
  else if (op === "preview --refresh") await stack.preview({ refresh: true, expectNoChanges: true });
  else if (op === "refresh") await stack.refresh();
  else await stack.destroy();
  const wall = (Date.now() - t0) / 1000;
  const rssMiB = stop();
  const log = emulator ? await emulator.control.requests() : undefined;
  if (log) progress(`  requests by route: ${JSON.stringify(log.counts)}`);
  const times = (log?.requests ?? []).map((r) => Date.parse(r.at)).filter((t) => !Number.isNaN(t));
  const apiSpan = times.length ? (Math.max(...times) - Math.min(...times)) / 1000 : 0;
  return { wall, requests: log?.requests.length ?? 0, rssMiB, apiSpan };
}

/** Average `__provider` bytes and state bytes per dynamic resource, from the stack's export, overall and by kind. */
export async function stateSizes(
  stack: TestStack,
): Promise<{ provider: number; state: number; engine: number; byKind: string }> {
  const resources = (await stack.exportStack()).deployment.resources.filter((r: any) =>
    r.type.startsWith("pulumi-nodejs:dynamic"),
  );
  const avg = (rs: any[], f: (r: any) => number) =>
    Math.round(rs.reduce((a: number, r: any) => a + f(r), 0) / rs.length);
  // Without the engine's record of where the program created it (`sourcePosition`, `stackTrace`),
  // which follows the program's call stack, not the kind, and is reported beside the rest.
  const own = ({ stackTrace: _t, sourcePosition: _p, ...rest }: any) => Buffer.byteLength(JSON.stringify(rest));
  const kinds = [...new Set(resources.map((r: any) => String(r.type).split(":").pop()!))].sort();
  return {
    provider: avg(resources, (r) => Buffer.byteLength(r.outputs.__provider ?? "")),
    state: avg(resources, own),
    engine: avg(resources, (r) => Buffer.byteLength(JSON.stringify(r)) - own(r)),
    byKind: kinds
      .map(
        (kind) =>
          `${kind} ${avg(
            resources.filter((r: any) => r.type.endsWith(`:${kind}`)),
            own,
          )}`,
      )
      .join(", "),
  };
}
