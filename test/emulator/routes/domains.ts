// /api/organizations/{organization_id}/domains/ (docs/posthog-api/FACTS.md §6): globally unique, immutable `domain`;
// JIT/SSO settings dropped on create and refused until verified; verify answers 200 either way,
// reading the emulated DNS TXT record `_posthog-challenge.<domain>`.
import { randomBytes, randomUUID } from "node:crypto";
import { notFound, permissionDenied, validationError } from "../http/errors";
import type { Domain } from "../model/model";
import { paginate } from "../policy/pagination";
import { adminWrite } from "../policy/permissions";
import { adminDetailOps } from "./detail";
import type { Ctx, RouteDef } from "../http/router";
import { type Fields, parseUuid, validateBody } from "../policy/validation";

const DOMAIN_RE = /^([a-z0-9]+(-[a-z0-9]+)*\.)+[a-z]{2,}$/;
const PROTECTED = ["jit_provisioning_enabled", "sso_enforcement", "scim_enabled"];

const UPDATE_FIELDS: Fields = {
  jit_provisioning_enabled: { type: "boolean" },
  sso_enforcement: { type: "string", max: 28, blank: true },
  saml_entity_id: { type: "string", max: 512, blank: true, nullable: true },
  saml_acs_url: { type: "string", max: 512, blank: true, nullable: true },
  saml_x509_cert: { type: "string", blank: true, nullable: true },
  scim_enabled: { type: "boolean" },
};

/** OrganizationDomainSerializer (newest fields plus the SAML/SCIM ones of the OpenAPI snapshot). */
export function domainRepr(ctx: Ctx, d: Domain): Record<string, unknown> {
  const base = `${ctx.url.protocol}//${ctx.url.host}`;
  return {
    id: d.id,
    domain: d.domain,
    is_verified: d.verified_at !== null,
    verified_at: d.verified_at,
    verification_challenge: d.verification_challenge,
    jit_provisioning_enabled: d.jit_provisioning_enabled,
    sso_enforcement: d.sso_enforcement,
    has_saml: Boolean(d.saml_entity_id && d.saml_acs_url && d.saml_x509_cert),
    saml_entity_id: d.saml_entity_id,
    saml_acs_url: d.saml_acs_url,
    saml_x509_cert: d.saml_x509_cert,
    has_scim: d.scim_enabled,
    scim_enabled: d.scim_enabled,
    scim_base_url: d.scim_enabled ? `${base}/scim/v2/${d.id}` : null,
    // The plain token is only shown in the response that enabled SCIM; never stored in clear.
    scim_bearer_token: null,
  };
}

function lookup(ctx: Ctx): Domain {
  const id = parseUuid(ctx.params.id);
  const d = id ? ctx.store.state.domains.find((x) => x.id === id && x.organization_id === ctx.org!.id) : undefined;
  if (!d) throw notFound();
  return d;
}

function update(ctx: Ctx, partial: boolean) {
  const d = lookup(ctx);
  // `domain` is read-only after create: silently ignored, so a changed domain never applies.
  const data = validateBody(ctx.body, UPDATE_FIELDS, { partial });
  if (!d.verified_at) {
    for (const attr of PROTECTED) {
      if (attr in data)
        throw validationError(
          "This attribute cannot be updated until the domain is verified.",
          attr,
          "verification_required",
        );
    }
  }
  if (data.jit_provisioning_enabled === true && !ctx.store.hasFeature(ctx.org!, "automatic_provisioning")) {
    // UNCONFIRMED: docs/posthog-api/FACTS.md gives only the code; the wording reuses the create-time feature message.
    throw validationError(
      "Automatic provisioning is not enabled for this organization.",
      "jit_provisioning_enabled",
      "feature_not_available",
    );
  }
  if (data.scim_enabled === true && !ctx.store.hasFeature(ctx.org!, "scim")) {
    throw validationError(
      "SCIM provisioning is not available for this organization.",
      "scim_enabled",
      "feature_not_available",
    );
  }
  Object.assign(d, data);
  return { status: 200, body: domainRepr(ctx, d) };
}

