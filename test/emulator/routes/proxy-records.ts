// /api/organizations/{organization_id}/proxy_records/ (docs/posthog-api/FACTS.md §7): immutable records (PUT/PATCH
// 405), an unpaginated list with the quota, raw `{"detail"}` / `{"success"}` bodies, and a delete
// that only flips live records to `deleting`. Status moves come from the control API; `diagnose`
// reports on a record from its status, with PostHog's per-user cooldown.
import { createHash, randomUUID } from "node:crypto";
import { notFound, rawError, serverError } from "../http/errors";
import type { Organization, ProxyRecord } from "../model/model";
import { adminWrite } from "../policy/permissions";
import { adminDetailOps } from "./detail";
import type { Ctx, RouteDef } from "../http/router";
import type { Store } from "../model/store";
import { parseUuid, validateBody } from "../policy/validation";

// UNCONFIRMED (docs/posthog-api/FACTS.md §7): PROXY_BASE_CNAME on US Cloud; public docs show *.proxy-us.posthog.com.
const PROXY_BASE_CNAME = "proxy-us.posthog.com";
const HARD_DELETE_STATUSES = ["waiting", "erroring", "timed_out"];

/** The deterministic CNAME target: sha256(org id + domain)[:20] + base. */
export function targetCname(organizationId: string, domain: string): string {
  return `${createHash("sha256")
    .update(organizationId + domain)
    .digest("hex")
    .slice(0, 20)}.${PROXY_BASE_CNAME}`;
}

/** The org's quota: the `managed_reverse_proxy` feature limit, else the emulator setting (default 2). */
export function proxyQuota(store: Store, org: Organization): number {
  return (
    org.available_product_features.find((f) => f.key === "managed_reverse_proxy")?.limit ??
    store.settings.proxy_record_quota
  );
}

/** ProxyRecordSerializer. */
export function proxyRepr(p: ProxyRecord): Record<string, unknown> {
  return {
    id: p.id,
    domain: p.domain,
    target_cname: p.target_cname,
    status: p.status,
    message: p.message,
    created_at: p.created_at,
    updated_at: p.updated_at,
    created_by: p.created_by_id,
  };
}

function lookup(ctx: Ctx): ProxyRecord {
  const id = parseUuid(ctx.params.id);
  const p = id ? ctx.store.state.proxyRecords.find((x) => x.id === id && x.organization_id === ctx.org!.id) : undefined;
  if (!p) throw notFound();
  return p;
}

/** DIAGNOSE_COOLDOWN_SECONDS: one diagnostic per record and user in this window. */
const DIAGNOSE_COOLDOWN_SECONDS = 30;

type CheckStatus = "passed" | "warned" | "failed" | "skipped";

/**
 * A diagnostic report in DiagnosticReportSerializer's shape. PostHog probes DNS, the certificate
 * provider, CAA, the HTTP-01 challenge, a live event and the certificate; the emulator has none of
 * those, so it derives each check from the record's status. UNCONFIRMED: the check names and the
 * wording of details and next actions.
 */
function diagnosticReport(ctx: Ctx, p: ProxyRecord): Record<string, unknown> {
  const cnameFix = {
    type: "dns",
    summary: `Add a CNAME record for ${p.domain} pointing to ${p.target_cname}.`,
    records: [{ name: p.domain, type: "CNAME", value: p.target_cname }],
  };
  const pending = ["waiting", "erroring", "timed_out"].includes(p.status);
  const outcome = (id: string): CheckStatus => {
    if (p.status === "deleting") return "skipped";
    if (id === "cname") return pending ? "failed" : "passed";
    if (pending) return "skipped";
    if (p.status === "issuing") return id === "cloudflare" ? "warned" : "skipped";
    if (p.status === "warning" && id === "cert_expiry") return "warned";
    return "passed";
  };
  const names: Record<string, string> = {
    cname: "CNAME record",
    cloudflare: "Certificate provider",
    caa: "CAA records",
    http_challenge: "HTTP-01 challenge",
    live_event: "Live event",
    cert_expiry: "Certificate expiry",
  };
  const checks = Object.entries(names).map(([id, name]) => {
    const status = outcome(id);
    const remediation =
      status === "failed" && id === "cname"
        ? cnameFix
        : status === "warned" && id === "cloudflare"
          ? { type: "wait", summary: "The certificate is being issued; check again in a few minutes.", records: [] }
          : null;
    return { id, name, status, detail: p.message ?? `${name}: ${status}.`, remediation };
  });
  const failed = checks.find((c) => c.status === "failed");
  const warned = checks.find((c) => c.status === "warned");
  const primary = failed ?? warned;
  return {
    ran_at: ctx.store.now(),
    summary: {
      status: failed || p.status === "deleting" ? "fail" : warned ? "warn" : "healthy",
      primary_issue: primary?.id ?? null,
      next_action: primary?.remediation?.summary ?? null,
    },
    checks,
  };
}

