// The emulator's stored records. They hold PostHog's model fields (not serializer output), so
// read-only and derived fields are computed when a response is rendered, as Django does.

/** A PostHog user. */
export interface User {
  id: number;
  uuid: string;
  email: string;
  first_name: string;
  last_name: string;
  distinct_id: string;
  is_active: boolean;
  is_email_verified: boolean;
  date_joined: string;
  last_login: string | null;
  /** Whether the user set up a TOTP device (PostHog derives `is_2fa_enabled` from it); set by control. */
  has_totp_device?: boolean;
  /** The GitHub login of a linked GitHub social auth; set by control (absent = none linked). */
  github_login?: string | null;
  current_organization_id: string | null;
  current_team_id: number | null;
}

/** An organization (model fields; serializer-only fields are derived). */
export interface Organization {
  id: string;
  name: string;
  slug: string;
  logo_media_id: string | null;
  created_at: string;
  updated_at: string;
  plugins_access_level: number;
  is_member_join_email_enabled: boolean;
  customer_id: string | null;
  enforce_2fa: boolean | null;
  members_can_invite: boolean | null;
  members_can_use_personal_api_keys: boolean;
  allow_publicly_shared_resources: boolean;
  is_ai_data_processing_approved: boolean | null;
  default_experiment_stats_method: string | null;
  default_anonymize_ips: boolean;
  default_role_id: string | null;
  is_active: boolean | null;
  is_not_active_reason: string | null;
  enforce_verified_domains: boolean | null;
  members_can_create_projects: boolean;
  members_can_see_org_members: boolean;
  is_ai_training_opted_in: boolean;
  is_pending_deletion: boolean;
  /** Billing-managed features: `{key, name, limit?}`. Emulator settings may add global ones. */
  available_product_features: { key: string; name: string; limit?: number | null }[];
}

/** An organization membership (the member API's object). */
export interface Membership {
  id: string;
  organization_id: string;
  user_uuid: string;
  level: 1 | 8 | 15;
  joined_at: string;
  updated_at: string;
  /** Private-project access granted by the invite this membership came from. */
  explicit_project_access?: { id: number; level: number }[];
}

/** A personal API key; the secret is stored only as its sha256 hash, as PostHog does. */
export interface ApiKey {
  id: string;
  user_uuid: string;
  label: string;
  secure_value: string;
  mask_value: string;
  /** null or [] = legacy key without scopes (passes every scope check). */
  scopes: string[] | null;
  scoped_organizations: string[];
  scoped_teams: number[];
  created_at: string;
  last_used_at: string | null;
}

/** A project (and its main team, which shares the integer id). */
export interface Project {
  id: number;
  uuid: string;
  organization_id: string;
  name: string;
  product_description: string | null;
  created_at: string;
  updated_at: string;
  is_pending_deletion: boolean;
  api_token: string;
  /** The feature-flag secret token (`phs_`), none until first rotated; absent in older stores. */
  secret_api_token?: string | null;
  /** The previous secret token, valid until deleted. */
  secret_api_token_backup?: string | null;
  is_demo: boolean;
  ingested_event: boolean;
  /** Team passthrough settings (timezone, anonymize_ips, …) as stored. */
  settings: Record<string, unknown>;
  product_intents: { product_type: string; created_at: string; onboarding_completed_at: string | null }[];
  has_completed_onboarding_for: Record<string, boolean> | null;
}

/** A pending organization invite. */
export interface Invite {
  id: string;
  organization_id: string;
  target_email: string;
  first_name: string;
  level: 1 | 8 | 15;
  created_by_uuid: string | null;
  created_at: string;
  updated_at: string;
  message: string | null;
  private_project_access: { id: number; level: number }[] | null;
  emailing_attempt_made: boolean;
}

/** A role. */
export interface Role {
  id: string;
  organization_id: string;
  name: string;
  created_at: string;
  created_by_uuid: string | null;
}

/** A user's membership in a role. */
export interface RoleMembership {
  id: string;
  role_id: string;
  user_uuid: string;
  organization_member_id: string;
  joined_at: string;
  updated_at: string;
}

/** A verified-domain record. */
export interface Domain {
  id: string;
  organization_id: string;
  domain: string;
  verified_at: string | null;
  last_verification_retry: string | null;
  verification_challenge: string;
  jit_provisioning_enabled: boolean;
  sso_enforcement: string;
  saml_entity_id: string | null;
  saml_acs_url: string | null;
  saml_x509_cert: string | null;
  scim_enabled: boolean;
}

/** A managed reverse-proxy record. */
export interface ProxyRecord {
  id: string;
  organization_id: string;
  domain: string;
  target_cname: string;
  status: string;
  message: string | null;
  created_at: string;
  updated_at: string;
  created_by_id: number | null;
}

/** A batch export (secrets kept in `destination.config`, stripped on output). */
export interface BatchExport {
  id: string;
  team_id: number;
  name: string;
  model: string | null;
  destination: { type: string; config: Record<string, unknown>; integration: number | null };
  interval: string;
  paused: boolean;
  created_at: string;
  last_updated_at: string;
  last_paused_at: string | null;
  start_at: string | null;
  end_at: string | null;
  hogql_query: string;
  schema: unknown;
  filters: unknown;
  timezone: string | null;
  offset_day: number | null;
  offset_hour: number | null;
  deleted: boolean;
}

/** A log line of a batch export (written by the emulator when it acts on one). */
export interface BatchExportLog {
  batch_export_id: string;
  team_id: number;
  instance_id: string;
  timestamp: string;
  level: string;
  message: string;
}

/** One entry of a project's activity log. */
export interface ActivityEntry {
  id: string;
  scope: string;
  item_id: string;
  activity: string;
  user_uuid: string | null;
  created_at: string;
  detail: Record<string, unknown>;
}

/** State is the whole store: plain JSON, so it can be dumped and persisted as is. */
export interface State {
  users: User[];
  organizations: Organization[];
  memberships: Membership[];
  apiKeys: ApiKey[];
  projects: Project[];
  invites: Invite[];
  roles: Role[];
  roleMemberships: RoleMembership[];
  domains: Domain[];
  proxyRecords: ProxyRecord[];
  batchExports: BatchExport[];
  batchExportLogs: BatchExportLog[];
  activity: ActivityEntry[];
  /** Emulated DNS: TXT record name → values. */
  dnsTxt: Record<string, string[]>;
  sequences: { user: number; team: number };
}

/** An empty store. */
export function emptyState(): State {
  return {
    users: [],
    organizations: [],
    memberships: [],
    apiKeys: [],
    projects: [],
    invites: [],
    roles: [],
    roleMemberships: [],
    domains: [],
    proxyRecords: [],
    batchExports: [],
    batchExportLogs: [],
    activity: [],
    dnsTxt: {},
    sequences: { user: 0, team: 0 },
  };
}

/** Membership levels (docs/posthog-api/FACTS.md §2.5). */
export const Level = { MEMBER: 1, ADMIN: 8, OWNER: 15 } as const;
