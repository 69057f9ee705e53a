// Fault injection: tests register faults that fire on matching API requests, to prove retries,
// pacing and "did my POST land?" reconciliation against the failures a real network produces.

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

/** Faults holds the registered faults and hands out the next one for a request. */
export class Faults {
  private list: ActiveFault[] = [];
  private seq = 0;

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

  /** Removes every fault. */
  clear(): void {
    this.list = [];
  }

  /** The active faults (for the state dump). */
  active(): FaultSpec[] {
    return this.list.map(({ re: _re, ...rest }) => rest);
  }

  /** Takes (consumes one use of) the first fault matching a request, if any. */
  take(method: string, path: string): FaultSpec | undefined {
    const f = this.list.find((x) => (!x.method || x.method === method) && x.re.test(path));
    if (!f) return undefined;
    f.remaining -= 1;
    if (f.remaining <= 0) this.list = this.list.filter((x) => x !== f);
    return f;
  }
}
