// Org: an org file turned into resources, as one ComponentResource, so a program can mix the file
// with hand-written resources. It runs in the program process: it loads and checks the file
// (nothing is sent when the file is wrong), reads the live organization's people once to report
// what the file does not declare (an output and a warning at every preview and up), and declares:
// one Roster (the rails), one Person per person (each depending on the Roster, so a refused rail
// stops the run before any write), adopted Roles, RoleMemberships for people who have joined,
// adopted Projects, Domains and ProxyRecords, and BatchExports whose credentials come from secret
// stack config.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { resolveConfig } from "../config";
import { BatchExport, type BatchExportDestination } from "../resources/batch-export";
import { Domain } from "../resources/domain";
import { Person } from "../resources/person";
import { Project } from "../resources/project";
import { stackConfig } from "../resources/provider";
import { ProxyRecord } from "../resources/proxy-record";
import { Role } from "../resources/role";
import { RoleMembership } from "../resources/role-membership";
import { Roster } from "../resources/roster";
import type { LiveOrg, Unmanaged } from "./live";
import type { OrgFile } from "./schema";

/** The inputs of an {@link Org}. Give `file` or `yaml`. */
export interface OrgArgs {
  /** Path of the org file (relative to the program's working directory). */
  file?: string;
  /** The org file's text, when it does not come from a file (`name` is then used in messages). */
  yaml?: string;
  /**
   * The organization's UUID, when the file names none.
   * @default the file's `organization`, then the provider's `posthog:organizationId` configuration
   */
  organizationId?: string;
}

/**
 * Declares a PostHog organization from an org file (YAML): people and their levels and roles,
 * roles, projects, verified domains, proxy records and batch exports. See `examples/gitops/`.
 *
 * Every person is a {@link Person} (invited when absent, followed until they join, then managed as
 * a member; deleting their entry removes them per `policy.onRemove`). Members, invites, roles and
 * role memberships that exist but are not in the file are reported in `unmanaged` and as a
 * warning; with `policy.people: authoritative` they are removed on `up` (members and invites) after
 * a preview that lists them. Rails (`rails:`) refuse at preview a change that leaves too few owners,
 * removes or demotes the API key's own user, or removes too large a share of the members.
 *
 * @example
 * ```ts
 * const org = new posthog.Org("acme", { file: "org.yaml" });
 * export const unmanaged = org.unmanaged;
 * ```
 */
export class Org extends pulumi.ComponentResource {
  /** Access in the organization the file does not declare: members, invites, roles, role memberships. */
  declare readonly unmanaged: pulumi.Output<Unmanaged>;
  /** Role memberships waiting for their person to accept the invite (email → role names). */
  declare readonly pendingRoles: pulumi.Output<Record<string, string[]>>;
  /** The declared people by lowercased email. */
  readonly people: Record<string, Person> = {};
  /** The declared roles by name. */
  readonly roles: Record<string, Role> = {};
  /** The declared projects by name. */
  readonly projects: Record<string, Project> = {};

