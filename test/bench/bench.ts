// `npm run bench [-- --n 50,200] [--no-latency] [--no-paced] [--out FILE]`: what each Pulumi
// operation costs at N resources of a realistic organization (programs/mix), against the physical
// minimum of requests and against a no-op dynamic-resource baseline of the same N and dependency
// shape (programs/baseline), run interleaved (mix, baseline, mix, …) so both see the same machine.
// Prints progress to stderr and one table to stdout and to FILE (default dist/bench/results.md).
// Never fails on timing: it is a measurement, not a test.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator";
import { program, repoRoot, TestStack } from "../helpers/stack";
import { memberEmail, mixShape } from "./mix-shape";

type Op = "up" | "no-op preview" | "preview --refresh" | "refresh" | "destroy";
const OPS: Op[] = ["up", "no-op preview", "preview --refresh", "refresh", "destroy"];

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const sizes = (option("--n") ?? "50,200,500").split(",").map(Number);
const out = path.resolve(option("--out") ?? path.join(repoRoot, "dist/bench/results.md"));
// The engine's default `--parallel` is 4 × GOMAXPROCS (the CPU count) unless PULUMI_PARALLEL is set.
const parallel = Number(process.env.PULUMI_PARALLEL) || os.availableParallelism() * 4;
const started = Date.now();
const progress = (msg: string) =>
  process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}\n`);

/** The fewest requests each operation can cost at N (see docs/performance.md for the reasoning). */
function minimum(n: number): Record<Op, number> & { upWrites: number; memberPages: number } {
  const s = mixShape(n);
  const pages = (count: number) => Math.max(1, Math.ceil(count / 100));
  const memberPages = pages(s.levels + 1); // the seeded members and the key's user
  const check = 1; // one connection check per provider process that runs checks
  // One write per object; invites go 20 per bulk call, but never more at once than the engine runs.
  const upWrites = s.singles + s.roles + s.memberships + s.levels + Math.ceil(s.invites / Math.min(20, parallel));
  const preview = check + memberPages;
  // Role list (roles and their memberships), invite and member lists, the project by id (its list
  // lacks the settings), and one list each for domains, proxy records and batch exports.
  const refresh = pages(s.roles) + pages(s.invites) + memberPages + 1 + 3;
  return {
    up: preview + upWrites,
    "no-op preview": preview,
    "preview --refresh": check + refresh, // the refresh's member list also serves the checks
    refresh,
    destroy: n,
    upWrites,
    memberPages,
  };
}

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

interface Measured {
  wall: number;
  requests: number;
  rssMiB: number;
}

async function measure(stack: TestStack, op: Op, emulator?: TestEmulator): Promise<Measured> {
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
  return { wall, requests: log?.requests.length ?? 0, rssMiB };
}

/** Average `__provider` bytes and state bytes per dynamic resource, from the stack's export. */
async function stateSizes(stack: TestStack): Promise<{ provider: number; state: number }> {
  const resources = (await stack.exportStack()).deployment.resources.filter((r: any) =>
    r.type.startsWith("pulumi-nodejs:dynamic"),
  );
  const avg = (f: (r: any) => number) =>
    Math.round(resources.reduce((a: number, r: any) => a + f(r), 0) / resources.length);
  return {
    provider: avg((r) => Buffer.byteLength(r.outputs.__provider ?? "")),
    // Without the engine's record of where the program created it (`sourcePosition`, `stackTrace`).
    state: avg(({ stackTrace: _t, sourcePosition: _p, ...own }) => Buffer.byteLength(JSON.stringify(own))),
  };
}

/** Bootstraps the organization of a run of N, with the members the level settings and memberships name. */
async function seed(emulator: TestEmulator, n: number) {
  const boot = await emulator.control.bootstrap({ org_name: `Bench ${n}` });
  const s = mixShape(n);
  for (let i = 0; i < s.levels; i++) {
    const user = await emulator.control.createUser({ email: memberEmail(i) });
    await emulator.control.addMembership({ organization_id: boot.organization.id, user_uuid: user.uuid, level: 1 });
  }
  return boot;
}

async function openStacks(emulator: TestEmulator, boot: Awaited<ReturnType<typeof seed>>, n: number, paced: boolean) {
  const env: Record<string, string> = {
    POSTHOG_HOST: emulator.url,
    POSTHOG_PERSONAL_API_KEY: boot.api_key,
    POSTHOG_ORGANIZATION_ID: boot.organization.id,
    // Unpaced unless measuring PostHog's real limits (the client's defaults, 480/min and 4,800/h).
    ...(paced ? {} : { POSTHOG_REQUESTS_PER_MINUTE: "100000000", POSTHOG_REQUESTS_PER_HOUR: "1000000000" }),
  };
  const config = { n: { value: String(n) } };
  return {
    mix: await TestStack.open({ ...program("test/bench/programs/mix"), env, config }),
    baseline: paced ? undefined : await TestStack.open({ ...program("test/bench/programs/baseline"), env, config }),
  };
}

const fmt = (x: number, d = 1) => x.toFixed(d);

async function main() {
  const rows: string[] = [];
  const extras: string[] = [];
  progress(`N = ${sizes.join(", ")}; engine parallelism ${parallel}; load average ${os.loadavg()[0].toFixed(1)}`);
  for (const n of sizes) {
    const min = minimum(n);
    const emulator = await startTestEmulator();
    await emulator.control.settings({ rate_limit_enabled: false });
    const boot = await seed(emulator, n);
    const { mix, baseline } = await openStacks(emulator, boot, n, false);
    let upWall = 0;
    try {
      for (const op of OPS) {
        progress(`N=${n} ${op}: PostHog program`);
        const m = await measure(mix, op, emulator);
        const sizesMix = op === "up" ? await stateSizes(mix) : undefined;
        progress(`N=${n} ${op}: baseline`);
        const b = await measure(baseline!, op);
        const sizesBase = op === "up" ? await stateSizes(baseline!) : undefined;
        if (op === "up") upWall = m.wall;
        rows.push(
          `| ${op} | ${n} | ${m.requests} | ${min[op]} | ${fmt(m.requests / min[op], 2)} | ${fmt(m.wall)} | ${fmt(b.wall)} | ${fmt(m.wall / b.wall, 2)} | ${
            sizesMix ? `${sizesMix.provider} (baseline ${sizesBase!.provider})` : ""
          } | ${sizesMix ? `${sizesMix.state} (baseline ${sizesBase!.state})` : ""} | ${fmt(m.rssMiB, 0)} (baseline ${fmt(b.rssMiB, 0)}) |`,
        );
        progress(
          `N=${n} ${op}: ${m.requests} requests (minimum ${min[op]}), ${fmt(m.wall)} s, baseline ${fmt(b.wall)} s`,
        );
      }
      if (!flag("--no-latency")) {
        // 100 ms on every API request. Ideal: the connection check and the member pages one after
        // the other, then the writes `parallel` wide.
        await emulator.control.addFault({ path: "^/api/", kind: "latency", latency_ms: 100 });
        progress(`N=${n} up with 100 ms latency`);
        const l = await measure(mix, "up", emulator);
        await emulator.control.clearFaults();
        const ideal = (1 + min.memberPages + Math.ceil(min.upWrites / parallel)) * 0.1;
        const added = l.wall - upWall;
        extras.push(
          `| up, 100 ms latency | ${n} | ${l.requests} | ${fmt(l.wall)} | ${fmt(upWall)} | ${fmt(added)} | ${fmt(ideal)} | ${fmt(added / ideal, 2)} |`,
        );
        progress(`N=${n} destroy (after the latency run)`);
        await mix.destroy();
      }
    } finally {
      await mix.close();
      await baseline?.close();
    }
    if (!flag("--no-paced")) {
      await emulator.control.settings({ rate_limit_enabled: true });
      const paced = await openStacks(emulator, boot, n, true);
      try {
        progress(`N=${n} up at PostHog's limits (480/min, 4,800/h)`);
        const p = await measure(paced.mix, "up", emulator);
        // Rate-bound ideal: the first 480 requests of a minute go at once, then 480 per minute.
        const rateBound = Math.max(0, (min.up - 480) / 480) * 60;
        extras.push(
          `| up at 480/min, 4,800/h | ${n} | ${p.requests} | ${fmt(p.wall)} | ${fmt(upWall)} | ${fmt(p.wall - upWall)} | ${fmt(rateBound)} (rate-bound) | ${
            rateBound > 0 ? fmt((p.wall - upWall) / rateBound, 2) : "–"
          } |`,
        );
        progress(`N=${n} destroy (paced)`);
        await paced.mix.destroy();
      } finally {
        await paced.mix.close();
      }
    }
    await emulator.close();
  }
  const table = [
    `# pulumi-posthog-org benchmark`,
    "",
    `${new Date().toISOString()}; N = ${sizes.join(", ")}; engine parallelism ${parallel}; ${os.availableParallelism()} CPUs; load average at the end ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(
        " ",
      )}. Zero latency and unpaced unless said; wall times are one run each (interleaved with the baseline), so compare ratios.`,
    "",
    "| operation | N | requests | minimum | ratio | wall s | baseline wall s | ratio | `__provider` bytes | state bytes / resource | provider peak RSS MiB |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...rows,
    "",
    "| run | N | requests | wall s | zero-latency, unpaced wall s | added s | ideal added s | added / ideal |",
    "|---|---|---|---|---|---|---|---|",
    ...extras,
    "",
  ].join("\n");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, table);
  process.stdout.write(table);
  progress(`done; table written to ${path.relative(process.cwd(), out)}`);
}

main().catch((err) => {
  process.stderr.write(`bench: ${err?.stack ?? err}\n`);
  process.exit(1);
});
