import type * as pulumi from "@pulumi/pulumi";
import type { Kind } from "../runtime";

/**
 * PostHogShim represents one PostHog resource kind to the Pulumi engine. It holds nothing but the
 * kind's name: every method loads `pulumi-posthog-org/runtime` at call time inside the provider
 * process (resolved from the program's directory), which lets a package upgrade change behaviour
 * for existing stacks without a diff.
 *
 * Each kind's instance is the `module.exports` of its own file in this directory (`role.ts`, …),
 * and a resource's state names that file in {@link providerText}. Hence:
 * - the files keep their paths forever (`pulumi-posthog-org/shim/<kind>` is written into every
 *   stack's state, and package.json exports it);
 * - they import nothing but this file, by a relative path inside this directory;
 * - adding a kind is one file: `export = new PostHogShim("Kind");` (a kind the runtime's registry
 *   does not hold does not compile).
 *
 * @internal
 */
export class PostHogShim<K extends Kind = Kind> implements pulumi.dynamic.ResourceProvider {
  constructor(readonly kind: K) {}

  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    return runtime().configure(req);
  }
  check(olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
    return runtime().check(this.kind, olds, news);
  }
  diff(id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
    return runtime().diff(this.kind, id, olds, news);
  }
  create(inputs: any): Promise<pulumi.dynamic.CreateResult> {
    return runtime().create(this.kind, inputs);
  }
  read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
    return runtime().read(this.kind, id, props);
  }
  update(id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult> {
    return runtime().update(this.kind, id, olds, news);
  }
  delete(id: string, props: any): Promise<void> {
    return runtime().delete(this.kind, id, props);
  }
}

/**
 * The `__provider` text of every resource of `kind`: the module Pulumi's dynamic-provider plugin
 * evaluates (require-from-string, resolving from the program's directory) and whose `handler()`
 * returns the provider. By package name, so the provider process loads the package installed
 * beside the program; the same text for every kind but the file name, and 60 to 80 bytes.
 *
 * @internal
 */
export function providerText(kind: Kind): string {
  const file = kind.replace(/(?<=[a-z])(?=[A-Z])/g, "-").toLowerCase();
  return `exports.handler = () => require("pulumi-posthog-org/shim/${file}");\n`;
}

// By package name, at call time: the program process never loads the runtime, and the provider
// process gets whichever version of the package is installed next to the program.
function runtime(): typeof import("../runtime") {
  loaded ??= load();
  return loaded;
}
let loaded: typeof import("../runtime") | undefined;

function load(): typeof import("../runtime") {
  // Compiling the runtime and its dependencies is a third of what a provider process spends before
  // its first answer (~40 of ~120 ms): Node's on-disk compile cache (under the OS temp directory, or
  // NODE_COMPILE_CACHE) skips it from the second process on. It fails silently where it cannot write.
  require("node:module").enableCompileCache?.();
  return require("pulumi-posthog-org/runtime");
}
