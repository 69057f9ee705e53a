// Run as a plain Node process by shim.test.ts, from the directory it is started in, as the
// provider process runs from the program's: `load <textfile>` evaluates a `__provider` text as the
// dynamic-provider host does (require-from-string, resolving from the cwd, outside jest's module
// sandbox) and prints what the provider answers: its kind and a local diff of identical inputs.
import * as fs from "node:fs";

const [mode, ...args] = process.argv.slice(2);
const fromCwd = (id: string) => require(require.resolve(id, { paths: [process.cwd()] }));

async function main(): Promise<unknown> {
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
