// ProxyRecord: a managed reverse proxy, so events reach PostHog through the organization's own
// domain (e.g. t.example.com) instead of an ad blocker's list.
// API quirks that shaped this spec (docs/posthog-api/FACTS.md §7 and §1.6, PostHog posthog/api/proxy_record.py):
// - records are immutable (GET/POST/DELETE only; PUT/PATCH answer 405): any change replaces;
// - `domain` is unique across PostHog and kept as sent; PostHog's Terraform provider lowercases it
//   and drops a trailing dot before sending, and so does this spec, comparing the normalized form;
// - `status` moves waiting → issuing → valid (or warning / erroring / timed_out) by PostHog's own
//   workflows once the CNAME to `target_cname` resolves: an output, optionally waited for;
// - delete answers 200 `{"success": true}`, and a live record only moves to `deleting` and stays
//   readable until a workflow removes it: a `deleting` record is gone for us (read drops it,
//   adoption and create's reconcile skip it, delete does not ask twice), though its domain stays
//   taken until PostHog has removed it (a create then fails with a 500, explained here);
// - the quota (default 2 per organization) is refused with a raw `{"detail"}`, shown as is.
import { z } from "zod";
import { hasReason } from "../../client";
import { canonicalDomain } from "../../client/domains";
import type { ProxyRecord as WireProxyRecord } from "../../client/proxy-records";
import type { Context } from "../core/context";
import { adopt, deleteAdopted, organizationDefault, organizationId } from "../core/fields";
import type { Adoptable, ResourceSpec, StateOf } from "../core/spec";
import { pollUntil, waitOptions } from "../core/wait";

/** A host name: labels of letters, digits and inner hyphens, at least two of them. */
const HOST_RE = /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export const ProxyRecordInputs = z.strictObject({
  organizationId,
  domain: z
    .string({ error: 'domain is required: the host name to serve PostHog from, e.g. "t.example.com"' })
    .transform(canonicalDomain)
    .pipe(
      z
        .string()
        .max(64, "domain is longer than PostHog's limit of 64 characters")
        .regex(HOST_RE, 'domain must be a host name such as "t.example.com", without a scheme, a path or spaces'),
    ),
  waitForValid: waitOptions("waitForValid").optional(),
  adopt,
  deleteAdopted,
});
export type ProxyRecordInputs = z.infer<typeof ProxyRecordInputs> & { organizationId: string };

/** A proxy record's state: its inputs, the CNAME target and PostHog's status for it. */
export type ProxyRecordState = StateOf<
  ProxyRecordInputs,
  Adoptable & { targetCname: string; status: string; message: string | null; createdAt: string | null }
>;

const VALID_INTERVAL_SECONDS = 10;

/** Statuses after which waiting longer cannot help (PostHog gave up, or the record is going away). */
const FINAL = new Set(["valid", "erroring", "timed_out", "deleting"]);

const isGone = (wire: WireProxyRecord) => wire.status === "deleting";

/** Waits for `valid` when asked; fails with the last status and message otherwise. */
async function waitForValid(ctx: Context, wire: WireProxyRecord, inputs: ProxyRecordInputs): Promise<WireProxyRecord> {
  const wait = inputs.waitForValid;
  if (!wait || wire.status === "valid") return wire;
  const polled = await pollUntil(
    wait,
    VALID_INTERVAL_SECONDS,
    () => ctx.client.proxyRecords.retrieve(inputs.organizationId, wire.id),
    (r) => FINAL.has(r.status),
  );
  const last = polled.value;
  if (last.status === "valid") return last;
  const said = last.message ? ` PostHog says: ${last.message}${/[.!?]$/.test(last.message) ? "" : "."}` : "";
  const cname = `a CNAME record for ${last.domain} pointing at ${last.target_cname}`;
  throw new Error(
    polled.done
      ? `the proxy for ${last.domain} is not valid: PostHog stopped at status "${last.status}".${said} Check ${cname}, retry the proxy in PostHog (Organization settings → Managed reverse proxy), then run \`pulumi up\` again.`
      : `the proxy for ${last.domain} is not valid: its status is still "${last.status}" after ${wait.timeoutSeconds} s.${said} It needs ${cname}; PostHog then issues the certificate on its own. The next \`pulumi up\` waits again.`,
  );
}

export const proxyRecord: ResourceSpec<ProxyRecordInputs, WireProxyRecord, ProxyRecordState, "ProxyRecord"> = {
  kind: "ProxyRecord",
  noun: "proxy record",
  label: ["domain"],
  stateVersion: 1,
  args: ProxyRecordInputs,
  // No update: every change replaces. `waitForValid` only steers creation, so it never differs.
  normalize: { domain: (v) => (typeof v === "string" ? canonicalDomain(v) : v), waitForValid: () => undefined },
  defaults: organizationDefault,
  warnings: (state, inputs, changes) =>
    changes.replaces.length > 0
      ? [
          `PostHog cannot edit a proxy record: a new record for ${inputs.domain} is created first, with a new targetCname to point your DNS CNAME at, and ${state.domain}'s record is then ${state.adopted === true && state.deleteAdopted !== true ? "left in PostHog (adopted)" : "deleted, so its proxy stops serving"}.`,
        ]
      : [],

  id: (wire) => wire.id,
  toState: (wire) => ({
    domain: wire.domain,
    targetCname: wire.target_cname,
    status: wire.status,
    message: wire.message ?? null,
    createdAt: wire.created_at ?? null,
  }),

  create: async (ctx, inputs) => {
    const org = inputs.organizationId;
    const lookup = () => ctx.client.proxyRecords.findByDomain(org, inputs.domain, { fresh: true });
    try {
      // An unknown outcome is reconciled by domain, but a record PostHog is removing is not ours.
      return await ctx.client.proxyRecords.create(
        org,
        { domain: inputs.domain },
        { reconcile: async () => ((r) => (r && !isGone(r) ? r : undefined))(await lookup()) },
      );
    } catch (err) {
      // The domain stays taken until PostHog has removed a deleted record; PostHog answers that with a 500.
      if (!hasReason(err, "server-error")) throw err;
      const held = await lookup().catch(() => undefined);
      if (!held || !isGone(held)) throw err;
      throw new Error(
        `PostHog is still removing an earlier proxy record for ${inputs.domain} (status "deleting"), and a domain can only have one record. ` +
          `Run \`pulumi up\` again once it is gone. (${err.message.split("\n")[0]})`,
      );
    }
  },
  afterCreate: waitForValid,
  retrieve: async (ctx, id, state) => {
    const wire = await ctx.client.proxyRecords.retrieve(state.organizationId, id);
    return isGone(wire) ? undefined : wire;
  },
  delete: async (ctx, id, state) => {
    // A record already being deleted must not start PostHog's deletion workflow a second time.
    if (isGone(await ctx.client.proxyRecords.retrieve(state.organizationId, id))) return;
    await ctx.client.proxyRecords.delete(state.organizationId, id);
  },
  // Domains are unique across PostHog: a live record for it in this organization is ours.
  existing: "take",
  adopt: async (ctx, inputs) => {
    const found = await ctx.client.proxyRecords.findByDomain(inputs.organizationId, inputs.domain, { fresh: true });
    return found && !isGone(found) ? found : undefined;
  },
};
