// The public API: resource classes and their Args, whose behaviour the engine's provider process
// loads from `pulumi-posthog-org/runtime`; and the data-source functions, which read PostHog from the
// program process itself.
export { Organization, type OrganizationArgs } from "./resources/organization";
export { Project, type ProjectArgs } from "./resources/project";
export { Role, type RoleArgs } from "./resources/role";
export { RoleMembership, type RoleMembershipArgs } from "./resources/role-membership";
export { ProxyRecord, type ProxyRecordArgs } from "./resources/proxy-record";
export { Invite, type InviteArgs, type PrivateProjectAccess } from "./resources/invite";
export { OrganizationMember, type OrganizationMemberArgs } from "./resources/organization-member";
export { Domain, type DomainArgs } from "./resources/domain";
export {
  BatchExport,
  type BatchExportArgs,
  type BatchExportDestination,
  type BigQueryDestination,
  type DatabaseConfig,
  type EventFilter,
  type HttpDestination,
  type NoOpDestination,
  type PostgresDestination,
  type RedshiftDestination,
  type S3Destination,
  type SnowflakeDestination,
} from "./resources/batch-export";
export type { WaitOptions } from "./resources/common";
export { Provider, type ProviderArgs } from "./resources/provider";
export { Person, type PersonArgs } from "./resources/person";
export { Roster, type RosterArgs, type RosterPerson } from "./resources/roster";
export { Org, type OrgArgs } from "./gitops/org";
export * from "./functions";
