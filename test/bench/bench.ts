// `npm run bench [-- --n 50,200] [--extras-n 200] [--anchor 163,388|none] [--no-latency] [--no-paced] [--no-skip-checkpoints] [--ops up,…] [--repeats 5] [--out FILE]`:
// what each Pulumi operation costs at N resources of a realistic organization (programs/mix),
// against the physical minimum of requests and against a no-op dynamic-resource baseline of the
// same N and dependency shape (programs/baseline), run interleaved (mix, baseline, mix, …) so both
// see the same machine; the previews and refresh, a few seconds each, take the median of
// `--repeats` such pairs. At the `--extras-n` sizes (default 200, to stay under 20 minutes on 2
// cores) `up` also runs with 100 ms of latency (up to 3 of `--repeats` times, alternating with
// zero-latency references) and at PostHog's real rate limits, and `up` and `destroy` with
// PULUMI_SKIP_CHECKPOINTS=true (the file backend's checkpoint cost). At the `--anchor` sizes
// (default 388) the organization of issue 12's Terraform figures runs up, no-op preview and
// destroy, compared with those figures. Last, in-process, what finding each object in a cached list
// costs at 500 to 5,000 members (test/bench/lookups.ts). Prints progress to stderr and the tables
// to stdout and to FILE (default dist/bench/results.md). Never fails on timing: it is a
// measurement.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LARGE_LIST_PAGE } from "../../provider/client/pagination";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator";
import { program, repoRoot, TestStack } from "../helpers/stack";
import { timeLookups } from "./lookups";
import { measure, OPS, stateSizes, type Measured, type Op } from "./measure";
import { anchorMembers, anchorResources, anchorShape, memberEmail, mixShape } from "./mix-shape";

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const list = (value: string) => (value === "none" ? [] : value.split(",").map(Number));
const sizes = list(option("--n") ?? "50,200,500");
const extraSizes = list(option("--extras-n") ?? "200");
const anchorSizes = list(option("--anchor") ?? "388");
// `--ops up,destroy` runs only those operations of the main table (development).
const ops = option("--ops") ? OPS.filter((op) => option("--ops")!.split(",").includes(op)) : OPS;
// How many interleaved samples the cheap operations (previews, refresh) take: `--repeats K`.
const repeats = Math.max(1, Number(option("--repeats") ?? 5));
const out = path.resolve(option("--out") ?? path.join(repoRoot, "dist/bench/results.md"));
// The engine's default `--parallel` is 4 × GOMAXPROCS (the CPU count) unless PULUMI_PARALLEL is set.
const parallel = Number(process.env.PULUMI_PARALLEL) || os.availableParallelism() * 4;
const started = Date.now();
const progress = (msg: string) =>
  process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}\n`);

/**
 * The pages a list of `count` items takes: PostHog's default page is 100, and the client asks for
 * {@link LARGE_LIST_PAGE} members or invites a page (PostHog sets no maximum).
 */
const pages = (count: number, size = 100) => Math.max(1, Math.ceil(count / size));

/** The fewest requests each operation can cost at N (see docs/performance.md for the reasoning). */
function minimum(n: number): Record<Op, number> & { upWrites: number; memberPages: number } {
  const s = mixShape(n);
  const memberPages = pages(s.levels + 1, LARGE_LIST_PAGE); // the seeded members and the key's user
  const check = 1; // one connection check per provider process that runs checks
  // One write per object; invites go 20 per bulk call, but never more at once than the engine runs.
  const upWrites = s.singles + s.roles + s.memberships + s.levels + Math.ceil(s.invites / Math.min(20, parallel));
  const preview = check + memberPages;
  // Role list (roles and their memberships), invite and member lists, the project by id (its list
  // lacks the settings), and one list each for domains, proxy records and batch exports.
  const refresh = pages(s.roles) + pages(s.invites, LARGE_LIST_PAGE) + memberPages + 1 + 3;
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

/** Bootstraps an organization with `members` seeded members (the level settings and memberships name them). */
async function seed(emulator: TestEmulator, name: string, members: number) {
  const boot = await emulator.control.bootstrap({ org_name: name });
  for (let i = 0; i < members; i++) {
    const user = await emulator.control.createUser({ email: memberEmail(i) });
    await emulator.control.addMembership({ organization_id: boot.organization.id, user_uuid: user.uuid, level: 1 });
  }
  return boot;
}

function stackEnv(emulator: TestEmulator, boot: Awaited<ReturnType<typeof seed>>, paced: boolean) {
  return {
    POSTHOG_HOST: emulator.url,
    POSTHOG_PERSONAL_API_KEY: boot.api_key,
    POSTHOG_ORGANIZATION_ID: boot.organization.id,
    // Unpaced unless measuring PostHog's real limits (the client's defaults, 480/min and 4,800/h).
    ...(paced ? {} : { POSTHOG_REQUESTS_PER_MINUTE: "100000000", POSTHOG_REQUESTS_PER_HOUR: "1000000000" }),
  };
}

/** The PostHog program's stack at N and, unless paced or `baseline: false`, the baseline's; `env` adds engine settings. */
async function openStacks(
  emulator: TestEmulator,
  boot: Awaited<ReturnType<typeof seed>>,
  n: number,
  {
    paced = false,
    baseline = !paced,
    env = {},
  }: { paced?: boolean; baseline?: boolean; env?: Record<string, string> } = {},
) {
  const stackEnvironment = { ...stackEnv(emulator, boot, paced), ...env };
  const config = { n: { value: String(n) } };
  const open = (dir: string) => TestStack.open({ ...program(dir), env: stackEnvironment, config });
  return {
    mix: await open("test/bench/programs/mix"),
    baseline: baseline ? await open("test/bench/programs/baseline") : undefined,
  };
}

// Rounded, and without the sign of a value that rounds to zero ("-0.0").
const fmt = (x: number, d = 1) => x.toFixed(d).replace(/^-(0\.?0*)$/, "$1");
/** The middle element of `xs` by `by` (the upper one of an even count). */
const median = <T>(xs: T[], by: (x: T) => number = Number): T =>
  [...xs].sort((a, b) => by(a) - by(b))[Math.floor(xs.length / 2)];

/** Issue 12's figures for the official Terraform provider (OpenTofu, parallelism 10) on the anchor organization. */
const TERRAFORM: Record<number, Partial<Record<Op, { requests: number; wall: number }>>> = {
  163: { up: { requests: 363, wall: 6.2 }, destroy: { requests: 326, wall: 5.9 } },
  388: {
    up: { requests: 1138, wall: 15.0 },
    "no-op preview": { requests: 888, wall: 9.2 },
    destroy: { requests: 1026, wall: 14.3 },
  },
};

/** The main table's rows and the extra runs' rows at one N. */
async function runMix(n: number, rows: string[], extras: string[], byKind: string[]) {
  const min = minimum(n);
  const emulator = await startTestEmulator();
  try {
    // Every `up` creates the project again, and a destroyed project stays pending deletion, which
    // PostHog's project quota counts (the emulator's default plan allows 6): the bench's plan has none.
    await emulator.control.settings({ rate_limit_enabled: false, project_quota: null });
    const boot = await seed(emulator, `Bench ${n}`, mixShape(n).levels);
    const { mix, baseline } = await openStacks(emulator, boot, n);
    let upWall = 0;
    let destroyWall = 0;
    try {
      if (!ops.includes("up")) {
        // The other operations need the organization in place: `--ops` without `up` creates it unmeasured.
        progress(`N=${n} up (not measured: --ops leaves it out)`);
        await mix.up();
        await baseline!.up();
      }
      for (const op of ops) {
        // The cheap operations take a few seconds, which the machine's noise moves by a tenth: they
        // run `samples` times, interleaved, and report the medians and the range of the pairs' ratios.
        const samples = op === "up" || op === "destroy" ? 1 : repeats;
        const ms: Measured[] = [];
        const bs: Measured[] = [];
        for (let i = 0; i < samples; i++) {
          const of = samples > 1 ? ` (${i + 1} of ${samples})` : "";
          progress(`N=${n} ${op}${of}: PostHog program`);
          ms.push(await measure(mix, op, emulator, progress));
          progress(`N=${n} ${op}${of}: baseline`);
          bs.push(await measure(baseline!, op));
        }
        const sizesMix = op === "up" ? await stateSizes(mix) : undefined;
        const sizesBase = op === "up" ? await stateSizes(baseline!) : undefined;
        const m = { ...ms[0], wall: median(ms.map((x) => x.wall)), requests: Math.max(...ms.map((x) => x.requests)) };
        const b = { ...bs[0], wall: median(bs.map((x) => x.wall)) };
        const rss = (xs: Measured[]) => Math.max(...xs.map((x) => x.rssMiB));
        const pairs = ms.map((x, i) => x.wall / bs[i].wall);
        const range = samples > 1 ? ` (${fmt(Math.min(...pairs), 2)}–${fmt(Math.max(...pairs), 2)})` : "";
        if (op === "up") upWall = m.wall;
        if (op === "destroy") destroyWall = m.wall;
        if (sizesMix) {
          byKind.push(
            `N=${n}: ${sizesMix.byKind}; plus the engine's record of the program's call stack, ${sizesMix.engine} (baseline ${sizesBase!.engine})`,
          );
        }
        rows.push(
          `| ${op} | ${n} | ${m.requests} | ${min[op]} | ${fmt(m.requests / min[op], 2)} | ${fmt(m.wall)} | ${fmt(b.wall)} | ${fmt(m.wall / b.wall, 2)}${range} | ${
            sizesMix ? `${sizesMix.provider} (baseline ${sizesBase!.provider})` : ""
          } | ${sizesMix ? `${sizesMix.state} (baseline ${sizesBase!.state})` : ""} | ${fmt(rss(ms), 0)} (baseline ${fmt(rss(bs), 0)}) |`,
        );
        progress(
          `N=${n} ${op}: ${m.requests} requests (minimum ${min[op]}), ${fmt(m.wall)} s, baseline ${fmt(b.wall)} s${samples > 1 ? ` (medians of ${samples}; ratios ${pairs.map((r) => fmt(r, 2)).join(", ")})` : ""}`,
        );
      }
      if (extraSizes.includes(n)) {
        if (ops[ops.length - 1] !== "destroy") await mix.destroy();
        // The reference for the extra runs: zero-latency `up`s again, on a warm machine as they are
        // (the first `up` above also pays the first start of the program and provider). A single
        // `up` of a few seconds moves by a second on a busy machine, more than the latency adds, so
        // the reference and the 100 ms runs alternate up to 3 times and report medians.
        const latency = !flag("--no-latency");
        const references: number[] = [];
        const delayed: Measured[] = [];
        const runs = Math.min(3, repeats); // each pair is two ups and two destroys: 3 keep the bench short
        for (let i = 0; i < runs; i++) {
          const of = runs > 1 ? ` (${i + 1} of ${runs})` : "";
          progress(`N=${n} up again (zero latency, the extra runs' reference)${of}`);
          references.push((await measure(mix, "up", emulator, progress)).wall);
          await mix.destroy();
          if (!latency) continue;
          // 100 ms on every API request. Unpaced, so the pacer sets no bound.
          await emulator.control.addFault({ path: "^/api/", kind: "latency", latency_ms: 100 });
          progress(`N=${n} up with 100 ms latency${of}`);
          delayed.push(await measure(mix, "up", emulator, progress));
          await emulator.control.clearFaults();
          await mix.destroy();
        }
        upWall = median(references);
        if (latency) {
          // The run of median wall, for its requests and API span.
          const l = median(delayed, (x) => x.wall);
          // Latency-bound ideal: the connection check and the member pages one after the other
          // (they come before any create), then the writes `parallel` wide, but never fewer rounds
          // than the longest dependency chain (role → membership, project → batch export: 2 writes).
          const ideal = (1 + min.memberPages + Math.max(2, Math.ceil(min.upWrites / parallel))) * 0.1;
          const added = l.wall - upWall;
          // Requests in flight on average while the API was busy: each takes the 100 ms it is held.
          const inFlight = (l.requests * 0.1) / Math.max(0.1, l.apiSpan);
          const walls = (xs: number[]) => xs.map((x) => fmt(x)).join(", ");
          extras.push(
            `| up, 100 ms latency | ${n} | ${l.requests} | ${fmt(l.wall)} | ${fmt(upWall)} | ${fmt(added)} | ${fmt(ideal)} (latency-bound, ${parallel} wide) | ${fmt(added / ideal, 2)} (${fmt(inFlight)} requests in flight on average over ${fmt(l.apiSpan)} s of API activity) |`,
          );
          progress(
            `N=${n} up with 100 ms latency: ${walls(delayed.map((x) => x.wall))} s against ${walls(references)} s; ${fmt(added)} s added (medians), ideal ${fmt(ideal)} s; ${fmt(inFlight)} in flight on average over ${fmt(l.apiSpan)} s`,
          );
        }
      }
    } finally {
      await mix.close();
      await baseline?.close();
    }
    if (extraSizes.includes(n) && !flag("--no-paced")) {
      await emulator.control.settings({ rate_limit_enabled: true });
      const paced = await openStacks(emulator, boot, n, { paced: true });
      try {
        progress(`N=${n} up at PostHog's limits (480/min, 4,800/h)`);
        const p = await measure(paced.mix, "up", emulator, progress);
        // Rate-bound ideal: the pacer's window lets the first 480 requests of a minute go at once,
        // then 480 per minute (the hour's 4,800 is not reached below 4,800 requests).
        const rateBound = Math.max(0, (min.up - 480) / 480) * 60;
        extras.push(
          `| up at 480/min, 4,800/h | ${n} | ${p.requests} | ${fmt(p.wall)} | ${fmt(upWall)} | ${fmt(p.wall - upWall)} | ${fmt(rateBound)} (rate-bound: ${min.up} requests fit one minute's 480) | ${
            rateBound > 0 ? fmt((p.wall - upWall) / rateBound, 2) : "–"
          } |`,
        );
        progress(`N=${n} up at PostHog's limits: ${fmt(p.wall)} s`);
        progress(`N=${n} destroy (paced)`);
        await paced.mix.destroy();
      } finally {
        await paced.mix.close();
      }
    }
    if (extraSizes.includes(n) && !flag("--no-skip-checkpoints")) {
      // The file backend's checkpoints (docs/performance.md): the same up and destroy with the
      // engine writing state only at the end, against the main table's unpaced runs.
      await emulator.control.settings({ rate_limit_enabled: false });
      const { mix: skipping } = await openStacks(emulator, boot, n, {
        baseline: false,
        env: { PULUMI_SKIP_CHECKPOINTS: "true" },
      });
      try {
        for (const [op, reference] of [
          ["up", upWall],
          ["destroy", destroyWall],
        ] as const) {
          progress(`N=${n} ${op} with PULUMI_SKIP_CHECKPOINTS=true`);
          const k = await measure(skipping, op, emulator, progress);
          extras.push(
            `| ${op}, PULUMI_SKIP_CHECKPOINTS=true | ${n} | ${k.requests} | ${fmt(k.wall)} | ${fmt(reference)} | ${fmt(k.wall - reference)} | – | – |`,
          );
        }
      } finally {
        await skipping.close();
      }
    }
  } finally {
    await emulator.close();
  }
}

