import type * as pulumi from "@pulumi/pulumi";

/**
 * PostHogShim represents one PostHog resource kind to the Pulumi engine. It is the only provider
 * code serialized into stack state, so it holds nothing but the kind's name: every method loads
 * `pulumi-posthog-org/runtime` at call time inside the provider process (resolved from the program's
 * directory), which keeps `__provider` small and identical across releases and lets a package
 * upgrade change behaviour for existing stacks without a diff.
 *
 * @internal
 */
export class PostHogShim implements pulumi.dynamic.ResourceProvider {
  constructor(readonly kind: string) {}

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

// `require` is a module global the closure serializer never captures, so this resolves in the
// provider process, from the program directory, to whichever version of the package is installed.
function runtime(): typeof import("./runtime") {
  return require("pulumi-posthog-org/runtime");
}

// One shim object per kind, created once: Pulumi caches a provider's serialization per object.
/** @internal */ export const organizationShim = new PostHogShim("Organization");
/** @internal */ export const projectShim = new PostHogShim("Project");
/** @internal */ export const roleShim = new PostHogShim("Role");
/** @internal */ export const roleMembershipShim = new PostHogShim("RoleMembership");
/** @internal */ export const proxyRecordShim = new PostHogShim("ProxyRecord");
/** @internal */ export const inviteShim = new PostHogShim("Invite");
/** @internal */ export const organizationMemberShim = new PostHogShim("OrganizationMember");
/** @internal */ export const domainShim = new PostHogShim("Domain");
/** @internal */ export const batchExportShim = new PostHogShim("BatchExport");
/** @internal */ export const personShim = new PostHogShim("Person");
/** @internal */ export const rosterShim = new PostHogShim("Roster");
