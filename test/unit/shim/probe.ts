// Run as a plain Node process by shim.test.ts (closure serialization breaks inside jest's module
// sandbox, pulumi/pulumi#3799). From the directory it is started in, as a program would:
//   serialize <file>...  prints each shim module's `__provider` text, serialized exactly as
//                        @pulumi/pulumi's dynamic.Resource does (`serializeFunction(() => provider)`);
//   load <textfile>      evaluates a `__provider` text as the dynamic-provider host does
//                        (require-from-string, resolving from the cwd) and prints what the
//                        provider answers: its kind and a local diff of identical inputs.
import * as fs from "node:fs";
import * as path from "node:path";

const [mode, ...args] = process.argv.slice(2);
const fromCwd = (id: string) => require(require.resolve(id, { paths: [process.cwd()] }));

async function main(): Promise<unknown> {
  if (mode === "serialize") {
    const closure = fromCwd("@pulumi/pulumi/runtime/closure/serializeClosure");
    const out: Record<string, string> = {};
    for (const file of args) {
      const provider = require(path.resolve(file));
      out[path.basename(file, ".js")] = (await closure.serializeFunction(() => provider, { allowSecrets: true })).text;
    }
    return out;
  }
  if (mode === "load") {
    const requireFromString = fromCwd("require-from-string") as any;
    const provider = requireFromString(fs.readFileSync(args[0], "utf8")).handler();
    await provider.configure({ config: { get: () => undefined } });
    const inputs = { name: "Engineering", organizationId: "org" };
    return { kind: provider.kind, diff: await provider.diff("id", inputs, inputs) };
  }
  throw new Error(`unknown mode ${mode}`);
}

main().then(
  (r) => process.stdout.write(JSON.stringify(r)),
  (e) => {
    process.stderr.write(String(e?.stack ?? e));
    process.exit(1);
  },
);
