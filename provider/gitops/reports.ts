// `drift`, `export` and `audit`: the reports that read the live organization.
import { stringify } from "yaml";
import { levelName } from "../runtime/rules/membership";
import { INVITE_VALIDITY_DAYS, unmanagedAccess, unmanagedCount, type LiveOrg, type Unmanaged } from "./live";
import type { Preview, Step } from "./preview";
import type { OrgFile } from "./schema";

// ---- drift ----

export interface DriftReport {
  /** Declared objects whose live state differs (the refresh-preview's planned changes). */
  changed: { resource: string; kind: string; op: string; properties: string[] }[];
  unmanaged: Unmanaged;
  drift: boolean;
}

export function driftReport(preview: Preview, file: OrgFile, live: LiveOrg): DriftReport {
  const changed = preview.steps
    .filter((s) => !["same", "read", "refresh"].includes(s.op) && s.kind !== "Stack" && s.kind !== "Org")
    .map((s) => ({ resource: s.name, kind: s.kind, op: s.op, properties: differences(s) }));
  const unmanaged = unmanagedAccess(file, live);
  return { changed, unmanaged, drift: changed.length > 0 || unmanagedCount(unmanaged) > 0 };
}

/** `level: PostHog has "admin", the file says "member"` for each declared input PostHog differs on. */
function differences(s: Step): string[] {
  const keys = s.diffs.length > 0 ? s.diffs : Object.keys(s.news).filter((k) => k !== "__provider");
  return keys
    .filter((k) => JSON.stringify(s.news[k]) !== JSON.stringify(s.olds[k]))
    .map((k) =>
      k in s.olds && k in s.news
        ? `${k}: PostHog has ${JSON.stringify(s.olds[k])}, the file says ${JSON.stringify(s.news[k])}`
        : k,
    );
}

export function driftMarkdown(r: DriftReport): string {
  const out = ["## PostHog organization drift", ""];
  out.push(
    r.drift ? "**Drift found: PostHog differs from the org file.**" : "No drift: PostHog matches the org file.",
    "",
  );
  out.push("### Declared objects that differ in PostHog", "");
  if (r.changed.length === 0) out.push("_None._");
  for (const c of r.changed)
    out.push(
      `- ${c.kind} ${c.resource}: \`up\` would ${c.op}${c.properties.length ? ` (${c.properties.join(", ")})` : ""}`,
    );
  out.push("", "### Access not in the org file (unmanaged)", "");
  const u = r.unmanaged;
  if (unmanagedCount(u) === 0) out.push("_None._");
  for (const m of u.members) out.push(`- member ${m.email} (${m.level})`);
  for (const i of u.invites) out.push(`- pending invite ${i.email} (${i.level}${i.expired ? ", expired" : ""})`);
  for (const role of u.roles) out.push(`- role ${role}`);
  for (const rm of u.roleMembers) out.push(`- ${rm.email} in role ${rm.role}`);
  return out.join("\n") + "\n";
}

// ---- export ----

/**
 * The org file that declares what exists, so that `up` right after adopts it all and writes
 * nothing. Expired invites are left out (declaring them would re-send them), and listed in
 * `skipped`, as are batch exports (their credentials cannot be read back).
 */
