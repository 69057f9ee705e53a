// The emulator's HTTP server: a strict, in-memory PostHog organization API on loopback plus the
// control API under /_emulator/ (a prefix PostHog never uses). See README.md for the contract.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseBody } from "./body";
import { Clock } from "../model/clock";
import { handleControl } from "../control/control";
import { Faults } from "../faults/faults";
import { loadPersisted, loadSeed, savePersisted } from "../model/persistence";
import { errorReply, routeOf, runApiRequest } from "./pipeline";
import { RateLimiter } from "../policy/rate-limit";
import { type Reply, Router } from "./router";
import { allRoutes } from "../routes";
import { Store } from "../model/store";
import { serverError, throttled } from "./errors";

/** Options for {@link startEmulator}. */
export interface EmulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Rate limiting (480/min + 4800/h per key); on by default like PostHog Cloud. */
  rateLimit?: boolean;
  /** JSON file with users, organizations and keys to create at start (see persistence.ts). */
  seedFile?: string;
  /** JSON file the store is loaded from (if present) and saved to on every change and at close. */
  persistFile?: string;
  /** How a latency fault waits; default a real timer. Tests pass their own to hold a response. */
  sleep?: (ms: number) => Promise<void>;
}

/** LoggedRequest represents one API request as the request log records it. */
export interface LoggedRequest {
  method: string;
  path: string;
  /** The route template (`/api/organizations/{organization_id}/roles/`), or the path if unknown. */
  route: string;
  /** The status sent, or null when the connection was reset instead. */
  status: number | null;
  at: string;
  fault?: string;
}

/** Emulator represents a running emulator. */
export interface Emulator {
  /** Base URL, e.g. `http://127.0.0.1:54321`. */
  url: string;
  port: number;
  store: Store;
  clock: Clock;
  faults: Faults;
  /** The API request log (control requests are not logged). */
  requests: LoggedRequest[];
  /** API keys printed by a seed file that did not name them (email → key). */
  seededKeys: Record<string, string>;
  /** Empties the store, faults, log and rate-limit histories; settings back to defaults. */
  reset(): void;
  close(): Promise<void>;
}

/** The route templates with methods the emulator implements. */
export function implementedOperations(): { method: string; template: string }[] {
  return new Router(allRoutes).operations();
}

/** Starts an emulator listening on loopback. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const clock = new Clock();
  const store = new Store(clock);
  const faults = new Faults();
  const limiter = new RateLimiter();
  const router = new Router(allRoutes);
  const requests: LoggedRequest[] = [];
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let seededKeys: Record<string, string> = {};

  const persist = () => {
    if (opts.persistFile) savePersisted(opts.persistFile, store);
  };
  const applyOptions = () => {
    if (opts.rateLimit !== undefined) store.settings.rate_limit_enabled = opts.rateLimit;
  };
  store.onChange = persist;
  if (opts.persistFile) loadPersisted(opts.persistFile, store);
  if (opts.seedFile) seededKeys = loadSeed(opts.seedFile, store);
  applyOptions();

  const emulator: Emulator = {
    url: "",
    port: 0,
    store,
    clock,
    faults,
    requests,
    seededKeys,
    reset() {
      store.reset();
      clock.reset();
      faults.clear();
      limiter.reset();
      requests.length = 0;
      applyOptions();
    },
    close: async () => undefined,
  };

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((e) => {
      console.error("emulator: request failed", e);
      if (!res.headersSent) send(res, errorReply(serverError()));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    // DRF's build_absolute_uri uses the Host header, so next/previous links follow the client's view.
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? emulator.url.replace(/^http:\/\//, "")}`);
    const method = (req.method ?? "GET").toUpperCase();
    // Like any HTTP server, PostHog dates its responses by its own clock: here, the controllable one.
    res.setHeader("Date", new Date(clock.now()).toUTCString());

    if (url.pathname.startsWith("/_emulator/")) {
      const reply = handleControl({ emulator, store, clock, faults, limiter }, method, url, raw);
      send(res, reply);
      if (method !== "GET") store.onChange();
      return;
    }

    const match = routeOf(router, method, url.pathname);
    const entry: LoggedRequest = {
      method,
      path: url.pathname,
      route: match ? match.route.template : url.pathname,
      status: null,
      at: clock.iso(),
    };
    requests.push(entry);

    const fault = faults.take(method, url.pathname);
    if (fault) entry.fault = fault.kind;
    if (fault?.kind === "latency") await sleep(fault.latency_ms ?? 1000);
    if (fault?.kind === "reset-before") return void req.socket.destroy();
    if (fault?.kind === "429") return sendLogged(res, entry, errorReply(throttled(fault.retry_after ?? 1)));
    if (fault?.kind === "5xx") return sendLogged(res, entry, errorReply(serverError(fault.status ?? 500)));

    let reply: Reply;
    try {
      reply = await runApiRequest(
        { router, store, clock, limiter },
        { method, url, headers: req.headers, body: parseBody(raw, req.headers["content-type"]) },
        match,
      );
    } catch (e) {
      reply = errorReply(e);
    }
    if (!["GET", "HEAD", "OPTIONS"].includes(method) && reply.status < 500) {
      store.onChange();
    }
    // The change is committed; the client never hears about it (a "did my POST land?" test).
    if (fault?.kind === "reset-after") return void req.socket.destroy();
    sendLogged(res, entry, reply);
  }

  function sendLogged(res: ServerResponse, entry: LoggedRequest, reply: Reply): void {
    entry.status = reply.status;
    send(res, reply);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  emulator.port = address.port;
  emulator.url = `http://${host}:${address.port}`;
  emulator.close = () =>
    new Promise<void>((resolve) => {
      persist();
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return emulator;
}

/** Writes a reply as JSON (no body for 204). */
function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  if (reply.status === 204 || reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  headers["Content-Type"] = "application/json";
  headers["Content-Length"] = String(Buffer.byteLength(text));
  res.writeHead(reply.status, headers);
  res.end(text);
}
