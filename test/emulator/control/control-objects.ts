// Control operations on stored objects: invite acceptance (what PostHog's signup endpoints do)
// and out-of-band changes/deletions that make drift for refresh tests.
import { randomUUID } from "node:crypto";
import { envelope } from "../http/errors";
import type { Reply } from "../http/router";
import type { Store } from "../model/store";

/** ControlError represents a misuse of the control API (400 unless told otherwise). */
export class ControlError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

type Body = Record<string, unknown>;

/**
 * Accepts an invite as its invitee (docs/posthog-api/FACTS.md §5, §11): creates the user if absent, a membership at
 * the invite's level with its project access, the default-role membership, and deletes every
 * invite for that email in the organization. Refusals use the signup endpoints' envelopes.
 */
export function acceptInvite(store: Store, inviteId: string, body: Body): Reply {
  const invite = store.state.invites.find((i) => i.id === inviteId);
  if (!invite) throw new ControlError("invite not found", 404);
  if (store.inviteExpired(invite)) {
    return {
      status: 400,
      body: envelope("validation_error", "expired", "This invite has expired. Please ask your admin for a new one."),
    };
  }
  let user = store.userByEmail(invite.target_email);
  if (user && store.membership(invite.organization_id, user.uuid)) {
    return {
      status: 400,
      body: envelope("validation_error", "user_already_member", "You already are a member of this organization."),
    };
  }
  const firstName = typeof body.first_name === "string" ? body.first_name : invite.first_name;
  user ??= store.createUser({ email: invite.target_email, first_name: firstName });
  const membership = store.addMembership(invite.organization_id, user.uuid, invite.level);
  if (invite.private_project_access?.length) membership.explicit_project_access = invite.private_project_access;
  const org = store.organization(invite.organization_id);
  if (org?.default_role_id && store.state.roles.some((r) => r.id === org.default_role_id)) {
    const now = store.now();
    store.state.roleMemberships.push({
      id: randomUUID(),
      role_id: org.default_role_id,
      user_uuid: user.uuid,
      organization_member_id: membership.id,
      joined_at: now,
      updated_at: now,
    });
  }
  const email = invite.target_email.toLowerCase();
  store.state.invites = store.state.invites.filter(
    (i) => !(i.organization_id === invite.organization_id && i.target_email.toLowerCase() === email),
  );
  return { status: 200, body: { user: { id: user.id, uuid: user.uuid, email: user.email }, membership } };
}

const COLLECTIONS = {
  organization: "organizations",
  project: "projects",
  member: "memberships",
  invite: "invites",
  role: "roles",
  role_membership: "roleMemberships",
  domain: "domains",
  proxy_record: "proxyRecords",
  batch_export: "batchExports",
  user: "users",
} as const;

type Kind = keyof typeof COLLECTIONS;

function find(
  store: Store,
  kind: string,
  id: string,
  query: URLSearchParams,
): { kind: Kind; record: Record<string, unknown> } {
  if (!(kind in COLLECTIONS))
    throw new ControlError(`unknown kind "${kind}"; one of ${Object.keys(COLLECTIONS).join(", ")}`);
  const k = kind as Kind;
  let record: unknown;
  if (k === "member") {
    const orgId = query.get("organization_id");
    if (!orgId) throw new ControlError("member objects need ?organization_id=");
    record = store.membership(orgId, id);
  } else if (k === "user") {
    record = store.user(id);
  } else {
    const list = store.state[COLLECTIONS[k]] as unknown as { id: string | number }[];
    record = list.find((r) => String(r.id) === id);
  }
  if (!record) throw new ControlError(`${kind} ${id} not found`, 404);
  return { kind: k, record: record as Record<string, unknown> };
}

/** PATCH /_emulator/objects/{kind}/{id}: merges fields into the stored record (ids are kept). */
export function patchObject(store: Store, kind: string, id: string, query: URLSearchParams, body: Body): Reply {
  const { record } = find(store, kind, id, query);
  const { id: _ignored, ...rest } = body;
  for (const [key, value] of Object.entries(rest)) {
    const current = record[key];
    // Nested objects (project settings, destination config) merge one level deep.
    record[key] =
      current &&
      value &&
      typeof current === "object" &&
      typeof value === "object" &&
      !Array.isArray(current) &&
      !Array.isArray(value)
        ? { ...(current as object), ...(value as object) }
        : value;
  }
  return { status: 200, body: record };
}

/** DELETE /_emulator/objects/{kind}/{id}: removes the object and what cascades from it. */
export function deleteObject(store: Store, kind: string, id: string, query: URLSearchParams): Reply {
  const { kind: k, record } = find(store, kind, id, query);
  const s = store.state;
  switch (k) {
    case "organization":
      store.deleteOrganization(store.organization(id)!);
      break;
    case "member":
      store.removeMembership(record as never);
      break;
    case "role":
      s.roles = s.roles.filter((r) => r.id !== id);
      s.roleMemberships = s.roleMemberships.filter((rm) => rm.role_id !== id);
      for (const o of s.organizations) if (o.default_role_id === id) o.default_role_id = null;
      break;
    case "project":
      s.projects = s.projects.filter((p) => String(p.id) !== id);
      s.batchExports = s.batchExports.filter((b) => String(b.team_id) !== id);
      for (const u of s.users) if (String(u.current_team_id) === id) u.current_team_id = null;
      break;
    case "user":
      for (const m of s.memberships.filter((x) => x.user_uuid === id)) store.removeMembership(m);
      s.users = s.users.filter((u) => u.uuid !== id);
      s.apiKeys = s.apiKeys.filter((key) => key.user_uuid !== id);
      break;
    default: {
      const name = COLLECTIONS[k];
      (s[name] as unknown as { id: unknown }[]) = (s[name] as unknown as { id: unknown }[]).filter(
        (r) => String(r.id) !== id,
      );
    }
  }
  return { status: 204 };
}