/** Routes of the domains area. */
export const domainRoutes: RouteDef[] = [
  {
    template: "/api/organizations/{organization_id}/domains/",
    kind: "org",
    scopeObject: "organization",
    ops: [
      {
        method: "GET",
        action: "list",
        permissions: [adminWrite],
        handler: (ctx) => {
          const list = ctx.store.state.domains
            .filter((d) => d.organization_id === ctx.org!.id)
            .sort((a, b) => (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0));
          return {
            status: 200,
            body: paginate(
              ctx.url,
              list.map((d) => domainRepr(ctx, d)),
            ),
          };
        },
      },
      {
        method: "POST",
        action: "create",
        permissions: [adminWrite],
        handler: (ctx) => {
          const data = validateBody(ctx.body, { domain: { type: "string", max: 128, required: true } });
          const domain = data.domain as string;
          // Field validators (max_length, then the model's UniqueValidator) run before validate_domain.
          if (ctx.store.state.domains.some((d) => d.domain === domain))
            throw validationError("domain with this domain already exists.", "domain", "unique");
          if (!DOMAIN_RE.test(domain))
            throw validationError("Please enter a valid domain or subdomain name.", "domain");
          if (!ctx.store.hasFeature(ctx.org!, "automatic_provisioning"))
            throw permissionDenied("Automatic provisioning is not enabled for this organization.");
          const d: Domain = {
            id: randomUUID(),
            organization_id: ctx.org!.id,
            domain,
            verified_at: null,
            last_verification_retry: null,
            // secrets.token_urlsafe(32): 43 URL-safe characters, never rotated by the API.
            verification_challenge: randomBytes(32).toString("base64url"),
            // JIT provisioning and SSO enforcement are silently dropped on create.
            jit_provisioning_enabled: false,
            sso_enforcement: "",
            saml_entity_id: null,
            saml_acs_url: null,
            saml_x509_cert: null,
            scim_enabled: false,
          };
          ctx.store.state.domains.push(d);
          return { status: 201, body: domainRepr(ctx, d) };
        },
      },
    ],
  },
  {
    template: "/api/organizations/{organization_id}/domains/{id}/",
    kind: "org",
    scopeObject: "organization",
    ops: adminDetailOps({
      retrieve: (ctx) => ({ status: 200, body: domainRepr(ctx, lookup(ctx)) }),
      update,
      destroy: (ctx) => {
        const d = lookup(ctx);
        const ownDomain = ctx.user.email.split("@")[1]?.toLowerCase();
        if (d.verified_at && ctx.org!.enforce_verified_domains && ownDomain === d.domain) {
          // UNCONFIRMED: docs/posthog-api/FACTS.md gives only the code `would_block_self`.
          throw validationError(
            "Deleting this domain would block your own access to the organization.",
            null,
            "would_block_self",
          );
        }
        ctx.store.state.domains = ctx.store.state.domains.filter((x) => x !== d);
        return { status: 204 };
      },
    }),
  },
  {
    template: "/api/organizations/{organization_id}/domains/{id}/verify/",
    kind: "org",
    scopeObject: "organization",
    ops: [
      {
        method: "POST",
        action: "verify",
        scopes: "none",
        permissions: [adminWrite],
        handler: (ctx) => {
          const d = lookup(ctx);
          if (d.verified_at) throw validationError("This domain has already been verified.", null, "already_verified");
          const answers = ctx.store.state.dnsTxt[`_posthog-challenge.${d.domain}`] ?? [];
          // A failed lookup is not an error: only the retry stamp changes, and the answer is still 200.
          if (answers.includes(d.verification_challenge)) d.verified_at = ctx.store.now();
          else d.last_verification_retry = ctx.store.now();
          return { status: 200, body: domainRepr(ctx, d) };
        },
      },
    ],
  },
];
