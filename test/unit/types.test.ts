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
import type { BatchExportArgs, BatchExportDestination } from "../../provider";
import type {
  BatchExportDestination as DestinationSchema,
  BatchExportInputs,
} from "../../provider/runtime/specs/batch-export";

// Compile-time drift checks (STYLE §2.5): each public Args interface, unwrapped, has exactly the
// keys of its spec's input schema, and each key's value type is accepted by the schema. Each check
// is a type that is `true` only when it holds, assigned to a `true`-typed slot: a mismatch is a
// TypeScript error, and `npm test` compiles (and stops on errors) before it runs anything.
type Unwrapped<T> = { [K in keyof T]-?: NonNullable<pulumi.Unwrap<T[K]>> };
type Schema<S extends z.ZodType> = { [K in keyof z.input<S>]-?: NonNullable<z.input<S>[K]> };
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
/** The keys whose Args type the schema does not accept (never when all fit). */
type Misfits<A, B> = { [K in keyof A & keyof B]: [A[K]] extends [B[K]] ? never : K }[keyof A & keyof B];
type Fits<Args, S extends z.ZodType> =
  SameKeys<Args, z.input<S>> extends true
    ? [Misfits<Unwrapped<Args>, Schema<S>>] extends [never]
      ? true
      : Misfits<Unwrapped<Args>, Schema<S>>
    : "keys differ";

/**
 * Deep, two-way equality of two types (true only when each is assignable to the other at every
 * depth, optional keys included): used where a nested shape is written twice.
 */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Normalises a union of objects so two spellings of the same shape compare equal. */
type Flat<T> = T extends object ? { [K in keyof T]: Flat<T[K]> } : T;

const checks: Record<string, true> = {
  batchExportDestination: true satisfies Equals<
    Flat<pulumi.Unwrap<BatchExportDestination>>,
    Flat<z.input<typeof DestinationSchema>>
  >,
  role: true satisfies Fits<RoleArgs, typeof RoleInputs>,
  roleMembership: true satisfies Fits<RoleMembershipArgs, typeof RoleMembershipInputs>,
  organization: true satisfies Fits<OrganizationArgs, typeof OrganizationInputs>,
  project: true satisfies Fits<ProjectArgs, typeof ProjectInputs>,
  proxyRecord: true satisfies Fits<ProxyRecordArgs, typeof ProxyRecordInputs>,
  invite: true satisfies Fits<InviteArgs, typeof InviteInputs>,
  organizationMember: true satisfies Fits<OrganizationMemberArgs, typeof OrganizationMemberInputs>,
  domain: true satisfies Fits<DomainArgs, typeof DomainInputs>,
  batchExport: true satisfies Fits<BatchExportArgs, typeof BatchExportInputs>,
};

describe("public Args against spec schemas", () => {
  it.each(Object.keys(checks))("%s Args match the spec's input schema (checked by the compiler)", (name) => {
    expect(checks[name]).toBe(true);
  });
});
