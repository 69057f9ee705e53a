// Audits a stack against the emulator after a faulted or interrupted run: objects PostHog holds
// twice under one natural key (duplicates), objects PostHog holds that the state does not record
// (orphans), and state entries whose object PostHog does not hold (dangling ids).
import type { Bootstrapped, StateDump } from "./emulator";

/** One object of a program-managed kind in the emulator: its id and natural key. */
interface Held {
  kind: string;
  id: string;
  key: string;
}

/** The audit's findings, each as `Kind key-or-id` strings so a failure shows what went wrong. */
export interface Audit {
  duplicates: string[];
  orphans: string[];
  dangling: string[];
}

/** The objects of one organization the programs create, bootstrap objects left out. */
function held(emu: StateDump, boot: Bootstrapped): Held[] {
  const org = boot.organization.id;
  const projects = emu.projects.filter((p) => p.organization_id === org && !p.is_pending_deletion);
  const teams = new Set(projects.map((p) => p.id));
  const roles = emu.roles.filter((r) => r.organization_id === org);
  const roleIds = new Set(roles.map((r) => r.id));
  return [
    ...projects
      .filter((p) => p.id !== boot.project.id)
      .map((p) => ({ kind: "Project", id: String(p.id), key: p.name })),
    ...roles.map((r) => ({ kind: "Role", id: r.id, key: r.name.toLowerCase() })),
    ...emu.roleMemberships
      .filter((m) => roleIds.has(m.role_id))
      .map((m) => ({ kind: "RoleMembership", id: m.id, key: `${m.role_id}/${m.user_uuid}` })),
    ...emu.domains.filter((d) => d.organization_id === org).map((d) => ({ kind: "Domain", id: d.id, key: d.domain })),
    ...emu.proxyRecords
      .filter((p) => p.organization_id === org && p.status !== "deleting")
      .map((p) => ({ kind: "ProxyRecord", id: p.id, key: p.domain })),
    ...emu.batchExports
      .filter((b) => teams.has(b.team_id) && !b.deleted)
      .map((b) => ({ kind: "BatchExport", id: b.id, key: `${b.team_id}/${b.name}` })),
    ...emu.invites
      .filter((i) => i.organization_id === org)
      .map((i) => ({ kind: "Invite", id: i.id, key: i.target_email.toLowerCase() })),
  ];
}

/** audit compares the stack's state (an `exportStack()` deployment) with the emulator's store. */
export function audit(
  deployment: { resources?: { type: string; id?: string }[] },
  emu: StateDump,
  boot: Bootstrapped,
): Audit {
  const objects = held(emu, boot);
  const recorded = (deployment.resources ?? [])
    .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/") && r.id)
    .map((r) => ({ kind: r.type.split(":").pop()!, id: r.id! }));
  const inState = new Set(recorded.map((r) => `${r.kind}/${r.id}`));

  const byKey = new Map<string, Held[]>();
  for (const o of objects) byKey.set(`${o.kind} ${o.key}`, [...(byKey.get(`${o.kind} ${o.key}`) ?? []), o]);
  const duplicates = [...byKey.entries()]
    .filter(([, list]) => list.length > 1)
    .map(([key, list]) => `${key} ×${list.length}`);
  const orphans = objects.filter((o) => !inState.has(`${o.kind}/${o.id}`)).map((o) => `${o.kind} ${o.key} (${o.id})`);

  const members = emu.memberships.filter((m) => m.organization_id === boot.organization.id);
  const exists = (kind: string, id: string) =>
    kind === "OrganizationMember"
      ? members.some((m) => m.id === id || m.user_uuid === id)
      : objects.some((o) => o.kind === kind && o.id === id);
  const dangling = recorded.filter((r) => !exists(r.kind, r.id)).map((r) => `${r.kind} ${r.id}`);
  return { duplicates, orphans, dangling };
}
