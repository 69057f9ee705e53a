import type * as pulumi from "@pulumi/pulumi";
import { setConfigSource } from "./core/context";
import { defineResource, type ResourceHandlers } from "./core/define-resource";
import type { AnySpec } from "./core/spec";
import { watchEngine } from "./core/engine-watch";
import { organization } from "./specs/organization";
import { project } from "./specs/project";
import { role } from "./specs/role";
import { roleMembership } from "./specs/role-membership";
import { proxyRecord } from "./specs/proxy-record";
import { invite } from "./specs/invite";
import { organizationMember } from "./specs/organization-member";
import { domain } from "./specs/domain";
import { batchExport } from "./specs/batch-export";
import { person } from "./specs/person";
import { roster } from "./specs/roster";

// The single registry: one line per resource kind. The kind is the shim's and the class's name; the
// compiler holds each spec's `kind` to its key, and `Kind` (the shim's and the classes' type) to the keys.
const specs = kinds({
  Organization: organization,
  Project: project,
  Role: role,
  RoleMembership: roleMembership,
  ProxyRecord: proxyRecord,
  Invite: invite,
  OrganizationMember: organizationMember,
  Domain: domain,
  BatchExport: batchExport,
  Person: person,
  Roster: roster,
});

/** The registry's specs, each under its own kind. */
function kinds<T extends { [K in keyof T]: AnySpec & { kind: K } }>(registered: T): T {
  return registered;
}

/** The resource kinds this runtime serves: a shim, class or registry naming another does not compile. */
export type Kind = keyof typeof specs;

const registry = Object.fromEntries(
  Object.entries(specs).map(([kind, spec]) => [kind, defineResource(spec)]),
) as Record<string, ResourceHandlers | undefined>;

function handlers(kind: string): ResourceHandlers {
  const found = registry[kind];
  if (!found)
    throw new Error(
      `Unknown PostHog resource kind "${kind}": the installed pulumi-posthog-org is older than the one that wrote this state. Upgrade the package.`,
    );
  return found;
}

/**
 * Receives the provider's settings once per provider process: the stack configuration for the default
 * provider, a {@link Provider}'s own `posthog:*` inputs for an explicit one (the engine starts one
 * process per provider, so each process serves exactly one host and key).
 */
export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  setConfigSource(req.config);
  watchEngine(); // exit once the engine is gone, so an orphaned provider creates nothing
}
export const check = (kind: string, olds: any, news: any) => handlers(kind).check(olds, news);
export const diff = (kind: string, id: string, olds: any, news: any) => handlers(kind).diff(id, olds, news);
export const create = (kind: string, inputs: any) => handlers(kind).create(inputs);
export const read = (kind: string, id: string, props: any) => handlers(kind).read(id, props);
export const update = (kind: string, id: string, olds: any, news: any) => handlers(kind).update(id, olds, news);
// Deleting a kind this version does not know must not strand the stack: the object is left alone.
export const remove = (kind: string, id: string, props: any) => registry[kind]?.delete(id, props) ?? Promise.resolve();
export { remove as delete };
