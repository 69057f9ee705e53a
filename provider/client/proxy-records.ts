// Proxy records (managed reverse proxy) — /api/organizations/{organization_id}/proxy_records/
// (docs/posthog-api/FACTS.md §7; PostHog `posthog/api/proxy_record.py`). Immutable: GET/POST/DELETE only (PUT/PATCH 405).
// The list is not paginated: `{results, max_proxy_records}` (older versions: a bare array). Delete
// answers 200 `{"success": true}` and may only flip `status` to `deleting`. `domain` is unique
// across PostHog, so an unknown create outcome is reconciled by looking the domain up.
import { z } from "zod";
import { APIResource, type CallOptions } from "./resource";
import { canonicalDomain } from "./domains";
import { path } from "./path";
import { Empty, lenient, pickReconcile } from "./schemas";

/** ProxyRecord represents a managed reverse proxy domain of an organization. */
export const ProxyRecord = z.object({
  id: z.string(),
  domain: z.string(),
  /** The CNAME target to point `domain` at. */
  target_cname: z.string(),
  /** `waiting`, `issuing`, `valid`, `warning`, `erroring`, `deleting`, `timed_out` (may grow). */
  status: z.string(),
  message: lenient(z.string()),
  created_at: lenient(z.string()),
  updated_at: lenient(z.string()),
  /** Integer id of the creating user. */
  created_by: lenient(z.number()),
});
export type ProxyRecord = z.infer<typeof ProxyRecord>;

/** ProxyRecordList represents the (unpaginated) proxy record list with the organization's quota. */
export const ProxyRecordList = z
  .union([
    z.object({ results: z.array(ProxyRecord), max_proxy_records: lenient(z.number()) }),
    z.array(ProxyRecord).transform((results) => ({ results, max_proxy_records: undefined })),
  ])
  .transform((v) => ({ results: v.results, max_proxy_records: v.max_proxy_records ?? undefined }));
export type ProxyRecordList = z.infer<typeof ProxyRecordList>;

/** ProxyRecordCreateParams is the body of a proxy record create. */
export const ProxyRecordCreateParams = z.object({ domain: z.string().max(64) });
export type ProxyRecordCreateParams = z.infer<typeof ProxyRecordCreateParams>;

/** ProxyRecords calls the proxy record endpoints of an organization. */
export class ProxyRecords extends APIResource {
  /**
   * create adds a proxy record. An unknown outcome is reconciled by looking the domain up.
   *
   * @throws ValidationError (400) `Maximum of N proxy records per organization.`;
   *   NotFoundError for an unknown organization.
   */
  create(
    organizationId: string,
    params: ProxyRecordCreateParams,
    options: CallOptions<ProxyRecord> = {},
  ): Promise<ProxyRecord> {
    return this.client.request({
      method: "POST",
      path: path`/api/organizations/${organizationId}/proxy_records/`,
      body: params,
      schema: ProxyRecord,
      reconcile: pickReconcile(options.reconcile, () =>
        this.findByDomain(organizationId, params.domain, { fresh: true }),
      ),
    });
  }

  /** retrieve reads one proxy record. @throws NotFoundError (404) when it or the organization does not exist. */
  retrieve(organizationId: string, proxyRecordId: string): Promise<ProxyRecord> {
    return this.client.request({
      method: "GET",
      path: path`/api/organizations/${organizationId}/proxy_records/${proxyRecordId}/`,
      schema: ProxyRecord,
    });
  }

  /** listResponse reads the whole list with the quota (`max_proxy_records`) in one request (uncached). @throws NotFoundError for an unknown organization. */
  listResponse(organizationId: string): Promise<ProxyRecordList> {
    return this.client.request({
      method: "GET",
      path: path`/api/organizations/${organizationId}/proxy_records/`,
      schema: ProxyRecordList,
    });
  }

  /** list yields the organization's proxy records, newest first (one request; the list is not paginated). */
  async *list(organizationId: string): AsyncIterable<ProxyRecord> {
    yield* (await this.listResponse(organizationId)).results;
  }

  /** listAll reads the organization's proxy records through the read cache. @throws NotFoundError for an unknown organization. */
  listAll(organizationId: string): Promise<ProxyRecord[]> {
    const collection = path`/api/organizations/${organizationId}/proxy_records/`;
    return this.client.cachedList(collection, async () => (await this.listResponse(organizationId)).results);
  }

  /** findByDomain returns the record for a domain (case-insensitive, trailing dot ignored), or undefined. Cached unless `fresh`. */
  async findByDomain(
    organizationId: string,
    domain: string,
    opts: { fresh?: boolean } = {},
  ): Promise<ProxyRecord | undefined> {
    const wanted = canonicalDomain(domain);
    const all = opts.fresh ? (await this.listResponse(organizationId)).results : await this.listAll(organizationId);
    return all.find((r) => canonicalDomain(r.domain) === wanted);
  }

  /**
   * delete removes a proxy record. PostHog answers 200 `{"success": true}`; a live record only moves
   * to `deleting` and stays readable until PostHog's workflow removes it.
   *
   * @throws NotFoundError (404) when it does not exist.
   */
  delete(organizationId: string, proxyRecordId: string): Promise<void> {
    return this.client.request({
      method: "DELETE",
      path: path`/api/organizations/${organizationId}/proxy_records/${proxyRecordId}/`,
      schema: Empty,
    });
  }
}
