// The org file's schema: what each key means and, in every message, what to write instead.
// Names follow the TypeScript API (camelCase), so a key in the file is the Args field of the
// resource it becomes.
import { z } from "zod";

const levels = '"member", "admin" or "owner"';
const level = z.enum(["member", "admin", "owner"], { error: `level must be ${levels}` });
const str = (what: string) => z.string({ error: `${what} must be text` }).min(1, `${what} must not be empty`);
const bool = (what: string) => z.boolean({ error: `${what} must be true or false` });

/** One person: declared once for their whole life (invited, then member). */
export const PersonEntry = z.strictObject({
  /** Their email, compared ignoring case: one entry per person. */
  email: z.email({ error: "email must be an email address, e.g. ada@example.com" }),
  /** Their level in the organization. */
  level,
  /** Names of roles (declared under `roles:`) they belong to once they joined. */
  roles: z.array(str("a role name"), { error: "roles must be a list of role names, e.g. [Engineering]" }).optional(),
  /** First name sent with their invite. */
  firstName: z.string({ error: "firstName must be text" }).max(30, "firstName is at most 30 characters").optional(),
});

/** How the file governs people it does not name and people removed from it. */
export const Policy = z.strictObject({
  /** `additive` (default): undeclared access is reported; `authoritative`: it is removed on `up`. */
  people: z.enum(["additive", "authoritative"], { error: 'people must be "additive" or "authoritative"' }).optional(),
  /** What deleting a person's entry does: `remove` (default), `downgrade` to member, or `retain`. */
  onRemove: z
    .enum(["remove", "downgrade", "retain"], { error: 'onRemove must be "remove", "downgrade" or "retain"' })
    .optional(),
  /** What happens to an invite past its 3 days: `reinvite` (default) or `keep`. */
  onExpired: z.enum(["reinvite", "keep"], { error: 'onExpired must be "reinvite" or "keep"' }).optional(),
});

/** Safety rails, judged at preview before any write. */
export const Rails = z.strictObject({
  /** At least this many owners after the change (default 1). */
  minOwners: z
    .number({ error: "minOwners must be a whole number" })
    .int("minOwners must be a whole number")
    .min(0)
    .optional(),
  /** At most this share of the members removed in one run, in percent (default 25). */
  maxRemovedPercent: z
    .number({ error: "maxRemovedPercent must be a number from 0 to 100" })
    .min(0, "maxRemovedPercent must be a number from 0 to 100")
    .max(100, "maxRemovedPercent must be a number from 0 to 100")
    .optional(),
  /** Never remove or demote the API key's own user (default true). */
  protectKeyUser: bool("protectKeyUser").optional(),
});

/** Project settings the file may set; the same names as posthog.Project's Args. */
const projectSettings = {
  timezone: str("timezone").optional(),
  productDescription: z.string({ error: "productDescription must be text" }).optional(),
  anonymizeIps: bool("anonymizeIps").optional(),
  appUrls: z.array(z.string(), { error: "appUrls must be a list of URLs" }).optional(),
  recordingDomains: z.array(z.string(), { error: "recordingDomains must be a list of URLs" }).optional(),
  sessionRecordingOptIn: bool("sessionRecordingOptIn").optional(),
  autocaptureOptOut: bool("autocaptureOptOut").optional(),
  heatmapsOptIn: bool("heatmapsOptIn").optional(),
  surveysOptIn: bool("surveysOptIn").optional(),
  capturePerformanceOptIn: bool("capturePerformanceOptIn").optional(),
  captureConsoleLogOptIn: bool("captureConsoleLogOptIn").optional(),
  weekStartDay: z
    .union([z.literal(0), z.literal(1)], { error: "weekStartDay must be 0 (Sunday) or 1 (Monday)" })
    .optional(),
  dataAttributes: z.array(z.string(), { error: "dataAttributes must be a list of attribute names" }).optional(),
};
export const ProjectSettings = z.strictObject(projectSettings);
export const ProjectEntry = z.strictObject({ name: str("name"), ...projectSettings });

export const DomainEntry = z.strictObject({
  domain: str("domain"),
  /** Let anyone with a verified email at this domain join (just-in-time provisioning). */
  jitProvisioningEnabled: bool("jitProvisioningEnabled").optional(),
  /** The SSO provider members at this domain must use, e.g. "google-oauth2" or "saml". */
  ssoEnforcement: z.string({ error: 'ssoEnforcement must be text such as "google-oauth2", or "" for none' }).optional(),
});

export const ProxyRecordEntry = z.strictObject({ domain: str("domain") });

/** A reference to a secret in the stack's config: `{ secret: s3SecretKey }` (`pulumi config set --secret`). */
export const SecretRef = z.strictObject({
  secret: str("secret").regex(/^[A-Za-z0-9_:.-]+$/, "secret must be a stack config key such as s3SecretKey"),
});

/** Keys that hold credentials: only ever a `{ secret: <config key> }` reference. */
export const CREDENTIAL_KEY = /(password|secret|private_?key|token|credential)/i;

const configValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), SecretRef], {
  error: "a destination setting must be text, a number, true/false, a list of text, or { secret: <config key> }",
});

export const BatchExportEntry = z.strictObject({
  name: str("name"),
  /** The name of a project declared under `projects:`. */
  project: str("project"),
  interval: z.enum(["hour", "day", "week", "every 5 minutes", "every 15 minutes"], {
    error: 'interval must be "hour", "day", "week", "every 5 minutes" or "every 15 minutes"',
  }),
  model: z
    .enum(["events", "persons", "sessions"], { error: 'model must be "events", "persons" or "sessions"' })
    .optional(),
  paused: bool("paused").optional(),
  destination: z.strictObject({
    type: z.enum(["S3", "Postgres", "Redshift", "Snowflake", "BigQuery", "HTTP", "NoOp"], {
      error: 'type must be "S3", "Postgres", "Redshift", "Snowflake", "BigQuery", "HTTP" or "NoOp"',
    }),
    config: z.record(z.string(), configValue).optional(),
  }),
});

/** The whole org file. */
export const OrgFile = z.strictObject({
  /** The organization's UUID; default: the stack's `posthog:organizationId`. */
  organization: z
    .uuid({ error: "organization must be the organization's UUID (Organization settings → General)" })
    .optional(),
  policy: Policy.optional(),
  rails: Rails.optional(),
  people: z.array(PersonEntry, { error: "people must be a list of { email, level }" }).optional(),
  /** Role names. */
  roles: z.array(str("a role name"), { error: "roles must be a list of role names" }).optional(),
  /** Settings every project gets unless it sets its own. */
  projectDefaults: ProjectSettings.optional(),
  projects: z.array(ProjectEntry, { error: "projects must be a list of { name, … }" }).optional(),
  domains: z.array(DomainEntry, { error: "domains must be a list of { domain, … }" }).optional(),
  proxyRecords: z.array(ProxyRecordEntry, { error: "proxyRecords must be a list of { domain }" }).optional(),
  batchExports: z.array(BatchExportEntry, { error: "batchExports must be a list of { name, project, … }" }).optional(),
});
export type OrgFile = z.infer<typeof OrgFile>;
export type PersonEntry = z.infer<typeof PersonEntry>;
