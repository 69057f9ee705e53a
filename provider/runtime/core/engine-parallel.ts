// How many resource operations the Pulumi engine runs at once (`--parallel`), as far as the
// provider process can tell. The engine does not pass it to providers, so it is read from where the
// user set it: the `PULUMI_PARALLEL` environment variable (inherited from the CLI), else the
// `--parallel`/`-p` argument of the `pulumi` process that started this one (Linux `/proc`), else the
// engine's default of 4 per CPU. Invite batching uses it: a batch holding this many creates cannot
// grow before one is answered, so it is sent at once.
import * as fs from "node:fs";
import * as os from "node:os";
import * as nodePath from "node:path";

/** The `--parallel` value in a `pulumi` command line, or undefined. */
export function parallelFromArgv(argv: readonly string[]): number | undefined {
  if (nodePath.basename(argv[0] ?? "") !== "pulumi") return undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const inline = /^--parallel=(\d+)$/.exec(a);
    const value = inline ? inline[1] : a === "--parallel" || a === "-p" ? argv[i + 1] : undefined;
    if (value !== undefined && /^\d+$/.test(value) && Number(value) > 0) return Number(value);
  }
  return undefined;
}

/** The command line and parent of a process, from `/proc`; undefined where there is none. */
function processInfo(pid: number): { argv: string[]; ppid: number } | undefined {
  try {
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    // `pid (comm) state ppid …`; comm may hold spaces and parentheses, so read after the last `)`.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    return { argv, ppid };
  } catch {
    return undefined;
  }
}

/** The engine's parallelism: see the file comment for where it comes from. */
export function engineParallelism(env: NodeJS.ProcessEnv = process.env, ppid: number = process.ppid): number {
  const fromEnv = Number(env.PULUMI_PARALLEL);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  // The CLI starts the provider directly or through a shell wrapper: look a few ancestors up.
  for (let pid = ppid, hops = 0; pid > 1 && hops < 4; hops++) {
    const info = processInfo(pid);
    if (!info) break;
    if (nodePath.basename(info.argv[0] ?? "") === "pulumi") return parallelFromArgv(info.argv) ?? defaultParallelism();
    pid = info.ppid;
  }
  return defaultParallelism();
}

/** The engine's default `--parallel`: 4 × GOMAXPROCS, the CPU count. */
function defaultParallelism(): number {
  return 4 * os.availableParallelism();
}
