// The organization the benchmark manages at N resources, shared by the PostHog program, the no-op
// baseline and the minimum-request arithmetic (bench.ts), so all three count the same objects.

/** How many objects of each kind a run of N resources has. */
export interface MixShape {
  roles: number;
  invites: number;
  /** OrganizationMember level settings, one per seeded member. */
  levels: number;
  /** RoleMemberships by email, over the seeded members and the roles. */
  memberships: number;
  /** One each: Project, Domain, ProxyRecord, BatchExport (on the project). */
  singles: number;
}

export function mixShape(n: number): MixShape {
  const roles = Math.max(2, Math.round(n / 25));
  const invites = Math.round(n * 0.3);
  const levels = Math.round(n * 0.3);
  const singles = 4;
  return { roles, invites, levels, memberships: n - singles - roles - invites - levels, singles };
}

/** The email of seeded member `i` (already in the organization before the run). */
export const memberEmail = (i: number) => `member${i}@bench.example.com`;

/** Membership `k` puts member `k mod levels` into role `floor(k / levels) mod roles`: unique pairs. */
export const membershipOf = (k: number, shape: MixShape) => ({
  member: k % shape.levels,
  role: Math.floor(k / shape.levels) % shape.roles,
});

/**
 * The organization of the Terraform anchor figures in issue 12: `members` seeded members, 10 roles,
 * a level setting for half of the members, role memberships for a quarter, 2 projects and a proxy
 * record; 163 resources at 200 members, 388 at 500.
 */
export interface AnchorShape {
  members: number;
  roles: number;
  levels: number;
  memberships: number;
  projects: number;
  proxyRecords: number;
}

export function anchorShape(members: number): AnchorShape {
  return {
    members,
    roles: 10,
    levels: Math.floor(members / 2),
    memberships: Math.floor(members / 4),
    projects: 2,
    proxyRecords: 1,
  };
}

/** The resources of an anchor organization. */
export const anchorResources = (s: AnchorShape) => s.roles + s.levels + s.memberships + s.projects + s.proxyRecords;

/** The seeded members an anchor organization of `resources` resources has (163 → 200, 388 → 500). */
export const anchorMembers = (resources: number) => Math.round(((resources - 13) * 4) / 3);
