// Warnings from the provider process. The Node dynamic-provider host gives providers no logger, but
// the engine starts it with the engine's gRPC address as its only argument
// (`@pulumi/pulumi/cmd/dynamic-provider` `main(args)`), and the engine's `Log` RPC is what
// `pulumi.log.warn` calls in a program: a message sent there shows as a `warning:` under the stack
// in preview and up output, like any program warning. Outside that host (unit tests, scripts), or if
// the RPC is unavailable, the message goes to stderr, which the engine still shows as plain text.
import { createRequire } from "node:module";

type Sink = (message: string) => Promise<void>;

let sink: Sink | undefined;
const sent = new Set<string>();

/**
 * Shows `message` as a warning in the Pulumi CLI output, once per provider process (preview, diff
 * and apply of one run may reach the same warning more than once). Never throws: a warning that
 * cannot be delivered must not fail the operation.
 */
export async function warn(message: string): Promise<void> {
  if (sent.has(message)) return;
  sent.add(message);
  try {
    await (sink ??= engineSink() ?? stderrSink)(message);
  } catch {
    await stderrSink(message);
  }
}

/**
 * Replaces where warnings go (`undefined` restores the engine or stderr) and forgets which were
 * already shown, so unit tests can assert on them.
 *
 * @internal
 */
export function setWarningSinkForTesting(next: Sink | undefined): void {
  sink = next;
  sent.clear();
}

const stderrSink: Sink = async (message) => {
  process.stderr.write(`warning: ${message}\n`);
};

/**
 * The private files of `@pulumi/pulumi` the engine sink loads: they are not part of the SDK's
 * public API, so test/unit/runtime/core/log.test.ts pins them and fails, naming them, when an SDK
 * upgrade moves one.
 *
 * @internal
 */
export const ENGINE_PROTOCOL_FILES = {
  grpc: "@grpc/grpc-js",
  engineRpc: "./proto/engine_grpc_pb",
  engineProto: "./proto/engine_pb",
} as const;

/**
 * Loads gRPC and the engine protocol from the @pulumi/pulumi that hosts this process, so the
 * generated stubs match the engine they talk to. Throws when the SDK no longer has one of them.
 *
 * @internal
 */
export function loadEngineProtocol(): { grpc: any; engineRpc: any; engineProto: any } {
  const fromSdk = createRequire(require.resolve("@pulumi/pulumi"));
  return {
    grpc: fromSdk(ENGINE_PROTOCOL_FILES.grpc),
    engineRpc: fromSdk(ENGINE_PROTOCOL_FILES.engineRpc),
    engineProto: fromSdk(ENGINE_PROTOCOL_FILES.engineProto),
  };
}

/** A sink that sends to the engine's Log RPC, when this process is the dynamic-provider host. */
function engineSink(): Sink | undefined {
  const [script, address] = process.argv.slice(1);
  if (!script || !/dynamic-provider/.test(script) || !address || !/^[\w.[\]:-]+:\d+$/.test(address)) return undefined;
  try {
    const { grpc, engineRpc, engineProto } = loadEngineProtocol();
    const client = new engineRpc.EngineClient(address, grpc.credentials.createInsecure());
    return (message) =>
      new Promise<void>((resolve, reject) => {
        const req = new engineProto.LogRequest();
        req.setSeverity(engineProto.LogSeverity.WARNING);
        req.setMessage(message);
        req.setUrn("");
        client.log(req, (err: Error | null) => (err ? reject(err) : resolve()));
      });
  } catch {
    return undefined;
  }
}
