import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { OrganizationArgs, ProjectArgs, RoleArgs, RoleMembershipArgs } from "../../provider";
import type { InviteArgs, OrganizationMemberArgs } from "../../provider";
import type { InviteInputs } from "../../provider/runtime/specs/invite";
import type { OrganizationMemberInputs } from "../../provider/runtime/specs/organization-member";
import type { OrganizationInputs } from "../../provider/runtime/specs/organization";
import type { ProjectInputs } from "../../provider/runtime/specs/project";
import type { RoleInputs } from "../../provider/runtime/specs/role";
import type { RoleMembershipInputs } from "../../provider/runtime/specs/role-membership";
import type { ProxyRecordArgs } from "../../provider";
import type { ProxyRecordInputs } from "../../provider/runtime/specs/proxy-record";
import type { DomainArgs } from "../../provider";
import type { DomainInputs } from "../../provider/runtime/specs/domain";

// Compile-time drift checks (STYLE §2.5): each public Args interface, unwrapped, has exactly the
// keys of its spec's input schema, and each key's value type is accepted by the schema. A mismatch
// is a TypeScript error, and `npm test` compiles before it runs anything.
type Unwrapped<T> = { [K in keyof T]-?: pulumi.Unwrap<NonNullable<T[K]>> };
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
type Assignable<A, B> = { [K in keyof A & keyof B]: A[K] extends B[K] ? true : K }[keyof A & keyof B];

type Schema<S extends z.ZodType> = { [K in keyof z.input<S>]-?: NonNullable<z.input<S>[K]> };

const checks = {
  role: [true as SameKeys<RoleArgs, z.input<typeof RoleInputs>>, true as Assignable<Unwrapped<RoleArgs>, Schema<typeof RoleInputs>>],
  roleMembership: [true as SameKeys<RoleMembershipArgs, z.input<typeof RoleMembershipInputs>>, true as Assignable<Unwrapped<RoleMembershipArgs>, Schema<typeof RoleMembershipInputs>>],
  organization: [true as SameKeys<OrganizationArgs, z.input<typeof OrganizationInputs>>, true as Assignable<Unwrapped<OrganizationArgs>, Schema<typeof OrganizationInputs>>],
  project: [true as SameKeys<ProjectArgs, z.input<typeof ProjectInputs>>, true as Assignable<Unwrapped<ProjectArgs>, Schema<typeof ProjectInputs>>],
  proxyRecord: [true as SameKeys<ProxyRecordArgs, z.input<typeof ProxyRecordInputs>>, true as Assignable<Unwrapped<ProxyRecordArgs>, Schema<typeof ProxyRecordInputs>>],
  invite: [true as SameKeys<InviteArgs, z.input<typeof InviteInputs>>, true as Assignable<Unwrapped<InviteArgs>, Schema<typeof InviteInputs>>],
  organizationMember: [true as SameKeys<OrganizationMemberArgs, z.input<typeof OrganizationMemberInputs>>, true as Assignable<Unwrapped<OrganizationMemberArgs>, Schema<typeof OrganizationMemberInputs>>],
  domain: [true as SameKeys<DomainArgs, z.input<typeof DomainInputs>>, true as Assignable<Unwrapped<DomainArgs>, Schema<typeof DomainInputs>>],
} as const;

describe("public Args against spec schemas", () => {
  it.each(Object.entries(checks))("%s Args match the spec's input schema", (_name, results) => {
    expect(results).toEqual([true, true]);
  });
});
