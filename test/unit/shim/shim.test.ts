import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

// What `__provider` each kind writes into state, from this repo's own programs and from a program
// that installed the package, and that the provider host can load both it and the text the previous
// release wrote (existing stacks keep working). The probe runs as a plain Node process.
const root = path.resolve(__dirname, "../../../..");
const probe = path.join(__dirname, "probe.js");
const shimDir = path.join(root, "dist/provider/shim");
const kinds = fs
  .readdirSync(path.join(root, "provider/shim"))
  .filter((f) => f.endsWith(".ts") && f !== "posthog-shim.ts")
  .map((f) => f.replace(/\.ts$/, ""));
const run = (cwd: string, ...args: string[]) =>
  JSON.parse(execFileSync(process.execPath, [probe, ...args], { cwd, encoding: "utf8", stdio: "pipe" }));
const expected = (kind: string) =>
  `exports.handler = __f0;\nconst provider = require("pulumi-posthog-org/shim/${kind}");\n`;

/** A program directory with the package installed as npm lays it out: real files under node_modules. */
function installedProgram(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pt-installed-"));
  const pkg = path.join(dir, "node_modules/pulumi-posthog-org");
  fs.mkdirSync(path.join(pkg, "dist"), { recursive: true });
  fs.copyFileSync(path.join(root, "package.json"), path.join(pkg, "package.json"));
  fs.cpSync(path.join(root, "dist/provider"), path.join(pkg, "dist/provider"), { recursive: true, dereference: true });
  for (const dep of fs.readdirSync(path.join(root, "node_modules")))
    if (dep !== "pulumi-posthog-org" && !dep.startsWith("."))
      fs.symlinkSync(path.join(root, "node_modules", dep), path.join(dir, "node_modules", dep));
  return dir;
}

describe("__provider", () => {
  let installed: string;
  beforeAll(() => {
    installed = installedProgram();
  });
  afterAll(() => fs.rmSync(installed, { recursive: true, force: true }));

  it("is a require of the kind's shim module, at most 300 bytes, from this repo's programs", () => {
    const texts = run(root, "serialize", ...kinds.map((k) => path.join(shimDir, `${k}.js`)));
    for (const kind of kinds) {
      console.log(`__provider of ${kind}: ${Buffer.byteLength(texts[kind])} bytes`);
      // If this fails with a class body in the text, run scripts/setup.sh (it lays out the shims).
      expect(texts[kind].startsWith(expected(kind))).toBe(true);
      expect(Buffer.byteLength(texts[kind])).toBeLessThanOrEqual(300);
    }
    // One form for every kind: only the module name differs.
    expect(new Set(kinds.map((k) => texts[k].replace(k, "KIND"))).size).toBe(1);
  });

  it("is the same text from a program that installed the package", () => {
    const files = kinds.map((k) =>
      path.join(installed, "node_modules/pulumi-posthog-org/dist/provider/shim", `${k}.js`),
    );
    const fromInstall = run(installed, "serialize", ...files);
    const fromRepo = run(root, "serialize", ...kinds.map((k) => path.join(shimDir, `${k}.js`)));
    expect(fromInstall).toEqual(fromRepo);
  });

  it.each([
    ["this release's text", () => run(root, "serialize", path.join(shimDir, "role.js")).role],
    [
      "the text 0.1.0 wrote (a serialized class)",
      () => fs.readFileSync(path.join(root, "test/unit/shim/provider-0.1.0-role.txt"), "utf8"),
    ],
  ])("loads in the provider host from %s and reaches the installed runtime", (_name, text) => {
    for (const cwd of [root, installed]) {
      const file = path.join(installed, `provider-${Math.random().toString(36).slice(2)}.txt`);
      fs.writeFileSync(file, text());
      expect(run(cwd, "load", file)).toEqual({ kind: "Role", diff: expect.objectContaining({ changes: false }) });
    }
  });
});
