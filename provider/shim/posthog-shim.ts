import type * as pulumi from "@pulumi/pulumi";
import type { Kind } from "../runtime";

/**
 * PostHogShim represents one PostHog resource kind to the Pulumi engine. It is the only provider
 * code that reaches stack state, so it holds nothing but the kind's name: every method loads
 * `pulumi-posthog-org/runtime` at call time inside the provider process (resolved from the program's
 * directory), which lets a package upgrade change behaviour for existing stacks without a diff.
 *
 * Each kind's instance is the `module.exports` of its own file in this directory (`role.ts`, …).
 * That is what keeps `__provider` at about 250 bytes: Pulumi's closure serializer writes an object
 * that is a module's export, from a file under `node_modules`, as `require("<package>/<path>")`
 * instead of serializing the class by value (3.7 KB, stored twice per resource). Hence:
 * - the files keep their paths forever (`pulumi-posthog-org/dist/provider/shim/<kind>.js` is
 *   written into every stack's state, and package.json exports it);
 * - they import nothing but this file, by a relative path inside this directory (in this repo,
 *   `scripts/setup.sh` places the directory under node_modules, see there);
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

// By package name, at call time: the program process never loads the runtime, and the provider
// process gets whichever version of the package is installed next to the program.
function runtime(): typeof import("../runtime") {
  return require("pulumi-posthog-org/runtime");
}