/** The anchor table's rows at one size: up, no-op preview and destroy against the Terraform figures. */
async function runAnchor(resources: number, rows: string[]) {
  const members = anchorMembers(resources);
  const shape = anchorShape(members);
  const count = anchorResources(shape);
  const reads = 1 + pages(members + 1, LARGE_LIST_PAGE); // connection check, member pages (seeded members and the key's user)
  const deletes = shape.roles + shape.memberships + shape.projects + shape.proxyRecords; // levels are retained
  const min: Partial<Record<Op, number>> = {
    up: reads + deletes + shape.levels,
    "no-op preview": reads,
    destroy: deletes,
  };
  const emulator = await startTestEmulator();
  try {
    await emulator.control.settings({ rate_limit_enabled: false });
    const boot = await seed(emulator, `Anchor ${count}`, members);
    const stack = await TestStack.open({
      ...program("test/bench/programs/anchor"),
      env: stackEnv(emulator, boot, false),
      config: { members: { value: String(members) } },
    });
    try {
      for (const op of ["up", "no-op preview", "destroy"] as Op[]) {
        progress(`anchor ${count} resources (${members} members) ${op}`);
        const m = await measure(stack, op, emulator, progress);
        const tf = TERRAFORM[count]?.[op];
        rows.push(
          `| ${op} | ${count} | ${m.requests} | ${min[op]} | ${fmt(m.requests / min[op]!, 2)} | ${fmt(m.wall)} | ${
            tf ? `${tf.requests} / ${fmt(tf.wall)}` : "–"
          } | ${tf ? fmt(m.wall / tf.wall, 2) : "–"} |`,
        );
        progress(`anchor ${count} ${op}: ${m.requests} requests (minimum ${min[op]}), ${fmt(m.wall)} s`);
      }
    } finally {
      await stack.close();
    }
  } finally {
    await emulator.close();
  }
}

