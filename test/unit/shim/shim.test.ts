import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { providerText } from "../../../provider/shim/posthog-shim";

// What `__provider` each kind writes into state, and that the provider host loads it, and the
// texts earlier versions wrote (existing stacks keep working), both from this repo's programs and
// from a program that installed the package. The probe runs as a plain Node process.
const root = path.resolve(__dirname, "../../../..");
const probe = path.join(__dirname, "probe.js");
const files = fs
  .readdirSync(path.join(root, "provider/shim"))
  .filter((f) => f.endsWith(".ts") && f !== "posthog-shim.ts")
  .map((f) => f.replace(/\.ts$/, ""));
const kindOf = (file: string): any => require(path.join(root, "dist/provider/shim", `${file}.js`)).kind;
const load = (cwd: string, text: string) => {
  const file = path.join(os.tmpdir(), `pt-provider-${Math.random().toString(36).slice(2)}.txt`);
  fs.writeFileSync(file, text);
  try {
    return JSON.parse(execFileSync(process.execPath, [probe, "load", file], { cwd, encoding: "utf8", stdio: "pipe" }));
  } finally {
    fs.rmSync(file, { force: true });
  }
};

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

  it("is one line requiring the kind's shim module by package name, at most 300 bytes", () => {
    for (const file of files) {
      const text = providerText(kindOf(file));
      console.log(`__provider of ${kindOf(file)}: ${Buffer.byteLength(text)} bytes`);
      expect(text).toBe(`exports.handler = () => require("pulumi-posthog-org/shim/${file}");\n`);
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(300);
    }
  });

  it("loads every kind's provider in the provider host, from this repo and from an install", () => {
    for (const cwd of [root, installed])
      for (const file of files) expect(load(cwd, providerText(kindOf(file))).kind).toBe(kindOf(file));
  });

  it.each([
    ["the closure-serialized require written before this release", "provider-closure-role.txt"],
    ["the serialized class 0.1.0 wrote", "provider-0.1.0-role.txt"],
  ])("loads %s and reaches the installed runtime", (_name, fixture) => {
    const text = fs.readFileSync(path.join(root, "test/unit/shim", fixture), "utf8");
    for (const cwd of [root, installed])
      expect(load(cwd, text)).toEqual({ kind: "Role", diff: expect.objectContaining({ changes: false }) });
  });
});