  constructor(name: string, args: OrgArgs, opts?: pulumi.ComponentResourceOptions) {
    super("posthog:gitops:Org", name, {}, opts);
    const file = readFile(args);
    const settings = resolveConfig(stackConfig());
    const organizationId = file.organization ?? args.organizationId ?? settings.organizationId;
    if (!organizationId)
      throw new pulumi.RunError(
        "the org file names no organization: add `organization: <uuid>` to it, or set `pulumi config set posthog:organizationId <uuid>`.",
      );
    // The live read (the client: undici and zod) loads with the first Org, not with the package.
    const { getClient } = require("../client") as typeof import("../client");
    const { describeUnmanaged, readLive, unmanagedAccess, unmanagedCount } =
      require("./live") as typeof import("./live");
    const live = readLive(getClient(settings), organizationId, "people");
    const child = { parent: this };
    const policy = file.policy ?? {};
    const onRemove = policy.onRemove ?? "remove";
    const authoritative = policy.people === "authoritative";
    const unmanaged = live.then((l) => unmanagedAccess(file, l));

    const roster = new Roster(
      name,
      {
        organizationId,
        people: (file.people ?? []).map((p) => ({ email: p.email, level: p.level, onRemove })),
        remove: authoritative
          ? unmanaged.then((u) => [...u.members.map((m) => m.email), ...u.invites.map((i) => i.email)])
          : [],
        ...(file.rails ?? {}),
      },
      child,
    );
    for (const p of file.people ?? []) {
      const key = p.email.toLowerCase();
      this.people[key] = new Person(
        `${name}/${key}`,
        {
          organizationId,
          email: p.email,
          level: p.level,
          ...(p.firstName !== undefined ? { firstName: p.firstName } : {}),
          onExpired: policy.onExpired ?? "reinvite",
          onRemove,
        },
        { parent: this, dependsOn: [roster] },
      );
    }
    for (const role of file.roles ?? [])
      this.roles[role] = new Role(`${name}/${role}`, { organizationId, name: role, adopt: true }, child);
    const pendingRoles = live.then((l) => this.declareRoleMembers(name, organizationId, file, l));
    this.declareProjects(name, organizationId, file);
    for (const d of file.domains ?? []) new Domain(`${name}/${d.domain}`, { organizationId, ...d, adopt: true }, child);
    for (const p of file.proxyRecords ?? [])
      new ProxyRecord(`${name}/proxy/${p.domain}`, { organizationId, domain: p.domain, adopt: true }, child);

    const unmanagedOut = pulumi.output(
      unmanaged.then(async (u) => {
        if (unmanagedCount(u) > 0)
          await pulumi.log.warn(
            `${authoritative ? "undeclared access, removed on up (policy.people: authoritative)" : "unmanaged access (not in the org file)"}: ${describeUnmanaged(u)}`,
            this,
          );
        return u;
      }),
    );
    this.registerOutputs({ unmanaged: unmanagedOut, pendingRoles });
    (this as { unmanaged: pulumi.Output<Unmanaged> }).unmanaged = unmanagedOut;
    (this as { pendingRoles: pulumi.Output<Record<string, string[]>> }).pendingRoles = pulumi.output(pendingRoles);
  }

  /** RoleMemberships for people who joined; the roles of people still invited wait (returned). */
  private declareRoleMembers(name: string, organizationId: string, file: OrgFile, live: LiveOrg) {
    const joined = new Set(live.members.map((m) => m.email.toLowerCase()));
    const pending: Record<string, string[]> = {};
    for (const p of file.people ?? []) {
      const key = p.email.toLowerCase();
      for (const roleName of p.roles ?? []) {
        const role = Object.entries(this.roles).find(([n]) => n.toLowerCase() === roleName.toLowerCase())?.[1];
        if (!role) continue;
        if (!joined.has(key)) {
          (pending[p.email] ??= []).push(roleName);
          continue;
        }
        new RoleMembership(
          `${name}/${roleName}/${key}`,
          { organizationId, roleId: role.id, email: p.email, adopt: true },
          { parent: this, dependsOn: [this.people[key]] },
        );
      }
    }
    return pending;
  }

  private declareProjects(name: string, organizationId: string, file: OrgFile) {
    const child = { parent: this };
    for (const p of file.projects ?? [])
      this.projects[p.name] = new Project(
        `${name}/${p.name}`,
        { organizationId, ...(file.projectDefaults ?? {}), ...p, adopt: true },
        child,
      );
    const config = new pulumi.Config();
    for (const b of file.batchExports ?? []) {
      const entries = Object.entries(b.destination.config ?? {}).map(([k, v]) => [
        k,
        typeof v === "object" && !Array.isArray(v) ? config.requireSecret(v.secret) : v,
      ]);
      const destination = pulumi
        .all(Object.fromEntries(entries) as Record<string, pulumi.Input<unknown>>)
        .apply((cfg) => ({ type: b.destination.type, config: cfg }) as unknown as BatchExportDestination);
      new BatchExport(
        `${name}/${b.project}/${b.name}`,
        {
          organizationId,
          projectId: this.projects[b.project].projectId,
          name: b.name,
          interval: b.interval,
          ...(b.model !== undefined ? { model: b.model } : {}),
          ...(b.paused !== undefined ? { paused: b.paused } : {}),
          destination,
        },
        child,
      );
    }
  }
}

function readFile(args: OrgArgs): OrgFile {
  // The loader (yaml and the file's zod schema) too: a program that declares resources only never needs them.
  const { loadOrgFile, OrgFileError, parseOrgFile } = require("./load") as typeof import("./load");
  try {
    if (args.yaml !== undefined) {
      const { value, problems } = parseOrgFile(args.yaml, args.file ?? "org file");
      if (!value) throw new OrgFileError(problems);
      return value;
    }
    if (!args.file) throw new pulumi.RunError("posthog.Org needs `file` (the path of the org file) or `yaml`.");
    return loadOrgFile(path.resolve(args.file), args.file);
  } catch (err) {
    if (err instanceof OrgFileError) throw new pulumi.RunError(err.message);
    throw err;
  }
}
