// Invites — /api/organizations/{organization_id}/invites/ (docs/posthog-api/FACTS.md §5; PostHog
// `posthog/api/organization_invite.py`). No GET by id and no PATCH. Creating an invite first deletes
// every existing invite for the same email, so repeating a create never duplicates; an unknown
// outcome is still reconciled by email first, so the invitee does not get a second email.
import { z } from "zod";
import type { IndexBy } from "./cache";
import { APIResource, type CallOptions } from "./resource";
import { largePages, type Query } from "./pagination";
import { ValidationError } from "./errors";
import { path } from "./path";
import { collect, Empty, lenient, MembershipLevel, pickReconcile, UserBasic } from "./schemas";

/** Largest bulk invite PostHog accepts in one request. */
export const MAX_BULK_INVITES = 20;

/** How far back a reconcile accepts an invite's `created_at` as "created by this call" (clock skew). */
const RECONCILE_SKEW_MS = 120_000;

/** OrganizationInvite represents a pending (or expired) invitation to join an organization. */
export const OrganizationInvite = z.object({
  id: z.string(),
  target_email: z.string(),
  first_name: lenient(z.string()),
  emailing_attempt_made: lenient(z.boolean()),
  level: MembershipLevel,
  /** True once the invite is older than 3 days; expired invites stay listed. */
  is_expired: z.boolean(),
  created_by: lenient(UserBasic),
  created_at: z.string(),
  updated_at: lenient(z.string()),
  message: lenient(z.string()),
  private_project_access: lenient(z.array(z.object({ id: z.number(), level: z.number() }))),
  is_setup_delegation: lenient(z.boolean()),
});
export type OrganizationInvite = z.infer<typeof OrganizationInvite>;

/** OrganizationInviteCreateParams is the body of an invite create. */
export const OrganizationInviteCreateParams = z.object({
  /** Email to invite; at most 254 characters. */
  target_email: z.string().max(254),
  /** At most 30 characters. */
  first_name: z.string().max(30).optional(),
  /** 1 member (default), 8 administrator, 15 owner; not above the inviter's own level. */
  level: MembershipLevel.optional(),
  message: z.string().nullable().optional(),
  /** Access to private projects: `{id: <project id>, level: <access level>}`. */
  private_project_access: z
    .array(z.object({ id: z.number(), level: z.number() }))
    .nullable()
    .optional(),
  /** Send the invitation email. @default true */
  send_email: z.boolean().optional(),
  /** Merge with pending invites for the email (highest level wins). @default false */
  combine_pending_invites: z.boolean().optional(),
});
export type OrganizationInviteCreateParams = z.infer<typeof OrganizationInviteCreateParams>;

/**
 * How long {@link Invites.createBatched} holds the first create of a batch for others to join, in
 * ms, unless the batch fills first. The Pulumi engine issues the creates of one run a few
 * milliseconds apart (25 Invites reach the provider over about 200 ms, longer on a loaded machine).
 */
export const INVITE_BATCH_WINDOW_MS = 300;

interface PendingInvite {
  params: OrganizationInviteCreateParams;
  resolve(invite: OrganizationInvite): void;
  reject(error: unknown): void;
}

interface Batch {
  items: PendingInvite[];
  timer?: ReturnType<typeof setTimeout>;
}

/** Invites calls the invite endpoints of an organization. */
export class Invites extends APIResource {
  private readonly batches = new Map<string, Batch>();

  /**
   * The most creates that can be in flight at once: the engine's parallelism, when known (the
   * provider runtime sets it). A batch that holds this many is sent at once, since no other create
   * can arrive before one of them is answered.
   */
  concurrentCreates = Infinity;
  /** How long a batch waits for more creates after its first, in ms ({@link INVITE_BATCH_WINDOW_MS}). */
  batchWindowMs = INVITE_BATCH_WINDOW_MS;

