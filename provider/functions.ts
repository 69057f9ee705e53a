// Data sources: read PostHog objects from a program without managing them (Pulumi "functions").
// They run in the program process, with the same settings as the provider (stack config
// `posthog:*`, then POSTHOG_* environment variables, or an explicit Provider's settings), and never
// put the API key anywhere. Each has an `…Output` form taking Inputs, as Pulumi's SDKs do.
import * as pulumi from "@pulumi/pulumi";
import type { PostHogClient } from "./client";
import { resolveConfig, type ConfigSource } from "./config";
import { providerSettings, stackConfig } from "./resources/provider";

/**
 * Options of every function: `provider` reads with an explicit {@link Provider}'s settings instead
 * of the stack's `posthog:*` config.
 */
export interface FunctionOptions {
  /** The {@link Provider} to read with. @default the stack's `posthog:*` config */
  provider?: pulumi.ProviderResource;
}

async function source(opts: FunctionOptions | undefined): Promise<ConfigSource> {
  if (!opts?.provider) return stackConfig();
  const settings = providerSettings(opts.provider);
  if (!settings) throw new Error("The provider option of a PostHog function must be a posthog.Provider.");
  // The settings are known whenever they come from config or literals (the usual case).
  const plain = await new Promise<Record<string, unknown>>((resolve) => settings.apply(resolve));
  return { get: (key) => (plain[key] === undefined ? undefined : String(plain[key])) };
}

async function connect(
  organizationId: string | undefined,
  opts?: FunctionOptions,
): Promise<{ client: PostHogClient; organizationId: string }> {
  const settings = resolveConfig(await source(opts));
  const org = organizationId ?? settings.organizationId;
  if (!org)
    throw new pulumi.RunError(
      "organizationId is not set: pass it, or set `posthog:organizationId` (or POSTHOG_ORGANIZATION_ID, or the Provider's organizationId).",
    );
  // The client (undici and zod, about 100 ms to load) only once a function is called: a program
  // that only declares resources never pays for it.
  const { getClient } = require("./client") as typeof import("./client");
  return { client: getClient(settings), organizationId: org };
}

/** The Input form of a function's arguments, for the `…Output` functions. */
export type OutputArgs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

// The `…Output` form of a function: resolves the Inputs, then reads, as one Output (secret when an
// argument is).
function outputForm<A extends object, R>(
  fn: (args: A, opts?: FunctionOptions) => Promise<R>,
): (args: OutputArgs<A>, opts?: FunctionOptions) => pulumi.Output<R> {
  return (args, opts) =>
    pulumi.output(args as pulumi.Input<Record<string, unknown>>).apply((a) => fn(a as A, opts)) as pulumi.Output<R>;
}

/** An organization as read from PostHog. */
export interface OrganizationInfo {
  /** The organization's UUID. */
  id: string;
  /** The organization's name. */
  name: string;
  /** The URL slug PostHog chose for it. */
  slug: string | null;
  /** The API key user's level in it: 1 member, 8 admin, 15 owner. */
  membershipLevel: number | null;
  /** How many members it has. */
  memberCount: number | null;
}

