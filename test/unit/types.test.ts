import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type {
  BatchExport,
  BatchExportArgs,
  BatchExportDestination,
  Domain,
  DomainArgs,
  Invite,
  InviteArgs,
  Organization,
  OrganizationArgs,
  OrganizationMember,
  OrganizationMemberArgs,
  Person,
  PersonArgs,
  Project,
  ProjectArgs,
  ProxyRecord,
  ProxyRecordArgs,
  Role,
  RoleArgs,
  RoleMembership,
  RoleMembershipArgs,
  Roster,
  RosterArgs,
} from "../../provider";
import type {
  BatchExportDestination as DestinationSchema,
  BatchExportInputs,
  BatchExportState,
} from "../../provider/runtime/specs/batch-export";
import type { DomainInputs, DomainState } from "../../provider/runtime/specs/domain";
import type { InviteInputs, InviteState } from "../../provider/runtime/specs/invite";
import type {
  OrganizationMemberInputs,
  OrganizationMemberState,
} from "../../provider/runtime/specs/organization-member";
import type { OrganizationInputs, OrganizationState } from "../../provider/runtime/specs/organization";
import type { PersonInputs, PersonState } from "../../provider/runtime/specs/person";
import type { ProjectInputs, ProjectState } from "../../provider/runtime/specs/project";
import type { ProxyRecordInputs, ProxyRecordState } from "../../provider/runtime/specs/proxy-record";
import type { RoleInputs, RoleState } from "../../provider/runtime/specs/role";
import type { RoleMembershipInputs, RoleMembershipState } from "../../provider/runtime/specs/role-membership";
import type { RosterInputs, RosterState } from "../../provider/runtime/specs/roster";

// Compile-time drift checks (STYLE §2.5). Each check is a type that is `true` only when it holds,
// assigned to a `true`-typed slot: a mismatch is a TypeScript error, and `npm test` compiles (and
// stops on errors) before it runs anything.

/**
 * Deep, two-way equality of two types (true only when each is assignable to the other at every
 * depth, optional keys included).
 */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Normalises intersections and unions of objects so two spellings of the same shape compare equal. */
type Flat<T> = T extends object ? { [K in keyof T]: Flat<T[K]> } : T;

/**
 * A type with every `pulumi.Input` removed at every depth (like `pulumi.Unwrap`, which also rewrites
 * `unknown` and so cannot compare with a schema that takes any value).
 */
type Plain<T> = unknown extends T
  ? T
  : T extends pulumi.OutputInstance<infer U>
    ? Plain<U>
    : T extends Promise<infer U>
      ? Plain<U>
      : T extends readonly (infer E)[]
        ? Plain<E>[]
        : T extends object
          ? { [K in keyof T]: Plain<T[K]> }
          : T;

/**
 * A public Args interface, unwrapped (every `pulumi.Input` at every depth), is the spec's schema
 * input exactly: the same keys at every depth, the same optionality and the same value types. A
 * nested key added, dropped or retyped on either side fails to compile.
 */
type ArgsMatch<Args, S extends z.ZodType> = Equals<Flat<Plain<Args>>, Flat<z.input<S>>>;

/** The outputs a resource class declares: its public fields beyond those every resource has. */
type Outputs<C> = { [K in Exclude<keyof C, keyof pulumi.CustomResource>]: C[K] };
/**
 * A resource class declares one output per key of its spec's state, of the state's type at every
 * depth: no output missing (every input echoed), none the state does not hold, none of another
 * type, and each a `pulumi.Output`.
 */
type OutputsMatch<C, S> =
  Equals<Flat<Plain<Outputs<C>>>, Flat<Plain<S>>> extends true
    ? Outputs<C> extends { [K in keyof S]: pulumi.Output<unknown> }
      ? true
      : false
    : false;

const args: Record<string, true> = {
  batchExportDestination: true satisfies Equals<
    Flat<Plain<BatchExportDestination>>,
    Flat<z.input<typeof DestinationSchema>>
  >,
  role: true satisfies ArgsMatch<RoleArgs, typeof RoleInputs>,
  roleMembership: true satisfies ArgsMatch<RoleMembershipArgs, typeof RoleMembershipInputs>,
  organization: true satisfies ArgsMatch<OrganizationArgs, typeof OrganizationInputs>,
  project: true satisfies ArgsMatch<ProjectArgs, typeof ProjectInputs>,
  proxyRecord: true satisfies ArgsMatch<ProxyRecordArgs, typeof ProxyRecordInputs>,
  invite: true satisfies ArgsMatch<InviteArgs, typeof InviteInputs>,
  organizationMember: true satisfies ArgsMatch<OrganizationMemberArgs, typeof OrganizationMemberInputs>,
  domain: true satisfies ArgsMatch<DomainArgs, typeof DomainInputs>,
  batchExport: true satisfies ArgsMatch<BatchExportArgs, typeof BatchExportInputs>,
  person: true satisfies ArgsMatch<PersonArgs, typeof PersonInputs>,
  roster: true satisfies ArgsMatch<RosterArgs, typeof RosterInputs>,
};

const outputs: Record<string, true> = {
  role: true satisfies OutputsMatch<Role, RoleState>,
  roleMembership: true satisfies OutputsMatch<RoleMembership, RoleMembershipState>,
  organization: true satisfies OutputsMatch<Organization, OrganizationState>,
  project: true satisfies OutputsMatch<Project, ProjectState>,
  proxyRecord: true satisfies OutputsMatch<ProxyRecord, ProxyRecordState>,
  invite: true satisfies OutputsMatch<Invite, InviteState>,
  organizationMember: true satisfies OutputsMatch<OrganizationMember, OrganizationMemberState>,
  domain: true satisfies OutputsMatch<Domain, DomainState>,
  batchExport: true satisfies OutputsMatch<BatchExport, BatchExportState>,
  person: true satisfies OutputsMatch<Person, PersonState>,
  roster: true satisfies OutputsMatch<Roster, RosterState>,
};

// The checks themselves: a deliberate drift must not compile (each line below would be an error
// without its @ts-expect-error, so the checks cannot silently pass everything).
type NestedDrift = { destination: { type: "S3"; config: { bucketName: string; extra: string } } };
// @ts-expect-error a nested key the schema does not have
const _nested: true = true satisfies Equals<
  Flat<NestedDrift>,
  Flat<{ destination: { type: "S3"; config: { bucketName: string } } }>
>;
// @ts-expect-error an optional key made required
const _optional: true = true satisfies Equals<Flat<{ a?: string }>, Flat<{ a: string }>>;
// @ts-expect-error an output missing from a class
const _missing: true = true satisfies Equals<
  { a: pulumi.Output<string> },
  { a: pulumi.Output<string>; b: pulumi.Output<number> }
>;

describe("public types against the spec types", () => {
  it.each(Object.keys(args))("%s Args match the spec's input schema, deeply (checked by the compiler)", (name) => {
    expect(args[name]).toBe(true);
  });
  it.each(Object.keys(outputs))("%s declares every state key as a typed output (checked by the compiler)", (name) => {
    expect(outputs[name]).toBe(true);
  });
});
