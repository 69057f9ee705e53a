import * as fs from "node:fs";
import * as path from "node:path";

// The program side (provider/resources, provider/shim/, provider/index.ts) is loaded into users'
// programs and sits next to closure serialization: it must never load the runtime or the client,
// except as types. (STYLE §1: three physical layers with one-way imports.)
const root = path.resolve(__dirname, "../../..");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

function valueImports(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const found: string[] = [];
  for (const m of text.matchAll(/^\s*import\s+(?!type\b)[^;]*?from\s+"([^"]+)"/gm)) found.push(m[1]);
  for (const m of text.matchAll(/^\s*export\s+(?!type\b)[^;]*?from\s+"([^"]+)"/gm)) found.push(m[1]);
  for (const m of text.matchAll(/\brequire\("([^"]+)"\)/g)) found.push(m[1]);
  return found;
}

describe("layer boundaries", () => {
  const programSide = [
    ...sources(path.join(root, "provider/resources")),
    ...sources(path.join(root, "provider/shim")),
    path.join(root, "provider/index.ts"),
  ];

  it.each(programSide.map((f) => [path.relative(root, f), f]))("%s loads no runtime or client code", (_rel, file) => {
    const bad = valueImports(file).filter(
      (spec) => /(^|\/)(runtime|client)(\/|$)/.test(spec) && spec !== "pulumi-posthog-org/runtime",
    );
    expect(bad).toEqual([]);
  });

  it("lets only the shim require the runtime, by package name", () => {
    const requiring = programSide
      .filter((f) => valueImports(f).includes("pulumi-posthog-org/runtime"))
      .map((f) => path.relative(root, f));
    expect(requiring).toEqual(["provider/shim/posthog-shim.ts"]);
  });

  it("keeps the client free of runtime and program-side imports", () => {
    for (const file of sources(path.join(root, "provider/client"))) {
      expect(valueImports(file).filter((s) => /\.\.\/(runtime|resources|shim)/.test(s))).toEqual([]);
    }
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
});
