// The live organization as the GitOps layer sees it (members, invites, roles and their members,
// projects, domains, proxy records), read in as few requests as the API allows: one list per
// collection, plus one role-membership list per role (PostHog has no org-wide one).
import type { PostHogClient } from "../client";
import { levelName } from "../runtime/rules/membership";
import type { OrgFile } from "./schema";

/** PostHog's INVITE_DAYS_VALIDITY (posthog/constants.py). */
export const INVITE_VALIDITY_DAYS = 3;

export interface LiveMember {
  email: string;
  uuid: string;
  level: string;
  firstName: string | null;
  joinedAt: string | null;
  lastLogin: string | null;
  is2faEnabled: boolean | null;
}
export interface LiveInvite {
  id: string;
  email: string;
  level: string;
  createdAt: string;
  expired: boolean;
}
export interface LiveOrg {
  organizationId: string;
  members: LiveMember[];
  invites: LiveInvite[];
  roles: { id: string; name: string; members: string[] }[];
  projects: { id: number; name: string; timezone: string | null }[];
  domains: { domain: string; verified: boolean; jitProvisioningEnabled: boolean; ssoEnforcement: string }[];
  proxyRecords: { domain: string; status: string }[];
}

/** Which parts to read: the people part is all the component needs at every preview. */
export type LiveParts = "people" | "all";

/** Reads the live organization. `people`: members, invites and roles only. */
export async function readLive(
  client: PostHogClient,
  organizationId: string,
  parts: LiveParts = "all",
): Promise<LiveOrg> {
  const [members, invites, roles] = await Promise.all([
    client.members.listAll(organizationId),
    client.invites.listAll(organizationId),
    client.roles.listAll(organizationId),
  ]);
  const roleMembers = await Promise.all(roles.map((r) => client.roleMemberships.listAll(organizationId, r.id)));
  const live: LiveOrg = {
    organizationId,
    members: members.map((m) => ({
      email: m.user.email,
      uuid: m.user.uuid,
      level: levelName(m.level),
      firstName: m.user.first_name ?? null,
      joinedAt: m.joined_at ?? null,
      lastLogin: m.last_login ?? null,
      is2faEnabled: m.is_2fa_enabled ?? null,
    })),
    invites: invites.map((i) => ({
      id: i.id,
      email: i.target_email,
      level: levelName(i.level),
      createdAt: i.created_at,
      expired: i.is_expired,
    })),
    roles: roles.map((r, n) => ({ id: r.id, name: r.name, members: roleMembers[n].map((m) => m.user.email) })),
    projects: [],
    domains: [],
    proxyRecords: [],
  };
  if (parts === "all") {
    const [projects, domains, proxies] = await Promise.all([
      client.projects.listAll(organizationId),
      client.domains.listAll(organizationId),
      client.proxyRecords.listAll(organizationId),
    ]);
    live.projects = projects.map((p) => ({
      id: p.id,
      name: p.name,
      timezone: typeof (p as any).timezone === "string" ? (p as any).timezone : null,
    }));
    live.domains = domains.map((d) => ({
      domain: d.domain,
      verified: Boolean(d.is_verified),
      jitProvisioningEnabled: Boolean(d.jit_provisioning_enabled),
      ssoEnforcement: d.sso_enforcement ?? "",
    }));
    live.proxyRecords = proxies.map((p) => ({ domain: p.domain, status: String(p.status) }));
  }
  return live;
}

/** Access that exists in the organization but that the org file does not declare. */
export interface Unmanaged {
  members: { email: string; level: string }[];
  invites: { email: string; level: string; expired: boolean }[];
  roles: string[];
  /** Role memberships the file does not give (role name → emails). */
  roleMembers: { role: string; email: string }[];
}

export const unmanagedCount = (u: Unmanaged) =>
  u.members.length + u.invites.length + u.roles.length + u.roleMembers.length;

/** What the live organization has that `file` does not declare. */
export function unmanagedAccess(file: OrgFile, live: LiveOrg): Unmanaged {
  const people = new Map((file.people ?? []).map((p) => [p.email.toLowerCase(), p]));
  const roles = new Set((file.roles ?? []).map((r) => r.toLowerCase()));
  const roleMembers: Unmanaged["roleMembers"] = [];
  for (const role of live.roles) {
    if (!roles.has(role.name.toLowerCase())) continue;
    for (const email of role.members) {
      const p = people.get(email.toLowerCase());
      if (!p || !(p.roles ?? []).some((r) => r.toLowerCase() === role.name.toLowerCase()))
        roleMembers.push({ role: role.name, email });
    }
  }
  return {
    members: live.members
      .filter((m) => !people.has(m.email.toLowerCase()))
      .map((m) => ({ email: m.email, level: m.level })),
    invites: live.invites
      .filter((i) => !people.has(i.email.toLowerCase()))
      .map((i) => ({ email: i.email, level: i.level, expired: i.expired })),
    roles: live.roles.filter((r) => !roles.has(r.name.toLowerCase())).map((r) => r.name),
    roleMembers,
  };
}

/** One line naming the unmanaged access, for warnings. */
export function describeUnmanaged(u: Unmanaged): string {
  const parts: string[] = [];
  if (u.members.length) parts.push(`members ${u.members.map((m) => `${m.email} (${m.level})`).join(", ")}`);
  if (u.invites.length) parts.push(`pending invites ${u.invites.map((i) => `${i.email} (${i.level})`).join(", ")}`);
  if (u.roles.length) parts.push(`roles ${u.roles.join(", ")}`);
  if (u.roleMembers.length)
    parts.push(`role memberships ${u.roleMembers.map((r) => `${r.email} in ${r.role}`).join(", ")}`);
  return parts.join("; ");
}
