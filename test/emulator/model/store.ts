// The in-memory store and the model-level operations PostHog performs in its managers
// (OrganizationManager.bootstrap, Team creation, key hashing), shared by routes and control API.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { Clock } from "./clock";
import { ApiKey, Invite, Level, Membership, Organization, Project, State, User, emptyState } from "./model";

/** Emulator settings a test can change through `PUT /_emulator/settings`. */
export interface Settings {
  rate_limit_enabled: boolean;
  burst_per_minute: number;
  sustained_per_hour: number;
  /** Max non-demo projects per org when it has `organizations_projects`; null = unlimited (capped at 1500). */
  project_quota: number | null;
  proxy_record_quota: number;
  /** Product features every organization has, on top of its own `available_product_features`. */
  features: string[];
  /** PostHog's DISABLE_BULK_DELETES (set during database migrations): organization/project deletes refused. */
  bulk_deletes_disabled: boolean;
}

/**
 * Defaults model a paying Cloud organization, because managing several projects, domains and roles
 * as code is pointless on the free plan; tests of the free-plan refusals switch features off.
 */
export function defaultSettings(): Settings {
  return {
    rate_limit_enabled: true,
    burst_per_minute: 480,
    sustained_per_hour: 4800,
    project_quota: 6,
    proxy_record_quota: 2,
    features: [
      "organizations_projects",
      "automatic_provisioning",
      "organization_invite_settings",
      "organization_security_settings",
      "role_based_access",
    ],
    bulk_deletes_disabled: false,
  };
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A random base62 token like PostHog's `generate_random_token` (43 characters). */
export function randomToken(length = 43): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const b of bytes) out += BASE62[b % 62];
  return out;
}

/** sha256 of a personal API key, the form PostHog stores (`sha256$<hex>`). */
export function hashKey(key: string): string {
  return "sha256$" + createHash("sha256").update(key).digest("hex");
}

/** Django's slugify: ASCII-fold, drop punctuation, collapse whitespace and dashes. */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[^\u0000-\u007f]/gu, "") // eslint-disable-line no-control-regex
    .toLowerCase()
    .replace(/[^\w\s-]/g, "")
    .replace(/[-\s]+/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "");
}

/** Store holds the state plus the clock and settings that operations depend on. */
export class Store {
  state: State = emptyState();
  settings: Settings = defaultSettings();
  /** Called after every change that should be persisted. */
  onChange: () => void = () => undefined;
  /** Django's cache as views use it for cooldowns: key → expiry (epoch ms). Not persisted. */
  private readonly cache = new Map<string, number>();

  constructor(readonly clock: Clock) {}

  /** Current time as an ISO string. */
  now(): string {
    return this.clock.iso();
  }

  /** Empties the store and restores default settings. */
  reset(): void {
    this.state = emptyState();
    this.settings = defaultSettings();
    this.cache.clear();
  }

  /** Django's `cache.add`: sets `key` for `seconds` unless it is still set; false when it was. */
  cacheAdd(key: string, seconds: number): boolean {
    const now = this.clock.now();
    const expires = this.cache.get(key);
    if (expires !== undefined && expires > now) return false;
    this.cache.set(key, now + seconds * 1000);
    return true;
  }

  // ---- lookups -------------------------------------------------------------------------

  /** The user with this uuid. */
  user(uuid: string): User | undefined {
    return this.state.users.find((u) => u.uuid === uuid);
  }

  /** The user with this email (case-insensitive, as PostHog's email lookups are). */
  userByEmail(email: string): User | undefined {
    const e = email.toLowerCase();
    return this.state.users.find((u) => u.email.toLowerCase() === e);
  }

  /** The organization with this id. */
  organization(id: string): Organization | undefined {
    return this.state.organizations.find((o) => o.id === id);
  }

  /** The membership of a user in an organization. */
  membership(organizationId: string, userUuid: string): Membership | undefined {
    return this.state.memberships.find((m) => m.organization_id === organizationId && m.user_uuid === userUuid);
  }

  /** The project (= main team) with this id. */
  project(id: number): Project | undefined {
    return this.state.projects.find((p) => p.id === id);
  }