export function exportOrgFile(live: LiveOrg): { file: OrgFile; skipped: string[] } {
  const roleOf = new Map<string, string[]>();
  for (const r of live.roles)
    for (const email of r.members)
      roleOf.set(email.toLowerCase(), [...(roleOf.get(email.toLowerCase()) ?? []), r.name]);
  const person = (email: string, level: string) => {
    const roles = roleOf.get(email.toLowerCase());
    return { email, level: level as "member" | "admin" | "owner", ...(roles ? { roles } : {}) };
  };
  const skipped: string[] = [];
  const seen = new Set(live.members.map((m) => m.email.toLowerCase()));
  const invitees = [];
  for (const i of live.invites) {
    if (i.expired) skipped.push(`expired invite of ${i.email} (declare them to re-send it)`);
    else if (!seen.has(i.email.toLowerCase())) {
      seen.add(i.email.toLowerCase());
      invitees.push(person(i.email, i.level));
    }
  }
  const file: OrgFile = {
    organization: live.organizationId,
    policy: { people: "additive", onRemove: "remove", onExpired: "reinvite" },
    rails: { minOwners: 1, maxRemovedPercent: 25, protectKeyUser: true },
    people: [...live.members.map((m) => person(m.email, m.level)), ...invitees],
    roles: live.roles.map((r) => r.name),
    projects: live.projects.map((p) => ({ name: p.name, ...(p.timezone ? { timezone: p.timezone } : {}) })),
  };
  if (live.domains.length)
    file.domains = live.domains.map((d) => ({
      domain: d.domain,
      jitProvisioningEnabled: d.jitProvisioningEnabled,
      ssoEnforcement: d.ssoEnforcement,
    }));
  if (live.proxyRecords.length) file.proxyRecords = live.proxyRecords.map((p) => ({ domain: p.domain }));
  return { file, skipped };
}

export function orgFileYaml(file: OrgFile, skipped: string[], note: string): string {
  const head = [
    `# ${note}`,
    "# Every change to this file is a pull request: `posthog-org review` comments on it, `pulumi up` applies it.",
  ];
  for (const s of skipped) head.push(`# not exported: ${s}`);
  return head.join("\n") + "\n" + stringify(file, { lineWidth: 0 });
}

// ---- audit ----

export interface AuditReport {
  days: number;
  without2fa: string[];
  stale: { email: string; lastLogin: string | null }[];
  owners: string[];
  admins: string[];
  staleInvites: { email: string; createdAt: string }[];
  unverifiedDomains: string[];
}

export function auditReport(live: LiveOrg, now: number, days = 90): AuditReport {
  const limit = now - days * 86_400_000;
  const validity = INVITE_VALIDITY_DAYS * 86_400_000;
  return {
    days,
    without2fa: live.members.filter((m) => m.is2faEnabled !== true).map((m) => m.email),
    stale: live.members
      .filter((m) => m.lastLogin === null || Date.parse(m.lastLogin) < limit)
      .map((m) => ({ email: m.email, lastLogin: m.lastLogin })),
    owners: live.members.filter((m) => m.level === levelName(15)).map((m) => m.email),
    admins: live.members.filter((m) => m.level === levelName(8)).map((m) => m.email),
    staleInvites: live.invites
      .filter((i) => i.expired || Date.parse(i.createdAt) + validity < now)
      .map((i) => ({ email: i.email, createdAt: i.createdAt })),
    unverifiedDomains: live.domains.filter((d) => !d.verified).map((d) => d.domain),
  };
}

export function auditMarkdown(a: AuditReport): string {
  const out = ["## PostHog organization access audit", ""];
  const list = (title: string, rows: string[]) =>
    out.push(`### ${title} (${rows.length})`, "", ...(rows.length ? rows : ["_None._"]), "");
  list(
    "Members without two-factor authentication",
    a.without2fa.map((e) => `- ${e}`),
  );
  list(
    `Members who have not logged in for ${a.days} days`,
    a.stale.map((s) => `- ${s.email}: ${s.lastLogin ? `last login ${s.lastLogin}` : "never logged in"}`),
  );
  list(
    "Owners",
    a.owners.map((e) => `- ${e}`),
  );
  list(
    "Admins",
    a.admins.map((e) => `- ${e}`),
  );
  list(
    `Pending invites older than their ${INVITE_VALIDITY_DAYS}-day validity`,
    a.staleInvites.map((i) => `- ${i.email}: sent ${i.createdAt}`),
  );
  list(
    "Unverified domains",
    a.unverifiedDomains.map((d) => `- ${d}`),
  );
  return out.join("\n").trimEnd() + "\n";
}
