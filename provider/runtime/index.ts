import type * as pulumi from "@pulumi/pulumi";
import { setConfigSource } from "./core/context";
import { defineResource, type ResourceHandlers } from "./core/define-resource";
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

// The single registry: one line per resource kind (the kind is the shim's and the class's name).
const registry: Record<string, ResourceHandlers> = {
  Organization: defineResource(organization),
  Project: defineResource(project),
  Role: defineResource(role),
  RoleMembership: defineResource(roleMembership),
  ProxyRecord: defineResource(proxyRecord),
  Invite: defineResource(invite),
  OrganizationMember: defineResource(organizationMember),
  Domain: defineResource(domain),
  BatchExport: defineResource(batchExport),
  Person: defineResource(person),
  Roster: defineResource(roster),
};

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
export const remove = (kind: string, id: string, props: any) =>
  registry[kind] ? registry[kind].delete(id, props) : Promise.resolve();
export { remove as delete };
