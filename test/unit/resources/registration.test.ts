import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";

// What registering a PostHog resource costs the program and what it keeps: each output is backed by
// promises the SDK stamps with a stack trace for its promise-leak report, and formatting those
// traces was most of a large program's registration time (docs/performance.md).

pulumi.runtime.setMocks(
  {
    newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
    call: (args) => args.inputs,
  },
  "bench",
  "test",
  false,
);

// Loaded after the mocks, as Pulumi's testing guide asks.
const { Role } = require("../../../provider") as typeof import("../../../provider");

/** Stack traces formatted while `f` runs, as the number of frames in each. */
function formattedTraces(f: () => void): number[] {
  const frames: number[] = [];
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (err, callSites) => {
    frames.push(callSites.length);
    return previous ? previous(err, callSites) : `${err}\n${callSites.map((c) => `    at ${c}`).join("\n")}`;
  };
  try {
    f();
  } finally {
    Error.prepareStackTrace = previous;
  }
  return frames;
}

const organizationId = "0188e4f8-0000-0000-0000-000000000001";

describe("registering a resource", () => {
  afterEach(() => {
    delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
  });

  it("formats one stack trace, the SDK's source position, however many outputs the resource has", () => {
    const traces = formattedTraces(() => {
      for (let i = 0; i < 20; i++) new Role(`cheap${i}`, { organizationId, name: `Cheap ${i}` });
    });
    expect(traces.filter((n) => n > 0)).toHaveLength(20);
  });

  it("keeps the promises' traces under PULUMI_DEBUG_PROMISE_LEAKS", () => {
    process.env.PULUMI_DEBUG_PROMISE_LEAKS = "true";
    const traces = formattedTraces(() => new Role("debugged", { organizationId, name: "Debugged" }));
    // The source position plus four promises for each of the role's outputs.
    expect(traces.filter((n) => n > 0).length).toBeGreaterThan(20);
  });

  it("leaves Error.stackTraceLimit as it found it, and the outputs resolve", async () => {
    const limit = Error.stackTraceLimit;
    const role = new Role("resolved", { organizationId, name: "Resolved" });
    expect(Error.stackTraceLimit).toBe(limit);
    await expect(new Promise((resolve) => role.name.apply(resolve))).resolves.toBe("Resolved");
  });

  it("gives an SDK refusal the program's frames and restores the limit", () => {
    const limit = Error.stackTraceLimit;
    let caught: unknown;
    try {
      new Role("orphan", { organizationId, name: "Orphan" }, { parent: {} as pulumi.Resource });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).message).toMatch(/parent/i);
    expect((caught as Error).stack).toMatch(/registration\.test\.(js|ts)/);
    expect(Error.stackTraceLimit).toBe(limit);
  });
});

/** Passes `value` through, telling `report` the caller's line in the compiled file, unmapped. */
function onLine<T>(value: T, report: (line: number) => void): T {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (_err, callSites) => callSites;
  try {
    report((new Error().stack as unknown as NodeJS.CallSite[])[1].getLineNumber()!);
    return value;
  } finally {
    Error.prepareStackTrace = previous;
  }
}

describe("the engine's record of where the program created a resource", () => {
  /** The source position and stack the SDK sends when `create` registers its resource. */
  async function recorded(create: () => pulumi.CustomResource) {
    const monitor = pulumi.runtime.getMonitor() as any;
    const register = monitor.registerResource;
    let request: any;
    monitor.registerResource = (req: any, callback: any) => {
      request = req;
      return register.call(monitor, req, callback);
    };
    try {
      const resource = create();
      await new Promise((resolve) => resource.urn.apply(resolve));
    } finally {
      monitor.registerResource = register;
    }
    const position = (p: any) => p && `${path.basename(new URL(p.getUri()).pathname)}:${p.getLine()}`;
    return {
      source: position(request.getSourceposition()),
      stack: request
        .getStacktrace()
        .getFramesList()
        .map((f: any) => position(f.getPc())),
    };
  }

  it("points at the program's line and keeps two of its frames, not the whole call stack", async () => {
    let line = 0;
    const declared = () => {
      // The role, and the line that declares it as the SDK reads it (the compiled file's).
      return onLine(new Role("located", { organizationId, name: "Located" }), (n) => (line = n));
    };
    const { source, stack } = await recorded(declared);
    expect(source).toBe(`registration.test.js:${line}`);
    expect(stack).toHaveLength(2);
    expect(stack[0]).toBe(source);
    expect(stack[1]).toMatch(/^registration\.test\.js:\d+$/);
  });

  it("leaves Error.prepareStackTrace as it found it", () => {
    const previous = Error.prepareStackTrace;
    new Role("restored", { organizationId, name: "Restored" });
    expect(Error.prepareStackTrace).toBe(previous);
  });
});