  /** list yields the organization's invites, newest first, expired ones included (uncached). @throws NotFoundError for an unknown organization. */
  list(organizationId: string, query?: Query): AsyncIterable<OrganizationInvite> {
    return this.client.paginate(
      path`/api/organizations/${organizationId}/invites/`,
      largePages(query),
      OrganizationInvite,
    );
  }

  /** listAll reads the organization's invites through the read cache. @throws NotFoundError for an unknown organization. */
  listAll(organizationId: string, query?: Query): Promise<OrganizationInvite[]> {
    return this.client.listAll(
      path`/api/organizations/${organizationId}/invites/`,
      largePages(query),
      OrganizationInvite,
    );
  }

  /** findByEmail returns the newest invite for an email (case-insensitive), or undefined; reads the cached list. */
  async findByEmail(organizationId: string, email: string): Promise<OrganizationInvite | undefined> {
    return newest((await this.#index(organizationId, emailOf)).get(email.toLowerCase()) ?? []);
  }

  /** findById returns the invite with this id, or undefined when the cached list does not hold it. */
  async findById(organizationId: string, inviteId: string): Promise<OrganizationInvite | undefined> {
    return (await this.#index(organizationId, idOf)).get(inviteId)?.[0];
  }

  /**
   * create invites one email, replacing any earlier invite for it. An unknown outcome is
   * reconciled by looking for an invite to that email created since the call began.
   *
   * @throws ValidationError (400) when the email already belongs to a member; PermissionDeniedError
   *   (403) for a level above the inviter's; NotFoundError for an unknown organization.
   */
  create(
    organizationId: string,
    params: OrganizationInviteCreateParams,
    options: CallOptions<OrganizationInvite> = {},
  ): Promise<OrganizationInvite> {
    const startedAt = Date.now();
    return this.client.request({
      method: "POST",
      path: path`/api/organizations/${organizationId}/invites/`,
      body: params,
      schema: OrganizationInvite,
      reconcile: pickReconcile(options.reconcile, async () => {
        const found = newestFor(await collect(this.list(organizationId)), params.target_email);
        return found && isFresh(found, startedAt) && (params.level === undefined || found.level === params.level)
          ? found
          : undefined;
      }),
    });
  }

  /**
   * bulkCreate invites many emails through `invites/bulk/`, at most 20 per request: larger arrays
   * are split and sent one chunk after another. Each chunk's unknown outcome is reconciled by
   * finding a fresh invite for every email of the chunk.
   *
   * @returns the created invites, in request order.
   * @throws as {@link Invites.create}; a failing chunk stops the remaining ones (earlier chunks stay created).
   */
  async bulkCreate(
    organizationId: string,
    params: OrganizationInviteCreateParams[],
    options: CallOptions<OrganizationInvite[]> = {},
  ): Promise<OrganizationInvite[]> {
    const out: OrganizationInvite[] = [];
    for (let i = 0; i < params.length; i += MAX_BULK_INVITES) {
      const chunk = params.slice(i, i + MAX_BULK_INVITES);
      const startedAt = Date.now();
      const created = await this.client.request({
        method: "POST",
        path: path`/api/organizations/${organizationId}/invites/bulk/`,
        body: chunk,
        schema: z.array(OrganizationInvite),
        reconcile: pickReconcile(options.reconcile, async () => {
          const all = await collect(this.list(organizationId));
          const found = chunk.map((p) => newestFor(all, p.target_email));
          return found.every((f) => f !== undefined && isFresh(f, startedAt))
            ? (found as OrganizationInvite[])
            : undefined;
        }),
      });
      out.push(...created);
    }
    return out;
  }

  /**
   * createBatched creates one invite like {@link Invites.create}, but collects the creates that
   * arrive close together for the same organization and sends them through `invites/bulk/`, 20 per
   * request (DESIGN §4: many Invite resources created in one run). A batch goes out once it holds
   * 20, or as many as can be in flight at once ({@link Invites.concurrentCreates}), or
   * {@link Invites.batchWindowMs} after its first create, whichever comes first. The count of
   * requests is thereby set by the order creates arrive in, not by their timing, as long as the
   * creates of a full batch reach the provider within the window.
   *
   * The trade-off: a batch that does not fill (the last one of a run, or when other resources hold
   * the engine's slots) waits the whole window before it is sent.
   *
   * When PostHog rejects a batch as invalid (400), its invites are sent one by one instead, so each
   * caller gets its own result or error. An email that appears twice in one batch goes into a
   * later request, keeping PostHog's replace-per-email order.
   */
  createBatched(organizationId: string, params: OrganizationInviteCreateParams): Promise<OrganizationInvite> {
    return new Promise<OrganizationInvite>((resolve, reject) => {
      let batch = this.batches.get(organizationId);
      if (!batch) {
        const created: Batch = { items: [] };
        created.timer = setTimeout(() => this.send(organizationId, created), this.batchWindowMs);
        this.batches.set(organizationId, (batch = created));
      }
      batch.items.push({ params, resolve, reject });
      if (batch.items.length >= Math.min(MAX_BULK_INVITES, this.concurrentCreates)) this.send(organizationId, batch);
    });
  }

  /** Sends a batch once: it leaves the map, so the next create starts a new one. */
  private send(organizationId: string, batch: Batch): void {
    clearTimeout(batch.timer);
    if (this.batches.get(organizationId) !== batch) return;
    this.batches.delete(organizationId);
    void this.flush(organizationId, batch.items);
  }

  private async flush(organizationId: string, pending: PendingInvite[]): Promise<void> {
    const chunks: PendingInvite[][] = [];
    for (const item of pending) {
      const email = item.params.target_email.toLowerCase();
      let chunk = chunks.find(
        (c) => c.length < MAX_BULK_INVITES && !c.some((p) => p.params.target_email.toLowerCase() === email),
      );
      if (!chunk) chunks.push((chunk = []));
      chunk.push(item);
    }
    for (const chunk of chunks) {
      if (chunk.length === 1) {
        await this.create(organizationId, chunk[0].params).then(chunk[0].resolve, chunk[0].reject);
        continue;
      }
      try {
        const created = await this.bulkCreate(
          organizationId,
          chunk.map((p) => p.params),
        );
        chunk.forEach((p, i) => p.resolve(created[i]));
      } catch (error) {
        if (!ValidationError.isInstance(error)) {
          for (const p of chunk) p.reject(error);
          continue;
        }
        for (const p of chunk) await this.create(organizationId, p.params).then(p.resolve, p.reject);
      }
    }
  }

  /**
   * delete revokes an invite.
   *
   * @throws NotFoundError (404) when the invite does not exist (accepted, replaced or deleted).
   */
  delete(organizationId: string, inviteId: string): Promise<void> {
    return this.client.request({
      method: "DELETE",
      path: path`/api/organizations/${organizationId}/invites/${inviteId}/`,
      schema: Empty,
    });
  }

  /** The organization's invites (the list `listAll` caches), grouped by `by`. */
  #index(
    organizationId: string,
    by: IndexBy<OrganizationInvite>,
  ): Promise<ReadonlyMap<string, readonly OrganizationInvite[]>> {
    return this.client.listIndex(
      path`/api/organizations/${organizationId}/invites/`,
      largePages(),
      OrganizationInvite,
      by,
    );
  }
}

const idOf = (invite: OrganizationInvite) => invite.id;
const emailOf = (invite: OrganizationInvite) => invite.target_email.toLowerCase();

function newestFor(invites: readonly OrganizationInvite[], email: string): OrganizationInvite | undefined {
  const wanted = email.toLowerCase();
  return newest(invites.filter((i) => emailOf(i) === wanted));
}

function newest(invites: readonly OrganizationInvite[]): OrganizationInvite | undefined {
  return [...invites].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))[0];
}

function isFresh(invite: OrganizationInvite, startedAt: number): boolean {
  const created = Date.parse(invite.created_at);
  return !Number.isNaN(created) && created >= startedAt - RECONCILE_SKEW_MS && !invite.is_expired;
}
