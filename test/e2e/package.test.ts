import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startTestEmulator, type Bootstrapped, type TestEmulator } from "../helpers/emulator";
import { repoRoot, TestStack } from "../helpers/stack";

// The package as a registry user gets it: `npm pack`, installed into a fresh project outside the
// repo, a program compiled against it with `tsc --strict`, run through the engine. The provider
// process then loads `pulumi-posthog-org/runtime` from the installed tarball, not from the repo.
describe("the packed package in a fresh project", () => {
  let emulator: TestEmulator;
  let boot: Bootstrapped;
  let dir: string;
  let stack: TestStack;

  const version = (pkg: string) =>
    JSON.parse(fs.readFileSync(path.join(repoRoot, "node_modules", pkg, "package.json"), "utf8")).version as string;
  const npm = (args: string[], cwd: string) =>
    execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pt-packed-"));
    const tarball = npm(["pack", "--silent", "--pack-destination", dir], repoRoot).trim().split("\n").pop()!;
    const fixture = path.join(repoRoot, "test/e2e/programs/packed");
    for (const f of ["Pulumi.yaml", "index.ts"]) fs.copyFileSync(path.join(fixture, f), path.join(dir, f));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "packed-consumer", private: true }));
    fs.writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        // Compiled into program/: the runner reloads the program dir per operation, never node_modules.
        compilerOptions: {
          strict: true,
          target: "ES2022",
          module: "nodenext",
          moduleResolution: "nodenext",
          outDir: "program",
        },
        files: ["index.ts"],
      }),
    );
    npm(
      [
        "install",
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        `./${tarball}`,
        `@pulumi/pulumi@${version("@pulumi/pulumi")}`,
        `typescript@${version("typescript")}`,
        `@types/node@${version("@types/node")}`,
      ],
      dir,
    );
    execFileSync(process.execPath, [path.join(dir, "node_modules/typescript/bin/tsc"), "-p", dir], { stdio: "pipe" });

    emulator = await startTestEmulator();
    boot = await emulator.control.bootstrap({ org_name: "E2E Packed" });
    stack = await TestStack.open({
      projectDir: dir,
      programModule: path.join(dir, "program", "index.js"),
      nodeModules: path.join(dir, "node_modules"),
      env: {
        POSTHOG_HOST: emulator.url,
        POSTHOG_PERSONAL_API_KEY: boot.api_key,
        POSTHOG_ORGANIZATION_ID: boot.organization.id,
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
    await emulator?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("ships LICENSE, CHANGELOG and README and no tests", () => {
    const installed = path.join(dir, "node_modules/pulumi-posthog-org");
    expect(fs.realpathSync(installed).startsWith(dir)).toBe(true);
    for (const f of ["LICENSE", "CHANGELOG.md", "README.md", "dist/provider/index.d.ts"])
      expect(fs.existsSync(path.join(installed, f))).toBe(true);
    expect(fs.readFileSync(path.join(installed, "LICENSE"), "utf8")).toContain("Apache License");
    expect(fs.existsSync(path.join(installed, "dist/test"))).toBe(false);
  });

  it("runs up, a no-change preview and destroy against the emulator", async () => {
    const up = await stack.up();
    expect(up.outputs.roleName.value).toBe("Packed");
    expect(up.outputs.roles.value).toBe(1);
    const roles = () => emulator.control.state().then((s) => s.roles.map((r: any) => r.name));
    expect(await roles()).toEqual(["Packed"]);
    await stack.preview({ expectNoChanges: true });
    await stack.destroy();
    expect(await roles()).toEqual([]);
  });
});
