// Data sources: read PostHog objects from a program without managing them (Pulumi "functions").
// They run in the program process, with the same settings as the provider (stack config
// `posthog:*`, then POSTHOG_* environment variables), and never put the API key anywhere.
import * as pulumi from "@pulumi/pulumi";
import { getClient, type PostHogClient } from "./client";
import { resolveConfig } from "./config";

function connect(organizationId: string | undefined): { client: PostHogClient; organizationId: string } {
  const settings = resolveConfig({ get: (key) => pulumi.runtime.getConfig(`posthog:${key}`) });
  const org = organizationId ?? settings.organizationId;
  if (!org)
    throw new pulumi.RunError(
      "organizationId is not set: pass it, or set `posthog:organizationId` (or POSTHOG_ORGANIZATION_ID).",
    );
  return { client: getClient(settings), organizationId: org };
}

/** An organization as read from PostHog. */
export interface OrganizationInfo {
  id: string;
  name: string;
  slug: string | null;
  /** The API key user's level in it: 1 member, 8 admin, 15 owner. */
  membershipLevel: number | null;
  memberCount: number | null;
}

/** Reads an organization (default: the provider's `posthog:organizationId`). */
export async function getOrganization(args: { id?: string } = {}): Promise<OrganizationInfo> {
  const { client, organizationId } = connect(args.id);
  const o = await client.organizations.retrieve(organizationId);
  return {
    id: o.id,
    name: o.name,
    slug: o.slug ?? null,
    membershipLevel: o.membership_level ?? null,
    memberCount: o.member_count ?? null,
  };
}

/** A project as read from PostHog. Its API token comes only from {@link getProjectApiToken}, as a secret. */
export interface ProjectInfo {
  id: number;
  organizationId: string;
  name: string;
  uuid: string | null;
  timezone: string | null;
}

const projectInfo = (
  organizationId: string,
  p: { id: number; name: string; uuid?: string | null; timezone?: unknown },
): ProjectInfo => ({
  id: p.id,
  organizationId,
  name: p.name,
  uuid: p.uuid ?? null,
  timezone: typeof p.timezone === "string" ? p.timezone : null,
});

/** Reads one project by its integer id. */
export async function getProject(args: { id: number | string; organizationId?: string }): Promise<ProjectInfo> {
  const { client, organizationId } = connect(args.organizationId);
  return projectInfo(organizationId, await client.projects.retrieve(organizationId, args.id));
}

/** Lists the organization's projects the key can see, optionally only those with a given name. */
export async function getProjects(args: { organizationId?: string; name?: string } = {}): Promise<ProjectInfo[]> {
  const { client, organizationId } = connect(args.organizationId);
  const all = await client.projects.listAll(organizationId);
  return all.filter((p) => args.name === undefined || p.name === args.name).map((p) => projectInfo(organizationId, p));
}

/**
 * Whether PostHog is still generating demo data for a project. PostHog refuses this to personal
 * API keys with scopes: use an unscoped key.
 */
export async function isGeneratingDemoData(args: { id: number | string; organizationId?: string }): Promise<boolean> {
  const { client, organizationId } = connect(args.organizationId);
  return client.projects.isGeneratingDemoData(organizationId, args.id);
}

/**
 * One page of a project's activity log (who changed which setting, newest first), as PostHog
 * returns it. PostHog refuses this to personal API keys with scopes: use an unscoped key.
 */
export async function getProjectActivity(args: {
  id: number | string;
  organizationId?: string;
  limit?: number;
  page?: number;
}): Promise<unknown[]> {
  const { client, organizationId } = connect(args.organizationId);
  return (
    (await client.projects.activity(organizationId, args.id, { limit: args.limit, page: args.page })).results ?? []
  );
}

/** A role as read from PostHog. */
export interface RoleInfo {
  id: string;
  organizationId: string;
  name: string;
  isDefault: boolean;
}

/** Reads one role by id or by name (case-insensitive); fails when none matches. */
export async function getRole(args: { id?: string; name?: string; organizationId?: string }): Promise<RoleInfo> {
  if ((args.id === undefined) === (args.name === undefined))
    throw new pulumi.RunError("getRole: pass exactly one of id and name.");
  const roles = await getRoles({ organizationId: args.organizationId });
  const found = roles.find((r) => (args.id ? r.id === args.id : r.name.toLowerCase() === args.name!.toLowerCase()));
  if (!found)
    throw new pulumi.RunError(
      `getRole: no role ${args.id ? `with id ${args.id}` : `named "${args.name}"`} in organization ${roles[0]?.organizationId ?? args.organizationId ?? "(default)"}.`,
    );
  return found;
}

/** Lists the organization's roles. */
export async function getRoles(args: { organizationId?: string } = {}): Promise<RoleInfo[]> {
  const { client, organizationId } = connect(args.organizationId);
  return (await client.roles.listAll(organizationId)).map((r) => ({
    id: r.id,
    organizationId,
    name: r.name,
    isDefault: r.is_default ?? false,
  }));
}

/** An organization member as read from PostHog. */
export interface MemberInfo {
  userUuid: string;
  email: string;
  firstName: string | null;
  /** 1 member, 8 admin, 15 owner. */
  level: number;
  joinedAt: string | null;
}

/** Lists the organization's members, optionally only the one with an email. */
export async function getMembers(args: { organizationId?: string; email?: string } = {}): Promise<MemberInfo[]> {
  const { client, organizationId } = connect(args.organizationId);
  const wanted = args.email?.toLowerCase();
  return (await client.members.listAll(organizationId))
    .filter((m) => wanted === undefined || m.user.email.toLowerCase() === wanted)
    .map((m) => ({
      userUuid: m.user.uuid,
      email: m.user.email,
      firstName: m.user.first_name ?? null,
      level: m.level,
      joinedAt: m.joined_at ?? null,
    }));
}

/** A project's API token (`phc_…`), as a Pulumi secret so it never lands in state in clear. */
export function getProjectApiToken(args: { id: number | string; organizationId?: string }): pulumi.Output<string> {
  return pulumi.secret(
    (async () => {
      const { client, organizationId } = connect(args.organizationId);
      const token = (await client.projects.retrieve(organizationId, args.id)).api_token;
      if (!token) throw new pulumi.RunError(`getProjectApiToken: project ${args.id} has no API token.`);
      return token;
    })(),
  );
}