/** Routes of the proxy-records area. */
export const proxyRecordRoutes: RouteDef[] = [
  {
    template: "/api/organizations/{organization_id}/proxy_records/",
    kind: "org",
    scopeObject: "organization",
    ops: [
      {
        method: "GET",
        action: "list",
        permissions: [adminWrite],
        handler: (ctx) => {
          const list = ctx.store.state.proxyRecords
            .filter((p) => p.organization_id === ctx.org!.id)
            .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
          return {
            status: 200,
            body: { results: list.map(proxyRepr), max_proxy_records: proxyQuota(ctx.store, ctx.org!) },
          };
        },
      },
      {
        method: "POST",
        action: "create",
        permissions: [adminWrite],
        handler: (ctx) => {
          // UNCONFIRMED: the quota check is assumed to run before the serializer validates the body.
          const quota = proxyQuota(ctx.store, ctx.org!);
          const count = ctx.store.state.proxyRecords.filter((p) => p.organization_id === ctx.org!.id).length;
          if (count >= quota) throw rawError(400, { detail: `Maximum of ${quota} proxy records per organization.` });
          const data = validateBody(ctx.body, { domain: { type: "string", required: true } });
          const domain = data.domain as string;
          // UNCONFIRMED (docs/posthog-api/FACTS.md §7): the serializer checks neither length nor uniqueness, so these hit
          // database constraints (varchar(64), unique) and surface as unhandled 500s.
          if (domain.length > 64 || ctx.store.state.proxyRecords.some((p) => p.domain === domain)) throw serverError();
          const now = ctx.store.now();
          const record: ProxyRecord = {
            id: randomUUID(),
            organization_id: ctx.org!.id,
            domain,
            target_cname: targetCname(ctx.org!.id, domain),
            status: "waiting",
            message: null,
            created_at: now,
            updated_at: now,
            created_by_id: ctx.user.id,
          };
          ctx.store.state.proxyRecords.push(record);
          return { status: 201, body: proxyRepr(record) };
        },
      },
    ],
  },
  {
    template: "/api/organizations/{organization_id}/proxy_records/{id}/",
    kind: "org",
    scopeObject: "organization",
    // Newest code: http_method_names = get, post, delete.
    refused: { PUT: "update", PATCH: "partial_update" },
    ops: adminDetailOps({
      retrieve: (ctx) => ({ status: 200, body: proxyRepr(lookup(ctx)) }),
      destroy: (ctx) => {
        const p = lookup(ctx);
        if (HARD_DELETE_STATUSES.includes(p.status)) {
          ctx.store.state.proxyRecords = ctx.store.state.proxyRecords.filter((x) => x !== p);
        } else {
          // A live record only starts the deletion workflow; it stays readable as `deleting`.
          p.status = "deleting";
          p.updated_at = ctx.store.now();
        }
        return { status: 200, body: { success: true } };
      },
    }),
  },
  {
    template: "/api/organizations/{organization_id}/proxy_records/{id}/retry/",
    kind: "org",
    scopeObject: "organization",
    ops: [
      {
        method: "POST",
        action: "retry",
        scopes: "none",
        permissions: [adminWrite],
        handler: (ctx) => {
          const p = lookup(ctx);
          if (p.status !== "erroring" && p.status !== "timed_out")
            throw rawError(400, { detail: `Cannot retry proxy in ${p.status} state.` });
          Object.assign(p, { status: "waiting", message: null, updated_at: ctx.store.now() });
          return { status: 200, body: proxyRepr(p) };
        },
      },
    ],
  },
  {
    template: "/api/organizations/{organization_id}/proxy_records/{id}/diagnose/",
    kind: "org",
    scopeObject: "organization",
    ops: [
      {
        method: "POST",
        action: "diagnose",
        scopes: "none",
        permissions: [adminWrite],
        handler: (ctx) => {
          const p = lookup(ctx);
          if (!ctx.store.cacheAdd(`proxy_records:diagnose:cooldown:${p.id}:${ctx.user.id}`, DIAGNOSE_COOLDOWN_SECONDS))
            throw rawError(429, {
              detail: "A diagnostic was just run for this proxy. Please wait a few seconds before trying again.",
            });
          return { status: 200, body: diagnosticReport(ctx, p) };
        },
      },
    ],
  },
];
