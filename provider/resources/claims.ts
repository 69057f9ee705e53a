import * as pulumi from "@pulumi/pulumi";

// Natural keys PostHog keeps unique (role names per organization, case-insensitively) are checked
// across the whole program here, in the program process, because the provider sees one resource at
// a time. A clash fails the preview before anything is sent to PostHog, as a pulumi.RunError: the
// engine shows it like its own errors, on one line without a JavaScript stack.
const claimed = new Map<string, string>();

/**
 * Records that the resource `name` uses `key` within `scope`; throws when another resource of the
 * program already did. Values not known yet are checked when they resolve.
 */
export function claimUnique(
  what: string,
  scope: pulumi.Input<string> | undefined,
  key: pulumi.Input<string>,
  name: string,
): void {
  const claim = (s: string | undefined, k: string) => {
    if (typeof k !== "string") return;
    const id = `${what}\u0000${s ?? ""}\u0000${k.trim().toLowerCase()}`;
    const other = claimed.get(id);
    if (other !== undefined && other !== name) {
      throw new pulumi.RunError(
        `${what} "${k}" is declared twice, by "${other}" and by "${name}": PostHog keeps ${what.toLowerCase()} unique per organization (ignoring case). Rename or remove one of them.`,
      );
    }
    claimed.set(id, name);
  };
  if (typeof key === "string" && (scope === undefined || typeof scope === "string")) claim(scope, key);
  else pulumi.all([scope, key]).apply(([s, k]) => claim(s, k));
}

/**
 * Refuses the `import` resource option, in the program, before the engine tries it: for a dynamic
 * resource the engine's import reaches the provider host without the serialized provider, which
 * crashes it ("code must be a string, not undefined"). Adoption is this package's import.
 */
export function refuseImport(kind: string, name: string, opts: pulumi.CustomResourceOptions | undefined): void {
  if (opts?.import === undefined) return;
  throw new pulumi.RunError(
    `${kind} "${name}": the \`import\` option does not work for Pulumi dynamic resources such as this one. Remove it and set \`adopt: true\` in the resource's inputs: \`pulumi up\` then takes the existing object over by its natural key (see the README, "Adopting existing objects").`,
  );
}
