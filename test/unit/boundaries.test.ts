import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

// The layer rule (STYLE §1) lives in eslint.config.mjs: the program side (provider/resources,
// provider/shim/, provider/index.ts) is loaded into users' programs next to closure serialization
// and loads the runtime and the client only as types, and only the shim requires the runtime (by
// package name, when the engine calls it); the client never imports the runtime or the program
// side. These tests run ESLint's API with the project's config: on fixtures that break (and keep)
// the rule, and on the real tree. ESLint loads its ESM config with a dynamic import, which jest's
// module sandbox refuses, so the API runs in a child node process.
const root = path.resolve(__dirname, "../../..");

/** The .ts files under `dir`. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

interface Finding {
  ruleId: string | null;
  line: number;
  message: string;
}

interface Fixture {
  filePath: string;
  code: string;
}

/**
 * Lints every fixture (as if it sat at `filePath`) and the files under `paths` in one child process:
 * the findings per fixture, and the tree's linted files with their findings.
 */
function lint(
  fixtures: Fixture[],
  paths: string[],
): { fixtures: Finding[][]; tree: { file: string; findings: Finding[] }[] } {
  const script = `
    const { ESLint } = require(${JSON.stringify(path.join(root, "node_modules/eslint"))});
    (async () => {
      const input = JSON.parse(process.argv[1]);
      const eslint = new ESLint({ cwd: ${JSON.stringify(root)} });
      const findings = (r) => r.messages.map((m) => ({ ruleId: m.ruleId, line: m.line, message: m.message }));
      const fixtures = [];
      for (const f of input.fixtures) fixtures.push((await eslint.lintText(f.code, { filePath: f.filePath })).flatMap(findings));
      const tree = (await eslint.lintFiles(input.paths)).map((r) => ({ file: r.filePath, findings: findings(r) }));
      process.stdout.write(JSON.stringify({ fixtures, tree }));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const stdout = execFileSync(process.execPath, ["-e", script, JSON.stringify({ fixtures, paths })], {
    cwd: root,
    encoding: "utf8",
  });
  const out = JSON.parse(stdout) as ReturnType<typeof lint>;
  return { ...out, tree: out.tree.map((t) => ({ ...t, file: path.relative(root, t.file) })) };
}

const LAYER_RULES = ["@typescript-eslint/no-restricted-imports", "no-restricted-syntax", "no-restricted-imports"];
const layerFindings = (findings: Finding[]) => findings.filter((f) => LAYER_RULES.includes(f.ruleId ?? ""));

const fixtures: Fixture[] = [];
const index = new Map<string, number>();
let results: ReturnType<typeof lint> | undefined;

/** Registers a fixture (at collection time) and returns a getter for its layer findings as `ruleId@line`. */
function fixture(filePath: string, code: string): () => string[] {
  const key = `${filePath}\n${code}`;
  if (!index.has(key)) index.set(key, fixtures.push({ filePath, code }) - 1);
  return () => layerFindings(results!.fixtures[index.get(key)!]).map((f) => `${f.ruleId}@${f.line}`);
}

const VALUE_IMPORTS = [
  'import { serve } from "../runtime";',
  'import { PostHogClient } from "../client/client";',
  'export { Pacer } from "../client/retry";',
  'import runtime = require("../runtime/index");',
  'const client = require("../client");',
  "export const all = [serve, PostHogClient, runtime, client];",
  "",
].join("\n");
const TYPE_IMPORTS = [
  'import type { Spec } from "../runtime/specs";',
  'import { type PostHogClient } from "../client";',
  'export type { Pacer } from "../client/retry";',
  'export type Runtime = typeof import("../runtime");',
  "export type All = [Spec, PostHogClient];",
  "",
].join("\n");
const REQUIRE_BY_NAME = 'export const runtime = () => require("pulumi-posthog-org/runtime");\n';
const CLIENT_REACHING_UP = [
  'import { serve } from "../runtime/core";',
  'import { Project } from "../resources/project";',
  'import shim = require("../shim");',
  "export const all = [serve, Project, shim];",
  "",
].join("\n");
const IMPORTS = "@typescript-eslint/no-restricted-imports";

const resourceValues = fixture("provider/resources/fixture.ts", VALUE_IMPORTS);
const shimValues = fixture("provider/shim/fixture.ts", VALUE_IMPORTS);
const indexValues = fixture("provider/index.ts", VALUE_IMPORTS);
const resourceTypes = fixture("provider/resources/fixture.ts", TYPE_IMPORTS);
const shimEntryByName = fixture("provider/shim/posthog-shim.ts", REQUIRE_BY_NAME);
const otherShimByName = fixture("provider/shim/fixture.ts", REQUIRE_BY_NAME);
const resourceByName = fixture("provider/resources/fixture.ts", REQUIRE_BY_NAME);
const shimEntryByPath = fixture("provider/shim/posthog-shim.ts", 'export const r = require("../runtime");\n');
const clientUp = fixture("provider/client/fixture.ts", CLIENT_REACHING_UP);

describe("layer boundaries (eslint.config.mjs)", () => {
  beforeAll(() => {
    results = lint(fixtures, ["provider"]);
  });

  it("reports value imports of the runtime and the client on the program side, in every form", () => {
    const expected = [`${IMPORTS}@1`, `${IMPORTS}@2`, `${IMPORTS}@3`, `${IMPORTS}@4`, "no-restricted-syntax@5"];
    expect(resourceValues()).toEqual(expected);
    expect(shimValues()).toEqual(expected);
    expect(indexValues()).toEqual(expected);
  });

  it("lets the program side load the runtime and the client as types", () => {
    expect(resourceTypes()).toEqual([]);
  });

  it("lets only the shim require the runtime, by package name", () => {
    expect(shimEntryByName()).toEqual([]);
    expect(otherShimByName()).toEqual(["no-restricted-syntax@1"]);
    expect(resourceByName()).toEqual(["no-restricted-syntax@1"]);
    // Even the shim reaches the runtime by package name only.
    expect(shimEntryByPath()).toEqual(["no-restricted-syntax@1"]);
  });

  it("keeps the client free of runtime and program-side imports", () => {
    expect(clientUp()).toEqual([`${IMPORTS}@1`, `${IMPORTS}@2`, `${IMPORTS}@3`]);
  });

  it("finds no layer violation in the real tree", () => {
    const files = results!.tree.map((t) => t.file);
    // The whole tree was linted, the shim (which requires the runtime) and the client included.
    expect(files).toEqual(expect.arrayContaining(["provider/shim/posthog-shim.ts", "provider/client/client.ts"]));
    expect(files.filter((f) => f.startsWith("provider/resources/")).length).toBeGreaterThan(5);
    expect(
      results!.tree.flatMap((t) => layerFindings(t.findings).map((f) => `${t.file}:${f.line} ${f.message}`)),
    ).toEqual([]);
  });

  it("keeps the client's modules free of import circles (resource groups see only resource.ts)", () => {
    const dir = path.join(root, "provider/client");
    const graph = new Map<string, string[]>();
    for (const file of sources(dir)) {
      const text = fs.readFileSync(file, "utf8");
      const deps = [...text.matchAll(/^\s*(?:import|export)\b[^;]*?from\s+"\.\/([\w-]+)"/gm)].map((m) => m[1]);
      graph.set(path.basename(file, ".ts"), deps);
    }
    const circles: string[] = [];
    const visit = (node: string, trail: string[]) => {
      for (const dep of graph.get(node) ?? []) {
        if (trail.includes(dep)) circles.push([...trail.slice(trail.indexOf(dep)), dep].join(" -> "));
        else visit(dep, [...trail, dep]);
      }
    };
    for (const node of graph.keys()) visit(node, [node]);
    expect(circles).toEqual([]);
  });

  it("loads neither the client nor the runtime, undici, zod or yaml with the package in a program", () => {
    // What a program pays at start for `import * as posthog` (the client and the org-file loader
    // load with the first function call or Org; the runtime only in the provider process).
    const script = `require(${JSON.stringify(path.join(root, "dist/provider/index.js"))});
      console.log(JSON.stringify(Object.keys(require.cache)));`;
    const loaded: string[] = JSON.parse(
      execFileSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8" }),
    );
    const heavy = loaded.filter((f) =>
      /[\\/](provider[\\/](client|runtime)|node_modules[\\/](undici|zod|yaml))[\\/]/.test(f),
    );
    expect(loaded.length).toBeGreaterThan(10);
    expect(heavy).toEqual([]);
  });
});
