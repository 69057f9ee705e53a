import {
  ENGINE_PROTOCOL_FILES,
  loadEngineProtocol,
  setWarningSinkForTesting,
  warn,
} from "../../../../provider/runtime/core/log";

afterEach(() => {
  setWarningSinkForTesting(undefined);
  jest.restoreAllMocks();
});

describe("warn", () => {
  it("shows each warning once per provider process", async () => {
    const seen: string[] = [];
    setWarningSinkForTesting(async (m) => void seen.push(m));
    await warn('Domain "example.com": not verified');
    await warn('Domain "example.com": not verified');
    await warn('Domain "example.org": not verified');
    expect(seen).toEqual(['Domain "example.com": not verified', 'Domain "example.org": not verified']);
  });

  it("falls back to stderr, and never throws, when the engine cannot take the warning", async () => {
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    setWarningSinkForTesting(async () => Promise.reject(new Error("engine gone")));
    await expect(warn("settings pending")).resolves.toBeUndefined();
    expect(stderr).toHaveBeenCalledWith("warning: settings pending\n");
  });

  it("writes to stderr outside the dynamic-provider host", async () => {
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    setWarningSinkForTesting(undefined);
    await warn("outside the host");
    expect(stderr).toHaveBeenCalledWith("warning: outside the host\n");
  });
});

// core/log.ts reaches into private files of @pulumi/pulumi (the engine's generated gRPC stubs), which
// an SDK release may move. Without them warnings silently fall back to stderr; this test makes an
// upgrade that moves them fail here instead, saying which file and what to do.
describe("the engine protocol core/log.ts loads from @pulumi/pulumi", () => {
  const sdk = require("@pulumi/pulumi/package.json").version as string;
  const moved = (what: string) =>
    `@pulumi/pulumi ${sdk} no longer provides ${what}, which provider/runtime/core/log.ts loads to send warnings to the engine. ` +
    "Find where this SDK version keeps the engine's Log RPC stubs and update ENGINE_PROTOCOL_FILES (or pin the SDK).";

  it("still holds every file the engine sink requires", () => {
    let loaded: ReturnType<typeof loadEngineProtocol> | undefined;
    let error: unknown;
    try {
      loaded = loadEngineProtocol();
    } catch (err) {
      error = err;
    }
    if (!loaded) throw new Error(`${moved(Object.values(ENGINE_PROTOCOL_FILES).join(", "))} (${String(error)})`);
    expect(loaded).toBeDefined();
  });

  it("still has the Log RPC with the message shape the sink builds", () => {
    const { grpc, engineRpc, engineProto } = loadEngineProtocol();
    const check = (ok: boolean, what: string) => {
      if (!ok) throw new Error(moved(what));
    };
    check(
      typeof grpc.credentials?.createInsecure === "function",
      `${ENGINE_PROTOCOL_FILES.grpc} credentials.createInsecure`,
    );
    check(typeof engineRpc.EngineClient === "function", `${ENGINE_PROTOCOL_FILES.engineRpc} EngineClient`);
    check(typeof engineRpc.EngineClient.prototype.log === "function", "EngineClient.log");
    check(typeof engineProto.LogRequest === "function", `${ENGINE_PROTOCOL_FILES.engineProto} LogRequest`);
    const req = new engineProto.LogRequest();
    for (const setter of ["setSeverity", "setMessage", "setUrn"])
      check(typeof req[setter] === "function", `LogRequest.${setter}`);
    check(typeof engineProto.LogSeverity?.WARNING === "number", "LogSeverity.WARNING");
    expect(engineProto.LogSeverity.WARNING).toBeGreaterThan(0);
  });
});
