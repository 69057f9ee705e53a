// Domains — /api/organizations/{organization_id}/domains/ (docs/posthog-api/FACTS.md §6; PostHog
// `posthog/api/organization_domain.py`). `domain` is globally unique and immutable after create;
// JIT/SSO settings are dropped on create and refused until verified; `verify` answers 200 even when
// DNS verification fails (check `is_verified`) and is refused to scoped personal API keys.
import { z } from "zod";
import { APIResource, type CallOptions } from "./resource";
import type { Query } from "./pagination";
import { path } from "./path";
import { matchesSent, orUndefined } from "./reconcile";
import { collect, Empty, lenient, pickReconcile } from "./schemas";

/** OrganizationDomain represents an email domain claimed by an organization (for SSO, JIT provisioning). */
export const OrganizationDomain = z.object({
  id: z.string(),
  domain: z.string(),
  is_verified: z.boolean(),
  verified_at: lenient(z.string()),
  /** Value of the TXT record `_posthog-challenge.<domain>` that proves ownership. */
  verification_challenge: z.string(),
  jit_provisioning_enabled: lenient(z.boolean()),
  sso_enforcement: lenient(z.string()),
  has_saml: lenient(z.boolean()),
  saml_entity_id: lenient(z.string()),
  saml_acs_url: lenient(z.string()),
  saml_x509_cert: lenient(z.string()),
  has_scim: lenient(z.boolean()),
  scim_enabled: lenient(z.boolean()),
  scim_base_url: lenient(z.string()),
  /** Plain SCIM token, only in the response that enabled SCIM. Secret. */
  scim_bearer_token: lenient(z.string()),
});
export type OrganizationDomain = z.infer<typeof OrganizationDomain>;

/** OrganizationDomainCreateParams is the body of a domain create: a lowercase domain such as `example.com`. */
export const OrganizationDomainCreateParams = z.object({
  domain: z.string().max(128),
  /** Dropped by PostHog on create; set it with an update once the domain is verified. */
  jit_provisioning_enabled: z.boolean().optional(),
  /** Dropped by PostHog on create; set it with an update once the domain is verified. */
  sso_enforcement: z.string().max(28).optional(),
});
export type OrganizationDomainCreateParams = z.infer<typeof OrganizationDomainCreateParams>;

/** OrganizationDomainUpdateParams is the body of a domain PATCH (`domain` itself cannot change). */
export const OrganizationDomainUpdateParams = z.object({
  jit_provisioning_enabled: z.boolean().optional(),
  sso_enforcement: z.string().max(28).optional(),
  scim_enabled: z.boolean().optional(),
  saml_entity_id: z.string().nullable().optional(),
  saml_acs_url: z.string().nullable().optional(),
  saml_x509_cert: z.string().nullable().optional(),
});
export type OrganizationDomainUpdateParams = z.infer<typeof OrganizationDomainUpdateParams>;

/** Domains calls the domain endpoints of an organization. */
export class Domains extends APIResource {
  /**
   * create claims a domain. An unknown outcome is reconciled by looking the domain up.
   *
   * @throws ValidationError (400) for an invalid domain or one claimed anywhere (`unique`);
   *   PermissionDeniedError (403) without the `automatic_provisioning` feature or admin level;
   *   NotFoundError for an unknown organization.
   */
  create(
    organizationId: string,
    params: OrganizationDomainCreateParams,
    options: CallOptions<OrganizationDomain> = {},
  ): Promise<OrganizationDomain> {
    return this.client.request({
      method: "POST",
      path: path`/api/organizations/${organizationId}/domains/`,
      body: params,
      schema: OrganizationDomain,
      reconcile: pickReconcile(options.reconcile, () =>
        this.findByDomain(organizationId, params.domain, { fresh: true }),
      ),
    });
  }

  /** retrieve reads one domain. @throws NotFoundError (404) when the domain or organization does not exist. */
  retrieve(organizationId: string, domainId: string): Promise<OrganizationDomain> {
    return this.client.request({
      method: "GET",
      path: path`/api/organizations/${organizationId}/domains/${domainId}/`,
      schema: OrganizationDomain,
    });
  }

  /**
   * update changes a domain's settings with PATCH; unknown outcomes are reconciled by reading back.
   *
   * @throws ValidationError (400 `verification_required`) for JIT/SSO settings on an unverified
   *   domain; NotFoundError (404) when the domain does not exist.
   */
  update(
    organizationId: string,
    domainId: string,
    params: OrganizationDomainUpdateParams,
    options: CallOptions<OrganizationDomain> = {},
  ): Promise<OrganizationDomain> {
    return this.client.request({
      method: "PATCH",
      path: path`/api/organizations/${organizationId}/domains/${domainId}/`,
      body: params,
      schema: OrganizationDomain,
      reconcile: pickReconcile(options.reconcile, async () => {
        const domain = await orUndefined(this.retrieve(organizationId, domainId));
        return domain && matchesSent(params, domain) ? domain : undefined;
      }),
    });
  }

  /**
   * verify checks the `_posthog-challenge.<domain>` TXT record. Answers 200 with `is_verified:
   * false` when the record does not match yet. Safe to repeat.
   *
   * @throws ValidationError (400 `already_verified`); PermissionDeniedError (403) for scoped API
   *   keys (`This action does not support Personal API Key access`); NotFoundError (404).
   */
  verify(organizationId: string, domainId: string): Promise<OrganizationDomain> {
    return this.client.request({
      method: "POST",
      path: path`/api/organizations/${organizationId}/domains/${domainId}/verify/`,
      schema: OrganizationDomain,
      idempotent: true,
    });
  }

  /** list yields the organization's domains, ordered by domain (uncached). @throws NotFoundError for an unknown organization. */
  list(organizationId: string, query?: Query): AsyncIterable<OrganizationDomain> {
    return this.client.paginate(path`/api/organizations/${organizationId}/domains/`, query, OrganizationDomain);
  }

  /** listAll reads the organization's domains through the read cache. @throws NotFoundError for an unknown organization. */
  listAll(organizationId: string, query?: Query): Promise<OrganizationDomain[]> {
    return this.client.listAll(path`/api/organizations/${organizationId}/domains/`, query, OrganizationDomain);
  }

  /** findByDomain returns the organization's domain entry for a name (case-insensitive, trailing dot ignored), or undefined. */
  async findByDomain(
    organizationId: string,
    domain: string,
    opts: { fresh?: boolean } = {},
  ): Promise<OrganizationDomain | undefined> {
    const wanted = canonicalDomain(domain);
    const all = opts.fresh ? await collect(this.list(organizationId)) : await this.listAll(organizationId);
    return all.find((d) => canonicalDomain(d.domain) === wanted);
  }

  /** delete releases a domain. @throws NotFoundError (404) when it does not exist; ValidationError (400 `would_block_self`). */
  delete(organizationId: string, domainId: string): Promise<void> {
    return this.client.request({
      method: "DELETE",
      path: path`/api/organizations/${organizationId}/domains/${domainId}/`,
      schema: Empty,
    });
  }
}

/** canonicalDomain lowercases a domain and drops a trailing dot, the form PostHog compares. */
export function canonicalDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.$/, "");
}