/** Rows of the lookup table: N lookups through the read cache's index, and by a scan per lookup. */
async function runLookups(): Promise<string[]> {
  const rows: string[] = [];
  for (const n of [500, 2000, 5000]) {
    const indexed: number[] = [];
    const scanned: number[] = [];
    for (let run = 0; run < 5; run++) {
      indexed.push(await timeLookups(n, true));
      scanned.push(await timeLookups(n, false));
    }
    rows.push(`| ${n} | ${fmt(median(indexed))} | ${fmt(median(scanned))} |`);
  }
  progress(`lookups: ${rows.join(" ")}`);
  return rows;
}

async function main() {
  const rows: string[] = [];
  const extras: string[] = [];
  const anchors: string[] = [];
  const byKind: string[] = [];
  progress(
    `N = ${sizes.join(", ")}; extras at ${extraSizes.join(", ") || "none"}; anchor at ${anchorSizes.join(", ") || "none"}; engine parallelism ${parallel}; load average ${os.loadavg()[0].toFixed(1)}`,
  );
  for (const n of sizes) await runMix(n, rows, extras, byKind);
  for (const r of anchorSizes) await runAnchor(r, anchors);
  const lookups = await runLookups();
  const total = (Date.now() - started) / 1000;
  const table = [
    `# pulumi-posthog-org benchmark`,
    "",
    `${new Date().toISOString()}; N = ${sizes.join(", ")}; engine parallelism ${parallel}; ${os.availableParallelism()} CPUs; load average at the end ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(
        " ",
      )}; the benchmark took ${fmt(total / 60)} min. Zero latency and unpaced unless said; each run interleaved with the baseline's, so compare ratios; up and destroy are one run each, the previews and refresh the medians of ${repeats} (the range of the ${repeats} runs' ratios in brackets).`,
    "",
    "| operation | N | requests | minimum | ratio | wall s | baseline wall s | ratio | `__provider` bytes | state bytes / resource | provider peak RSS MiB |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...rows,
    "",
    ...(byKind.length ? ["State bytes per resource by kind, after `up`: " + byKind.join("; ") + ".", ""] : []),
    ...(extras.length
      ? [
          `Extra runs at N = ${extraSizes.join(", ")} only (\`--extras-n\`), to keep the default run under 20 minutes on 2 cores. The reference is the median of ${Math.min(3, repeats)} zero-latency \`up\`s, alternating with as many at 100 ms latency (the row gives the median one); the other runs are one each.`,
          "",
          "| run | N | requests | wall s | reference wall s (zero latency, unpaced, checkpoints on) | added s | ideal added s | added / ideal |",
          "|---|---|---|---|---|---|---|---|",
          ...extras,
          "",
        ]
      : []),
    "Finding each object in a cached list, in one process (no API): N lookups by email in a list of N members, the median of 5 runs.",
    "",
    "| N | through the cache's index, ms | scanning a copy per lookup, ms |",
    "|---|---|---|",
    ...lookups,
    "",
    ...(anchors.length
      ? [
          "Against the Terraform anchor (issue 12: the official provider by OpenTofu, parallelism 10, on the same emulator; its figures, not rerun here), on the anchor's organization: 10 roles, a level for half of the seeded members, memberships for a quarter, 2 projects, 1 proxy record.",
          "",
          "| operation | resources | requests | minimum | ratio | wall s | Terraform requests / wall s | wall / Terraform |",
          "|---|---|---|---|---|---|---|---|",
          ...anchors,
          "",
        ]
      : []),
  ].join("\n");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, table);
  process.stdout.write(table);
  progress(`done in ${fmt(total / 60)} min; table written to ${path.relative(process.cwd(), out)}`);
}

main().catch((err) => {
  process.stderr.write(`bench: ${err?.stack ?? err}\n`);
  process.exit(1);
});
