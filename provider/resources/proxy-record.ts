import * as pulumi from "@pulumi/pulumi";
import type { ProxyRecordState } from "../runtime/specs/proxy-record";
import proxyRecordShim = require("../shim/proxy-record");
import { refuseImport } from "./claims";
import { AdoptableResource, outputNames, props, type WaitOptions } from "./common";

/**
 * Manages a managed reverse proxy (proxy record) within a PostHog organization.
 *
 * Creating one asks PostHog to serve its API from `domain`; point a DNS CNAME record for `domain` at
 * {@link ProxyRecord.targetCname} (e.g. with a DNS provider resource), and PostHog moves the record
 * from `waiting` through `issuing` (certificate) to `valid` on its own. With `waitForValid`, the
 * create waits for `valid` and fails, naming the last status and PostHog's message, if the record is
 * not valid in time (or PostHog gives up); the record is kept, and the next `pulumi up` waits again.
 *
 * Proxy records cannot be updated: **changing `domain` or `organizationId` replaces the record**
 * (the new one is created before the old one is deleted, so the organization needs a free slot in
 * its quota, by default 2 records; otherwise set the `deleteBeforeReplace` resource option).
 * `waitForValid` only applies when a record is created; changing it changes nothing. Deleting a
 * live record only starts PostHog's removal (its status becomes `deleting`): such a record counts
 * as gone, so refresh drops it and delete succeeds. With `adopt: true`, the organization's existing
 * record for the domain (not one being deleted) is taken over instead of created.
 *
 * When the CNAME is managed by the same program, it is created after the record, so leave
 * `waitForValid` unset there: a wait on the first `up` cannot succeed.
 *
 * `import:` does not work for this (dynamic) resource; to take over an existing object, set
 * `adopt: true` instead. An adopted object stays in PostHog on destroy unless `deleteAdopted` is true.
 *
 * @example
 * ```ts
 * const proxy = new posthog.ProxyRecord("tracking", { domain: "t.example.com" });
 * export const cnameTarget = proxy.targetCname; // point t.example.com at this
 * ```
 */
export class ProxyRecord extends AdoptableResource {
  /** The organization the record belongs to. */
  declare readonly organizationId: pulumi.Output<ProxyRecordState["organizationId"]>;
  /** The proxy's domain, lowercase and without a trailing dot, as PostHog stores it. */
  declare readonly domain: pulumi.Output<ProxyRecordState["domain"]>;
  /** The host name the CNAME record for `domain` must point at. */
  declare readonly targetCname: pulumi.Output<ProxyRecordState["targetCname"]>;
  /** PostHog's provisioning status: `waiting`, `issuing`, `valid`, `warning`, `erroring` or `timed_out` (may grow). */
  declare readonly status: pulumi.Output<ProxyRecordState["status"]>;
  /** PostHog's explanation of the status, or null. */
  declare readonly message: pulumi.Output<ProxyRecordState["message"]>;
  /** When the record was created (ISO 8601). */
  declare readonly createdAt: pulumi.Output<ProxyRecordState["createdAt"]>;
  /** The `waitForValid` input last applied; undefined when the program leaves it unset. */
  declare readonly waitForValid: pulumi.Output<ProxyRecordState["waitForValid"]>;

  constructor(name: string, args: ProxyRecordArgs, opts?: pulumi.CustomResourceOptions) {
    refuseImport(proxyRecordShim.kind, name, opts);
    super(
      proxyRecordShim,
      name,
      props(
        { ...args },
        outputNames<ProxyRecordState>({
          organizationId: true,
          domain: true,
          targetCname: true,
          status: true,
          message: true,
          createdAt: true,
          adopted: true,
          waitForValid: true,
          adopt: true,
          deleteAdopted: true,
        }),
      ),
      opts,
    );
  }
}

/** The inputs of a {@link ProxyRecord}. */
export interface ProxyRecordArgs {
  /**
   * The UUID of the organization. Changing this replaces the record.
   * @default the provider's `posthog:organizationId` configuration
   */
  organizationId?: pulumi.Input<string>;
  /**
   * The host name to serve PostHog from, e.g. `"t.example.com"`: up to 64 characters, unique across
   * all of PostHog. Sent lowercase and without a trailing dot, and compared that way. Changing it
   * replaces the record.
   */
  domain: pulumi.Input<string>;
  /**
   * When the record is created, check its status every `intervalSeconds` (default 10, at least 1)
   * until it is `valid`; fail if it is not within `timeoutSeconds` (at most 3600), or if PostHog
   * gives up (`erroring`, `timed_out`). Only applies to creation; changing it changes nothing.
   * @example
   * ```ts
   * waitForValid: { timeoutSeconds: 900, intervalSeconds: 30 }
   * ```
   */
  waitForValid?: pulumi.Input<WaitOptions>;
  /** Take over the organization's existing record for this domain instead of creating one. @default false */
  adopt?: pulumi.Input<boolean>;
  /**
   * Delete the proxy record on destroy, or when the resource leaves the program, even though it was adopted.
   * An adopted proxy record was not created by this stack, so by default it stays in PostHog and only
   * leaves the stack's state. Changing this updates the state only: run `pulumi up` after setting
   * it, before the destroy. No effect on a proxy record this stack created (that one is always deleted).
   * @default false
   */
  deleteAdopted?: pulumi.Input<boolean>;
}