  /** The API key matching a plain secret. */
  apiKeyBySecret(secret: string): ApiKey | undefined {
    const h = hashKey(secret);
    return this.state.apiKeys.find((k) => k.secure_value === h);
  }

  /** Invites expire INVITE_DAYS_VALIDITY (3) days after creation but stay listed (docs/posthog-api/FACTS.md §5). */
  inviteExpired(invite: Invite): boolean {
    return this.clock.now() - Date.parse(invite.created_at) > 3 * 24 * 3600_000;
  }

  /** Feature keys an organization has: its own plus the emulator-wide ones. */
  features(org: Organization): string[] {
    return [...new Set([...org.available_product_features.map((f) => f.key), ...this.settings.features])];
  }

  /** True when the organization has a product feature. */
  hasFeature(org: Organization, key: string): boolean {
    return this.features(org).includes(key);
  }

  // ---- model operations ----------------------------------------------------------------

  /** Creates a user (email must be unique). */
  createUser(input: { email: string; first_name?: string; last_name?: string }): User {
    if (this.userByEmail(input.email)) throw new Error(`a user with email ${input.email} already exists`);
    const now = this.now();
    const user: User = {
      id: ++this.state.sequences.user,
      uuid: randomUUID(),
      email: input.email,
      first_name: input.first_name ?? "",
      last_name: input.last_name ?? "",
      distinct_id: randomToken(43),
      is_active: true,
      is_email_verified: true,
      date_joined: now,
      // Signing up logs the user in, so last_login is set for every real account.
      last_login: now,
      current_organization_id: null,
      current_team_id: null,
    };
    this.state.users.push(user);
    return user;
  }

  /** A slug for a new organization: slugify(name)[:48], else `<43 chars>-<4 random letters>`. */
  uniqueSlug(name: string): string {
    const taken = (s: string) => this.state.organizations.some((o) => o.slug === s);
    const base = slugify(name).slice(0, 48);
    if (!taken(base)) return base;
    for (let i = 0; i < 10; i++) {
      let suffix = "";
      for (const b of randomBytes(4)) suffix += String.fromCharCode(97 + (b % 26));
      const candidate = `${base.slice(0, 43)}-${suffix}`.toLowerCase();
      if (!taken(candidate)) return candidate;
    }
    throw new Error("could not find a unique slug");
  }

  /**
   * OrganizationManager.bootstrap: the organization, its first project, the creator's owner
   * membership, and the creator's current organization/project switched to the new ones.
   */
  bootstrapOrganization(
    name: string,
    creator: User | null,
    fields: Partial<Organization> = {},
  ): { org: Organization; project: Project } {
    const now = this.now();
    const org: Organization = {
      id: randomUUID(),
      name,
      slug: this.uniqueSlug(name),
      logo_media_id: null,
      created_at: now,
      updated_at: now,
      plugins_access_level: 3,
      is_member_join_email_enabled: true,
      customer_id: null,
      enforce_2fa: null,
      members_can_invite: true,
      members_can_use_personal_api_keys: true,
      allow_publicly_shared_resources: true,
      is_ai_data_processing_approved: null,
      default_experiment_stats_method: "bayesian",
      default_anonymize_ips: false,
      default_role_id: null,
      is_active: true,
      is_not_active_reason: null,
      enforce_verified_domains: null,
      members_can_create_projects: false,
      members_can_see_org_members: true,
      is_ai_training_opted_in: true,
      is_pending_deletion: false,
      available_product_features: [],
      ...fields,
    };
    this.state.organizations.push(org);
    const project = this.createProject(org, "Default project", {});
    if (creator) {
      this.addMembership(org.id, creator.uuid, Level.OWNER);
      creator.current_organization_id = org.id;
      creator.current_team_id = project.id;
    }
    return { org, project };
  }

