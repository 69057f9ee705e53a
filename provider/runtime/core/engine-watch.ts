// The dynamic-provider process outlives a killed `pulumi` CLI: the engine starts it through a shell
// wrapper, so when the CLI dies nothing stops it, and it would go on creating objects no state will
// ever record. The host is started with the engine's gRPC address as its argument; while the engine
// lives that port accepts connections. Once it refuses them, the engine is gone: the process exits,
// so it creates nothing more (what it already sent is found by natural key on the next `up`).
import * as net from "node:net";

const ENGINE_ADDRESS = /^(127\.0\.0\.1|localhost|\[::1\]):(\d{1,5})$/;

let watching: NodeJS.Timeout | undefined;

/**
 * watchEngine probes the engine address among `argv` every `intervalMs` and calls `onGone` once
 * when the engine refuses connections. Does nothing when no engine address is given (e.g. unit
 * tests) or when already watching.
 */
export function watchEngine(
  argv: readonly string[] = process.argv,
  onGone: () => void = () => process.exit(1),
  intervalMs = 1_000,
): boolean {
  if (watching) return true;
  const match = argv
    .slice(2)
    .map((a) => ENGINE_ADDRESS.exec(a))
    .find((m) => m !== null);
  if (!match) return false;
  const host = match[1].replace(/^\[|\]$/g, "");
  const port = Number(match[2]);
  watching = setInterval(() => {
    const socket = net.connect({ host, port });
    socket.once("connect", () => socket.destroy());
    socket.once("error", (err: NodeJS.ErrnoException) => {
      socket.destroy();
      if (err.code !== "ECONNREFUSED" || !watching) return;
      clearInterval(watching);
      watching = undefined;
      onGone();
    });
  }, intervalMs);
  watching.unref(); // never what keeps the process alive
  return true;
}

/** stopWatchingEngine ends the probe (tests). */
export function stopWatchingEngine(): void {
  if (watching) clearInterval(watching);
  watching = undefined;
}
