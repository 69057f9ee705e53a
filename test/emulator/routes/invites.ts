// /api/organizations/{organization_id}/invites/ (docs/posthog-api/FACTS.md §5): list newest first, create replaces
// every invite for the same email, bulk ≤ 20, delete; no retrieve, no update; 3-day expiry.
import { randomUUID } from "node:crypto";
import {
  ApiError,
  type ErrorEnvelope,
  listValidationError,
  notFound,
  permissionDenied,
  validationError,
} from "../http/errors";
import { Level, type Invite } from "../model/model";
import { paginate } from "../policy/pagination";
import type { Ctx, Permission, RouteDef } from "../http/router";
import { userBasic } from "../model/serializers";
import { type Fields, convertField, parseUuid, pythonType, validateBody } from "../policy/validation";

const FIELDS: Fields = {
  target_email: { type: "email", max: 254, required: true },
  first_name: { type: "string", max: 30, blank: true },
  level: { type: "choice", choices: [1, 8, 15] },
  message: { type: "string", blank: true, nullable: true },
  private_project_access: { type: "json", nullable: true },
  send_email: { type: "boolean" },
  combine_pending_invites: { type: "boolean" },
};

/** OrganizationInviteSerializer. */
export function inviteRepr(ctx: Ctx, invite: Invite): Record<string, unknown> {
  const creator = invite.created_by_uuid ? ctx.store.user(invite.created_by_uuid) : undefined;
  return {
    id: invite.id,
    target_email: invite.target_email,
    first_name: invite.first_name,
    emailing_attempt_made: invite.emailing_attempt_made,
    level: invite.level,
    is_expired: ctx.store.inviteExpired(invite),
    created_by: creator ? userBasic(creator) : null,
    created_at: invite.created_at,
    updated_at: invite.updated_at,
    message: invite.message,
    private_project_access: invite.private_project_access,
  };
}

/**
 * UserCanInvitePermission: reads the caller's *current* organization, not the URL's (a PostHog
 * quirk): with invite settings available and `members_can_invite` off, only admins may invite.
 */
const userCanInvite: Permission = (ctx) => {
  const current = ctx.user.current_organization_id
    ? ctx.store.organization(ctx.user.current_organization_id)
    : undefined;
  if (
    !current ||
    current.members_can_invite !== false ||
    !ctx.store.hasFeature(current, "organization_invite_settings")
  )
    return;
  const level = ctx.store.membership(current.id, ctx.user.uuid)?.level ?? 0;
  if (level < Level.ADMIN) throw permissionDenied();
};

/** validate_private_project_access: dicts with int `id` and a project access level, in this org. */
function validateProjectAccess(ctx: Ctx, value: unknown): { id: number; level: number }[] | null {
  if (value === null) return null;
  const fail = (msg: string): never => {
    throw validationError(msg, "private_project_access");
  };
  // UNCONFIRMED: only the "Each dictionary…" and the two project messages are from docs/posthog-api/FACTS.md.
  if (!Array.isArray(value)) return fail(`Expected a list of items but got type "${pythonType(value)}".`);
  return value.map((item) => {
    if (!item || typeof item !== "object" || Array.isArray(item) || !("id" in item) || !("level" in item))
      fail('Each dictionary must contain "id" and "level" keys.');
    const { id, level } = item as { id: unknown; level: unknown };
    if (!Number.isInteger(id)) fail('The "id" field must be an integer.');
    if (level !== Level.MEMBER && level !== Level.ADMIN) fail('The "level" field must be a valid access level.');
    const project = ctx.store.project(id as number);
    const inOrg = project && project.organization_id === ctx.org!.id && !project.is_pending_deletion;
    const callerAccess =
      ctx.membership!.level >= Level.ADMIN
        ? Level.ADMIN
        : ctx.membership!.explicit_project_access?.find((a) => a.id === id)?.level;
    const isPrivate = Boolean(project?.settings.access_control);
    if (!inOrg || (isPrivate && callerAccess === undefined))
      fail("Project does not exist on this organization, or it is private and you do not have access to it.");
    if (isPrivate && (level as number) > (callerAccess ?? 0))
      fail("You cannot invite to a private project with a higher level than your own.");
    return { id: id as number, level: level as number };
  });
}

/** Serializer validation for one invite (field order; the level check is a 403 that jumps the queue). */
function validateInvite(ctx: Ctx, body: unknown): Record<string, unknown> {
  if (body && typeof body === "object" && !Array.isArray(body) && "level" in body) {
    // validate_level raises PermissionDenied, which DRF does not collect with field errors.
    let level: unknown;
    try {
      level = convertField(FIELDS.level, (body as Record<string, unknown>).level, "level");
    } catch {
      level = undefined;
    }
    if (typeof level === "number" && level > ctx.membership!.level)
      throw permissionDenied("You cannot invite a user with a higher permission level than your own.");
  }
  const data = validateBody(body, FIELDS);
  const email = String(data.target_email);
  const at = email.lastIndexOf("@");
  data.target_email = `${email.slice(0, at)}@${email.slice(at + 1).toLowerCase()}`;
  if ("private_project_access" in data)
    data.private_project_access = validateProjectAccess(ctx, data.private_project_access);
  return data;
}