  /** Creates a project and its main team (same integer id), with a fresh `phc_` token. */
  createProject(org: Organization, name: string, settings: Record<string, unknown>, isDemo = false): Project {
    const now = this.now();
    const project: Project = {
      id: ++this.state.sequences.team,
      uuid: randomUUID(),
      organization_id: org.id,
      name,
      product_description: null,
      created_at: now,
      updated_at: now,
      is_pending_deletion: false,
      api_token: "phc_" + randomToken(43),
      is_demo: isDemo,
      ingested_event: false,
      settings: { anonymize_ips: org.default_anonymize_ips, ...settings },
      product_intents: [],
      has_completed_onboarding_for: null,
    };
    this.state.projects.push(project);
    return project;
  }

  /** Adds a membership (one per organization and user, like the DB constraint). */
  addMembership(organizationId: string, userUuid: string, level: 1 | 8 | 15): Membership {
    if (this.membership(organizationId, userUuid)) throw new Error("this user is already a member of the organization");
    const now = this.now();
    const m: Membership = {
      id: randomUUID(),
      organization_id: organizationId,
      user_uuid: userUuid,
      level,
      joined_at: now,
      updated_at: now,
    };
    this.state.memberships.push(m);
    const user = this.user(userUuid);
    if (user && !user.current_organization_id) {
      user.current_organization_id = organizationId;
      user.current_team_id =
        this.state.projects.find((p) => p.organization_id === organizationId && !p.is_pending_deletion)?.id ?? null;
    }
    return m;
  }

  /** Removes a membership and what hangs on it (role memberships; the user's current org/team). */
  removeMembership(m: Membership): void {
    this.state.memberships = this.state.memberships.filter((x) => x.id !== m.id);
    this.state.roleMemberships = this.state.roleMemberships.filter((rm) => rm.organization_member_id !== m.id);
    const user = this.user(m.user_uuid);
    if (user && user.current_organization_id === m.organization_id) {
      const next = this.state.memberships.find((x) => x.user_uuid === user.uuid);
      user.current_organization_id = next?.organization_id ?? null;
      user.current_team_id = next
        ? (this.state.projects.find((p) => p.organization_id === next.organization_id)?.id ?? null)
        : null;
    }
  }

  /** Creates a personal API key and returns its plain secret (only time it is visible). */
  createApiKey(
    user: User,
    opts: { scopes?: string[] | null; scoped_organizations?: string[]; scoped_teams?: number[]; label?: string } = {},
  ): string {
    const secret = "phx_" + randomToken(43);
    this.state.apiKeys.push({
      id: randomUUID(),
      user_uuid: user.uuid,
      label: opts.label ?? "emulator",
      secure_value: hashKey(secret),
      mask_value: `phx_...${secret.slice(-4)}`,
      scopes: opts.scopes ?? null,
      scoped_organizations: opts.scoped_organizations ?? [],
      scoped_teams: opts.scoped_teams ?? [],
      created_at: this.now(),
      last_used_at: null,
    });
    return secret;
  }

  /** Deletes an organization with everything that belongs to it (Django CASCADE). */
  deleteOrganization(org: Organization): void {
    const s = this.state;
    const teamIds = new Set(s.projects.filter((p) => p.organization_id === org.id).map((p) => p.id));
    const roleIds = new Set(s.roles.filter((r) => r.organization_id === org.id).map((r) => r.id));
    s.organizations = s.organizations.filter((o) => o.id !== org.id);
    s.projects = s.projects.filter((p) => p.organization_id !== org.id);
    s.invites = s.invites.filter((i) => i.organization_id !== org.id);
    s.roles = s.roles.filter((r) => r.organization_id !== org.id);
    s.roleMemberships = s.roleMemberships.filter((rm) => !roleIds.has(rm.role_id));
    s.domains = s.domains.filter((d) => d.organization_id !== org.id);
    s.proxyRecords = s.proxyRecords.filter((p) => p.organization_id !== org.id);
    s.batchExports = s.batchExports.filter((b) => !teamIds.has(b.team_id));
    for (const m of s.memberships.filter((x) => x.organization_id === org.id)) this.removeMembership(m);
    for (const u of s.users) if (u.current_team_id !== null && teamIds.has(u.current_team_id)) u.current_team_id = null;
  }
}