/** Reads an organization (default: the provider's `posthog:organizationId`). */
export async function getOrganization(args: { id?: string } = {}, opts?: FunctionOptions): Promise<OrganizationInfo> {
  const { client, organizationId } = await connect(args.id, opts);
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
  /** The project's integer id (what `projectId` inputs take). */
  id: number;
  /** The organization the project belongs to. */
  organizationId: string;
  /** The project's name. */
  name: string;
  /** The project's UUID. */
  uuid: string | null;
  /** The project's IANA time zone. */
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
export async function getProject(
  args: { id: number | string; organizationId?: string },
  opts?: FunctionOptions,
): Promise<ProjectInfo> {
  const { client, organizationId } = await connect(args.organizationId, opts);
  return projectInfo(organizationId, await client.projects.retrieve(organizationId, args.id));
}

/** Lists the organization's projects the key can see, optionally only those with a given name. */
export async function getProjects(
  args: { organizationId?: string; name?: string } = {},
  opts?: FunctionOptions,
): Promise<ProjectInfo[]> {
  const { client, organizationId } = await connect(args.organizationId, opts);
  const all = await client.projects.listAll(organizationId);
  return all.filter((p) => args.name === undefined || p.name === args.name).map((p) => projectInfo(organizationId, p));
}

/**
 * Whether PostHog is still generating demo data for a project. PostHog refuses this to personal
 * API keys with scopes: use an unscoped key.
 */
export async function isGeneratingDemoData(
  args: { id: number | string; organizationId?: string },
  opts?: FunctionOptions,
): Promise<boolean> {
  const { client, organizationId } = await connect(args.organizationId, opts);
  return client.projects.isGeneratingDemoData(organizationId, args.id);
}

/**
 * One page of a project's activity log (who changed which setting, newest first), as PostHog
 * returns it. PostHog refuses this to personal API keys with scopes: use an unscoped key.
 */
export async function getProjectActivity(
  args: {
    id: number | string;
    organizationId?: string;
    limit?: number;
    page?: number;
  },
  opts?: FunctionOptions,
): Promise<unknown[]> {
  const { client, organizationId } = await connect(args.organizationId, opts);
  return (
    (await client.projects.activity(organizationId, args.id, { limit: args.limit, page: args.page })).results ?? []
  );
}

/** A role as read from PostHog. */
export interface RoleInfo {
  /** The role's UUID. */
  id: string;
  /** The organization the role belongs to. */
  organizationId: string;
  /** The role's name (unique in the organization, ignoring case). */
  name: string;
  /** Whether new members get this role by default. */
  isDefault: boolean;
}

/** Reads one role by id or by name (case-insensitive); fails when none matches. */
export async function getRole(
  args: { id?: string; name?: string; organizationId?: string },
  opts?: FunctionOptions,
): Promise<RoleInfo> {
  if ((args.id === undefined) === (args.name === undefined))
    throw new pulumi.RunError("getRole: pass exactly one of id and name.");
  const roles = await getRoles({ organizationId: args.organizationId }, opts);
  const found = roles.find((r) => (args.id ? r.id === args.id : r.name.toLowerCase() === args.name!.toLowerCase()));
  if (!found)
    throw new pulumi.RunError(
      `getRole: no role ${args.id ? `with id ${args.id}` : `named "${args.name}"`} in organization ${roles[0]?.organizationId ?? args.organizationId ?? "(default)"}.`,
    );
  return found;
}

/** Lists the organization's roles. */
export async function getRoles(args: { organizationId?: string } = {}, opts?: FunctionOptions): Promise<RoleInfo[]> {
  const { client, organizationId } = await connect(args.organizationId, opts);
  return (await client.roles.listAll(organizationId)).map((r) => ({
    id: r.id,
    organizationId,
    name: r.name,
    isDefault: r.is_default ?? false,
  }));
}

/** An organization member as read from PostHog. */
export interface MemberInfo {
  /** The member's user UUID. */
  userUuid: string;
  /** The member's email. */
  email: string;
  /** The member's first name. */
  firstName: string | null;
  /** 1 member, 8 admin, 15 owner. */
  level: number;
  /** When the member joined the organization (ISO 8601). */
  joinedAt: string | null;
}

/** Lists the organization's members, optionally only the one with an email. */
export async function getMembers(
  args: { organizationId?: string; email?: string } = {},
  opts?: FunctionOptions,
): Promise<MemberInfo[]> {
  const { client, organizationId } = await connect(args.organizationId, opts);
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
export function getProjectApiToken(
  args: { id: number | string; organizationId?: string },
  opts?: FunctionOptions,
): pulumi.Output<string> {
  return pulumi.secret(
    (async () => {
      const { client, organizationId } = await connect(args.organizationId, opts);
      const token = (await client.projects.retrieve(organizationId, args.id)).api_token;
      if (!token) throw new pulumi.RunError(`getProjectApiToken: project ${args.id} has no API token.`);
      return token;
    })(),
  );
}

/** A pending or expired invitation as read from PostHog (accepted invites leave the list). */
export interface InviteInfo {
  /** The invite's UUID. */
  id: string;
  /** The invited email. */
  email: string;
  /** The first name given with the invite. */
  firstName: string | null;
  /** 1 member, 8 admin, 15 owner. */
  level: number;
  /** True once the invite is older than PostHog's validity (3 days); it then cannot be accepted. */
  isExpired: boolean;
  /** When the invite was sent (ISO 8601). */
  createdAt: string;
  /** Whether PostHog tried to send the invitation email. */
  emailSent: boolean | null;
}

/** Lists the organization's open invites (pending or expired), optionally only those for one email. */
export async function getInvites(
  args: { organizationId?: string; email?: string } = {},
  opts?: FunctionOptions,
): Promise<InviteInfo[]> {
  const { client, organizationId } = await connect(args.organizationId, opts);
  const wanted = args.email?.toLowerCase();
  return (await client.invites.listAll(organizationId))
    .filter((i) => wanted === undefined || i.target_email.toLowerCase() === wanted)
    .map((i) => ({
      id: i.id,
      email: i.target_email,
      firstName: i.first_name ?? null,
      level: i.level,
      isExpired: i.is_expired,
      createdAt: i.created_at,
      emailSent: i.emailing_attempt_made ?? null,
    }));
}

/** {@link getOrganization} taking Inputs. */
export const getOrganizationOutput = outputForm(getOrganization);
/** {@link getProject} taking Inputs (e.g. the id of a project created in the same program). */
export const getProjectOutput = outputForm(getProject);
/** {@link getProjects} taking Inputs. */
export const getProjectsOutput = outputForm(getProjects);
/** {@link isGeneratingDemoData} taking Inputs. */
export const isGeneratingDemoDataOutput = outputForm(isGeneratingDemoData);
/** {@link getProjectActivity} taking Inputs. */
export const getProjectActivityOutput = outputForm(getProjectActivity);
/** {@link getRole} taking Inputs (e.g. the id of a role created in the same program). */
export const getRoleOutput = outputForm(getRole);
/** {@link getRoles} taking Inputs. */
export const getRolesOutput = outputForm(getRoles);
/** {@link getMembers} taking Inputs. */
export const getMembersOutput = outputForm(getMembers);
/** {@link getInvites} taking Inputs. */
export const getInvitesOutput = outputForm(getInvites);
/** {@link getProjectApiToken} taking Inputs; the token is a secret. */
export function getProjectApiTokenOutput(
  args: OutputArgs<{ id: number | string; organizationId?: string }>,
  opts?: FunctionOptions,
): pulumi.Output<string> {
  return pulumi.secret(pulumi.output(args).apply((a) => getProjectApiToken(a, opts)));
}
