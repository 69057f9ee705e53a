// Response representations shared across API areas (UserBasic, OrganizationMember, the
// organization object), rendered from stored records the way PostHog's serializers do.
import type { Membership, Organization, Project, User } from "./model";
import type { Store } from "./store";

/** UserBasicSerializer (newest fields; docs/posthog-api/FACTS.md §4). */
export function userBasic(user: User): Record<string, unknown> {
  return {
    id: user.id,
    uuid: user.uuid,
    distinct_id: user.distinct_id,
    first_name: user.first_name,
    last_name: user.last_name,
    email: user.email,
    is_email_verified: user.is_email_verified,
    hedgehog_config: null,
    role_at_organization: null,
  };
}

/** OrganizationMemberSerializer. */
export function memberRepr(store: Store, m: Membership): Record<string, unknown> {
  const user = store.user(m.user_uuid);
  return {
    id: m.id,
    user: user ? userBasic(user) : null,
    level: m.level,
    joined_at: m.joined_at,
    updated_at: m.updated_at,
    is_2fa_enabled: user?.has_totp_device === true,
    has_social_auth: false,
    last_login: user?.last_login ?? null,
  };
}

/** ProjectBackwardCompatBasicSerializer (list). */
export function projectBasicRepr(p: Project): Record<string, unknown> {
  return {
    id: p.id,
    uuid: p.uuid,
    organization: p.organization_id,
    api_token: p.api_token,
    name: p.name,
    completed_snippet_onboarding: Boolean(p.settings.completed_snippet_onboarding),
    has_completed_onboarding_for: p.has_completed_onboarding_for,
    ingested_event: p.ingested_event,
    is_demo: p.is_demo,
    timezone: (p.settings.timezone as string | undefined) ?? "UTC",
    access_control: Boolean(p.settings.access_control),
  };
}

/** TeamBasicSerializer, as embedded in the organization's `teams`: the basic project plus `project_id`. */
export function teamBasic(p: Project): Record<string, unknown> {
  return { ...projectBasicRepr(p), project_id: p.id };
}

/** Active, non-bot memberships of an organization (what `member_count` and the member list count). */
export function activeMemberships(store: Store, orgId: string): Membership[] {
  return store.state.memberships.filter((m) => {
    if (m.organization_id !== orgId) return false;
    const u = store.user(m.user_uuid);
    // PostHog hides its internal bot accounts (email suffix) from member lists and counts.
    return Boolean(u && u.is_active && !u.email.endsWith("@posthogbot.user"));
  });
}

/** `available_product_features` as billing renders it, including emulator-wide features. */
export function productFeatures(store: Store, org: Organization): Record<string, unknown>[] {
  const own = new Map(org.available_product_features.map((f) => [f.key, f] as const));
  return store.features(org).map((key) => {
    const f = own.get(key);
    const limit =
      f?.limit ??
      (key === "organizations_projects"
        ? store.settings.project_quota
        : key === "managed_reverse_proxy"
          ? store.settings.proxy_record_quota
          : null);
    return {
      key,
      name: f?.name ?? key.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase()),
      ...(limit !== null && limit !== undefined ? { limit } : {}),
    };
  });
}

/** OrganizationSerializer for a given caller (membership_level and visible teams are per caller). */
export function organizationRepr(store: Store, org: Organization, caller: User): Record<string, unknown> {
  const membership = store.membership(org.id, caller.uuid);
  const projects = store.state.projects.filter((p) => p.organization_id === org.id && !p.is_pending_deletion);
  return {
    id: org.id,
    name: org.name,
    slug: org.slug,
    logo_media_id: org.logo_media_id,
    created_at: org.created_at,
    updated_at: org.updated_at,
    membership_level: membership?.level ?? null,
    plugins_access_level: org.plugins_access_level,
    teams: projects.map(teamBasic),
    projects: projects.map((p) => ({ id: p.id, organization_id: p.organization_id, name: p.name })),
    available_product_features: productFeatures(store, org),
    is_member_join_email_enabled: org.is_member_join_email_enabled,
    metadata: { instance_tag: "none" },
    customer_id: org.customer_id,
    enforce_2fa: org.enforce_2fa,
    members_can_invite: org.members_can_invite,
    members_can_use_personal_api_keys: org.members_can_use_personal_api_keys,
    allow_publicly_shared_resources: org.allow_publicly_shared_resources,
    member_count: activeMemberships(store, org.id).length,
    is_ai_data_processing_approved: org.is_ai_data_processing_approved,
    default_experiment_stats_method: org.default_experiment_stats_method,
    default_anonymize_ips: org.default_anonymize_ips,
    default_role_id: org.default_role_id,
    is_active: org.is_active,
    is_not_active_reason: org.is_not_active_reason,
    enforce_verified_domains: org.enforce_verified_domains,
    members_can_create_projects: org.members_can_create_projects,
    members_can_see_org_members: org.members_can_see_org_members,
    is_ai_training_opted_in: org.is_ai_training_opted_in,
    is_pending_deletion: org.is_pending_deletion,
  };
}