/** OrganizationInviteSerializer.create: membership check, replace-per-email, optional merge. */
function createInvite(ctx: Ctx, data: Record<string, unknown>): Invite {
  const s = ctx.store.state;
  const orgId = ctx.org!.id;
  const email = data.target_email as string;
  const existingMember = s.memberships.some(
    (m) => m.organization_id === orgId && ctx.store.user(m.user_uuid)?.email === email,
  );
  if (existingMember) throw validationError("A user with this email address already belongs to the organization.");
  let level = (data.level as 1 | 8 | 15 | undefined) ?? Level.MEMBER;
  let access = (data.private_project_access as Invite["private_project_access"] | undefined) ?? null;
  const previous = s.invites.filter((i) => i.organization_id === orgId && i.target_email === email);
  if (data.combine_pending_invites === true) {
    for (const p of previous.filter((i) => !ctx.store.inviteExpired(i))) {
      level = Math.max(level, p.level) as 1 | 8 | 15;
      for (const a of p.private_project_access ?? []) {
        const mine = (access ??= []).find((x) => x.id === a.id);
        if (!mine) access.push({ ...a });
        else mine.level = Math.max(mine.level, a.level);
      }
    }
  }
  // Every earlier invite for this email (expired ones too) is deleted; the new one has a new id.
  s.invites = s.invites.filter((i) => !previous.includes(i));
  const now = ctx.store.now();
  const invite: Invite = {
    id: randomUUID(),
    organization_id: orgId,
    target_email: email,
    first_name: (data.first_name as string | undefined) ?? "",
    level,
    created_by_uuid: ctx.user.uuid,
    created_at: now,
    updated_at: now,
    message: (data.message as string | null | undefined) ?? null,
    private_project_access: access,
    // PostHog Cloud has email configured, so sending is attempted unless send_email is false.
    emailing_attempt_made: data.send_email !== false,
  };
  s.invites.push(invite);
  return invite;
}

/** Routes of the invites area. */
export const inviteRoutes: RouteDef[] = [
  {
    template: "/api/organizations/{organization_id}/invites/",
    kind: "org",
    scopeObject: "organization_member",
    ops: [
      {
        method: "GET",
        action: "list",
        handler: (ctx) => {
          const list = ctx.store.state.invites
            .filter((i) => i.organization_id === ctx.org!.id)
            .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
          return {
            status: 200,
            body: paginate(
              ctx.url,
              list.map((i) => inviteRepr(ctx, i)),
            ),
          };
        },
      },
      {
        method: "POST",
        action: "create",
        permissions: [userCanInvite],
        handler: (ctx) => ({ status: 201, body: inviteRepr(ctx, createInvite(ctx, validateInvite(ctx, ctx.body))) }),
      },
    ],
  },
  {
    template: "/api/organizations/{organization_id}/invites/bulk/",
    kind: "org",
    scopeObject: "organization_member",
    ops: [
      {
        method: "POST",
        action: "bulk",
        scopes: ["organization_member:write"],
        permissions: [userCanInvite],
        handler: (ctx) => {
          const items = ctx.body;
          if (!Array.isArray(items))
            throw validationError("This endpoint needs an array of data for bulk invite creation.");
          if (items.length > 20)
            throw validationError("A maximum of 20 invites can be sent in a single request.", null, "max_length");
          // All items are validated before any is created (ListSerializer); any failure is reported
          // the way exceptions_hog renders the list of per-item errors (docs/posthog-api/FACTS.md §2.4).
          const errors: (ErrorEnvelope | null)[] = [];
          const valid: Record<string, unknown>[] = [];
          for (const item of items) {
            try {
              valid.push(validateInvite(ctx, item));
              errors.push(null);
            } catch (e) {
              if (!(e instanceof ApiError) || e.status !== 400) throw e;
              errors.push(e.body as ErrorEnvelope);
            }
          }
          if (errors.some((e) => e !== null)) throw listValidationError(errors);
          return { status: 201, body: valid.map((data) => inviteRepr(ctx, createInvite(ctx, data))) };
        },
      },
    ],
  },
  {
    template: "/api/organizations/{organization_id}/invites/{id}/",
    kind: "org",
    scopeObject: "organization_member",
    ops: [
      {
        method: "DELETE",
        action: "destroy",
        // UNCONFIRMED (docs/posthog-api/FACTS.md §5): any member may delete an invite in the version read.
        handler: (ctx) => {
          const id = parseUuid(ctx.params.id);
          const invite = id
            ? ctx.store.state.invites.find((i) => i.id === id && i.organization_id === ctx.org!.id)
            : undefined;
          if (!invite) throw notFound();
          ctx.store.state.invites = ctx.store.state.invites.filter((i) => i !== invite);
          return { status: 204 };
        },
      },
    ],
  },
];
