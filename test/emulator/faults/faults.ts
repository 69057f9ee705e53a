// Fault injection: tests register faults that fire on matching API requests, to prove retries,
// pacing and "did my POST land?" reconciliation against the failures a real network produces;
// or set a seeded random mix that faults a share of all requests, for whole-run fault suites.

/** The kinds of fault the emulator can inject. */
export type FaultKind = "latency" | "429" | "5xx" | "reset-before" | "reset-after";

/** FaultSpec represents a fault as registered through the control API. */
export interface FaultSpec {
  method?: string;
  /** A regular expression matched against the request path (no query string). */
  path: string;
  kind: FaultKind;
  /** How many matching requests it fires on (default 1). */
  times?: number;
  latency_ms?: number;
  retry_after?: number;
  status?: number;
}

interface ActiveFault extends FaultSpec {
  id: number;
  re: RegExp;
  remaining: number;
}

const KINDS: FaultKind[] = ["latency", "429", "5xx", "reset-before", "reset-after"];

/** The kinds a random mix draws from: what a flaky network and an overloaded PostHog produce. */
export const RANDOM_KINDS = ["5xx", "429", "reset-before", "reset-after"] as const;
export type RandomFaultKind = (typeof RANDOM_KINDS)[number];

/**
 * RandomFaultSpec represents a seeded random mix of faults, as set through the control API
 * (`PUT /_emulator/faults/random`). Every API request that matches draws from a PRNG seeded with
 * `seed`: with probability `rate` it gets a fault, of a kind drawn uniformly from `kinds`. The
 * decisions are deterministic per seed in the order requests arrive.
 */
export interface RandomFaultSpec {
  seed: number;
  /** Probability of a fault per matching request, 0–1. */
  rate: number;
  /** The kinds to draw from. @default all of RANDOM_KINDS */
  kinds?: RandomFaultKind[];
  /** Methods to fault (upper case); @default every method */
  methods?: string[];
  /** A regular expression the path must match; @default every API path */
  path?: string;
  /** Retry-After of the 429s, in seconds (0 allowed). @default 1 */
  retry_after?: number;
  /** Status of the 5xx. @default 503 */
  status?: number;
}

/** What the random mix did so far (for the state dump and the fault suite's table). */
export interface RandomFaultReport extends RandomFaultSpec {
  /** Requests that drew. */
  drawn: number;
  /** Faults fired, by kind. */
  fired: Record<string, number>;
}

/** mulberry32: a small, fast, well-mixed 32-bit PRNG; returns numbers in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface RandomMix {
  spec: RandomFaultSpec;
  kinds: RandomFaultKind[];
  re: RegExp | undefined;
  next: () => number;
  drawn: number;
  fired: Record<string, number>;
}

/** Faults holds the registered faults and hands out the next one for a request. */
export class Faults {
  private list: ActiveFault[] = [];
  private seq = 0;
  private mix: RandomMix | undefined;

  /** Validates and sets the random mix (replacing an earlier one). Throws Error with a message on bad input. */
  setRandom(spec: RandomFaultSpec): void {
    if (typeof spec !== "object" || spec === null) throw new Error("body must be an object");
    if (!Number.isInteger(spec.seed)) throw new Error("seed must be an integer");
    if (typeof spec.rate !== "number" || !(spec.rate >= 0 && spec.rate <= 1)) throw new Error("rate must be 0 to 1");
    const kinds = spec.kinds ?? [...RANDOM_KINDS];
    if (!Array.isArray(kinds) || kinds.length === 0 || kinds.some((k) => !RANDOM_KINDS.includes(k)))
      throw new Error(`kinds must be a non-empty list of ${RANDOM_KINDS.join(", ")}`);
    if (spec.retry_after !== undefined && !(Number.isInteger(spec.retry_after) && spec.retry_after >= 0))
      throw new Error("retry_after must be a whole number of seconds");
    if (spec.status !== undefined && !(spec.status >= 500 && spec.status <= 599)) throw new Error("status must be 5xx");
    if (spec.methods !== undefined && (!Array.isArray(spec.methods) || spec.methods.some((m) => typeof m !== "string")))
      throw new Error("methods must be a list of HTTP methods");
    const methods = spec.methods?.map((m) => m.toUpperCase());
    this.mix = {
      spec: { ...spec, kinds, ...(methods ? { methods } : {}) },
      kinds,
      re: spec.path ? new RegExp(spec.path) : undefined,
      next: mulberry32(spec.seed),
      drawn: 0,
      fired: {},
    };
  }

  /** Stops the random mix. */
  clearRandom(): void {
    this.mix = undefined;
  }

  /** The random mix and what it did, if one is set. */
  randomReport(): RandomFaultReport | undefined {
    return this.mix && { ...this.mix.spec, drawn: this.mix.drawn, fired: { ...this.mix.fired } };
  }

  private draw(method: string, path: string): FaultSpec | undefined {
    const mix = this.mix;
    if (!mix) return undefined;
    if (mix.spec.methods && !mix.spec.methods.includes(method)) return undefined;
    if (mix.re && !mix.re.test(path)) return undefined;
    mix.drawn++;
    const hit = mix.next() < mix.spec.rate;
    const pick = mix.next(); // always drawn, so one request's decision never shifts the next one's kind
    if (!hit) return undefined;
    const kind = mix.kinds[Math.floor(pick * mix.kinds.length)];
    mix.fired[kind] = (mix.fired[kind] ?? 0) + 1;
    return { path: "", kind, retry_after: mix.spec.retry_after ?? 1, status: mix.spec.status ?? 503 };
  }

  /** Validates and registers a fault; returns its id. Throws Error with a message on bad input. */
  add(spec: FaultSpec): number {
    if (typeof spec.path !== "string" || !spec.path) throw new Error("path (a regular expression) is required");
    if (!KINDS.includes(spec.kind)) throw new Error(`kind must be one of ${KINDS.join(", ")}`);
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error("times must be a positive integer");
    if (spec.kind === "5xx" && spec.status !== undefined && (spec.status < 500 || spec.status > 599))
      throw new Error("status must be 5xx");
    const re = new RegExp(spec.path);
    const id = ++this.seq;
    this.list.push({ ...spec, method: spec.method?.toUpperCase(), id, re, remaining: times });
    return id;
  }

  /** Removes every fault, the random mix included. */
  clear(): void {
    this.list = [];
    this.mix = undefined;
  }

  /** The active faults (for the state dump). */
  active(): FaultSpec[] {
    return this.list.map(({ re: _re, ...rest }) => rest);
  }

  /** Takes (consumes one use of) the first fault matching a request, else draws from the random mix. */
  take(method: string, path: string): FaultSpec | undefined {
    const f = this.list.find((x) => (!x.method || x.method === method) && x.re.test(path));
    if (!f) return this.draw(method, path);
    f.remaining -= 1;
    if (f.remaining <= 0) this.list = this.list.filter((x) => x !== f);
    return f;
  }
}
