// Validates emulator responses against PostHog's OpenAPI extract (openapi-org.json), so the
// emulator cannot drift from the documented shapes. Where docs/posthog-api/FACTS.md says the code differs from the
// spec, the difference is listed once below, with the reason.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

/** Where the extract lives: docs/posthog-api/ at the repository root (this file runs from dist/test/emulator/openapi/). */
export const OPENAPI_FILE =
  process.env.POSTHOG_OPENAPI_FILE ?? path.resolve(__dirname, "../../../../docs/posthog-api/openapi-org.json");

type Schema = Record<string, unknown>;

/**
 * Schemas the extract references but did not copy (its `_source.not_copied_referenced_schemas`),
 * written from docs/posthog-api/FACTS.md and PostHog's models.
 */
const MISSING_SCHEMAS: Record<string, Schema> = {
  UserBasic: {
    type: "object",
    properties: {
      id: { type: "integer" },
      uuid: { type: "string", format: "uuid" },
      distinct_id: { type: "string", nullable: true },
      first_name: { type: "string" },
      last_name: { type: "string" },
      email: { type: "string", format: "email" },
      is_email_verified: { type: "boolean", nullable: true },
    },
    required: ["id", "uuid", "email", "first_name"],
  },
  MembershipLevelEnum: { enum: [1, 8, 15], type: "integer" },
  EffectiveMembershipLevelEnum: { enum: [1, 8, 15], type: "integer" },
  PluginsAccessLevelEnum: { enum: [0, 3, 6, 9], type: "integer" },
  ModelEnum: { enum: ["events", "persons", "sessions"], type: "string" },
  // The real enum is pytz's whole zone list; a string is as much as is worth checking here.
  TimezoneEnum: { type: "string", minLength: 1 },
  DefaultExperimentStatsMethodEnum: { enum: ["bayesian", "frequentist"], type: "string" },
  WeekStartDayEnum: { enum: [0, 1], type: "integer" },
  AvailableSetupTaskIdsEnum: { type: "string" },
};

/**
 * Documented exceptions: properties the spec types wrongly because drf-spectacular renders every
 * SerializerMethodField as `string` (docs/posthog-api/FACTS.md §3, §8, §9 give the real types).
 */
const PROPERTY_FIXES: Record<string, Record<string, Schema>> = {
  Organization: { metadata: { type: "object", readOnly: true }, member_count: { type: "integer", readOnly: true } },
  // Role.created_by: docs/posthog-api/FACTS.md §8 says API-created roles have no creator (UNCONFIRMED), so null.
  Role: {
    members: { type: "array", readOnly: true },
    is_default: { type: "boolean", readOnly: true },
    created_by: { allOf: [{ $ref: "#/components/schemas/UserBasic" }], nullable: true },
  },
  ProjectBackwardCompat: {
    default_modifiers: { type: "object", readOnly: true },
    product_intents: { type: "array", readOnly: true },
    person_on_events_querying_enabled: { type: "boolean", readOnly: true },
  },
};

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

/**
 * Documented exceptions: operations whose real response differs from the spec (docs/posthog-api/FACTS.md §2.4, §7,
 * §9, §12). Key: "METHOD <spec path> <status>".
 */
const OPERATION_FIXES: Record<string, Schema> = {
  // Proxy list is not paginated in newest code, and carries the quota (docs/posthog-api/FACTS.md §1.6, §7).
  "GET /api/organizations/{organization_id}/proxy_records/ 200": {
    type: "object",
    required: ["results", "max_proxy_records"],
    properties: { results: { type: "array", items: ref("ProxyRecord") }, max_proxy_records: { type: "integer" } },
  },
  // Proxy delete answers 200 {"success": true}, not 204 (docs/posthog-api/FACTS.md §7).
  "DELETE /api/organizations/{organization_id}/proxy_records/{id}/ 200": {
    type: "object",
    required: ["success"],
    properties: { success: { const: true } },
    additionalProperties: false,
  },
  // add_product_intent answers 201 with the team representation (docs/posthog-api/FACTS.md §9).
  "PATCH /api/organizations/{organization_id}/projects/{id}/add_product_intent/ 201": ref("ProjectBackwardCompat"),
  // drf-spectacular's default response for these actions is wrong: they return small bodies (docs/posthog-api/FACTS.md §9).
  "GET /api/organizations/{organization_id}/projects/{id}/is_generating_demo_data/ 200": {
    type: "object",
    required: ["is_generating_demo_data"],
    properties: { is_generating_demo_data: { type: "boolean" } },
    additionalProperties: false,
  },
  "GET /api/organizations/{organization_id}/projects/{id}/activity/ 200": {
    type: "object",
    required: ["results", "next", "previous", "total_count"],
    properties: {
      results: { type: "array" },
      next: { type: "string", nullable: true },
      previous: { type: "string", nullable: true },
      total_count: { type: "integer" },
    },
  },
  // Bulk invites answer 201 with the created invites; the spec documents no body (docs/posthog-api/FACTS.md §5).
  "POST /api/organizations/{organization_id}/invites/bulk/ 201": {
    type: "array",
    maxItems: 20,
    items: ref("OrganizationInvite"),
  },
  // Verify returns the domain object; the spec documents no body (docs/posthog-api/FACTS.md §6).
  "POST /api/organizations/{organization_id}/domains/{id}/verify/ 200": ref("OrganizationDomain"),
  // Raw bodies of pause/unpause (docs/posthog-api/FACTS.md §10); the spec documents no body.
  "POST /api/organizations/{organization_id}/batch_exports/{id}/pause/ 200": {
    type: "object",
    required: ["paused"],
    properties: { paused: { const: true } },
    additionalProperties: false,
  },
  "POST /api/organizations/{organization_id}/batch_exports/{id}/unpause/ 200": {
    type: "object",
    required: ["paused"],
    properties: { paused: { const: false } },
    additionalProperties: false,
  },
  // Logs: a paginated list of log entries (docs/posthog-api/FACTS.md §10); the spec documents no body.
  "GET /api/organizations/{organization_id}/batch_exports/{id}/logs/ 200": {
    type: "object",
    required: ["count", "results"],
    properties: {
      count: { type: "integer" },
      results: {
        type: "array",
        items: {
          type: "object",
          required: ["log_source_id", "instance_id", "timestamp", "level", "message"],
          properties: { timestamp: { type: "string", format: "date-time" } },
        },
      },
    },
  },
  // scoped_api_keys answers a summary of the member's keys; drf-spectacular shows the member serializer.
  "GET /api/organizations/{organization_id}/members/{user__uuid}/scoped_api_keys/ 200": {
    type: "object",
    required: ["has_keys", "has_keys_active_last_week", "keys"],
    properties: {
      has_keys: { type: "boolean" },
      has_keys_active_last_week: { type: "boolean" },
      keys: {
        type: "array",
        items: {
          type: "object",
          required: ["name", "last_used_at"],
          properties: {
            name: { type: "string" },
            last_used_at: { type: "string", format: "date-time", nullable: true },
          },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  },
  // Proxy retry returns the record (newest code); the spec agrees but lists it without a scope.
  "POST /api/organizations/{organization_id}/proxy_records/{id}/retry/ 200": ref("ProxyRecord"),
};

/** Error bodies are not in the spec: PostHog's envelope (docs/posthog-api/FACTS.md §2.4) or a documented raw body. */
export const ERROR_SCHEMA: Schema = {
  anyOf: [
    {
      type: "object",
      required: ["type", "code", "detail", "attr"],
      properties: {
        type: { type: "string" },
        code: { type: "string" },
        detail: { type: "string" },
        attr: { type: "string", nullable: true },
      },
    },
    { type: "object", required: ["detail"], properties: { detail: { type: "string" } }, additionalProperties: false },
    { type: "object", required: ["error"], properties: { error: { type: "string" } }, additionalProperties: false },
  ],
};

/** Rewrites OpenAPI 3.0 quirks into JSON Schema ajv understands (nullable, writeOnly in required). */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== "object") return node;
  const src = node as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === "example" || k === "description" || k === "title") continue;
    out[k] =
      k === "properties"
        ? Object.fromEntries(Object.entries(v as Schema).map(([p, s]) => [p, toJsonSchema(s)]))
        : toJsonSchema(v);
  }
  // A response never carries writeOnly fields, so they cannot be required in it.
  if (Array.isArray(out.required) && out.properties) {
    const props = src.properties as Record<string, Schema>;
    out.required = (out.required as string[]).filter((r) => !props[r]?.writeOnly);
  }
  if (out.nullable === true) {
    delete out.nullable;
    return { anyOf: [out, { type: "null" }] };
  }
  delete out.nullable;
  return out;
}

/** OpenApiValidator compiles response validators from the extract plus the documented exceptions. */
export class OpenApiValidator {
  private readonly ajv: Ajv;
  private readonly paths: { template: string; re: RegExp }[];
  private readonly spec: {
    paths: Record<
      string,
      Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>
    >;
  };
  private readonly cache = new Map<string, ValidateFunction | null>();

  constructor(file = OPENAPI_FILE) {
    const spec = JSON.parse(readFileSync(file, "utf8"));
    this.spec = spec;
    const schemas: Schema = { ...spec.components.schemas, ...MISSING_SCHEMAS };
    for (const [name, fixes] of Object.entries(PROPERTY_FIXES)) {
      const s = schemas[name] as Schema;
      s.properties = { ...(s.properties as Schema), ...fixes };
    }
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addFormat("decimal", /^-?\d*(\.\d+)?$/);
    this.ajv.addSchema({ $id: "posthog", components: { schemas: toJsonSchema(schemas) } });
    this.paths = Object.keys(spec.paths)
      .sort((a, b) => (a.match(/\{/g) ?? []).length - (b.match(/\{/g) ?? []).length || b.length - a.length)
      .map((template) => ({ template, re: new RegExp(`^${template.replace(/\{\w+\}/g, "[^/]+")}$`) }));
  }

  /** The spec path for a request path; project-route batch exports map onto the org route. */
  specPath(path: string): string | undefined {
    let p = path.endsWith("/") ? path : `${path}/`;
    // The extract only has organization paths; the project route serves the same serializer.
    p = p.replace(/^\/api\/projects\/[^/]+\/batch_exports\//, "/api/organizations/ORG/batch_exports/");
    return this.paths.find((x) => x.re.test(p))?.template;
  }

  private compile(schema: Schema): ValidateFunction {
    const fixed = JSON.parse(
      JSON.stringify(toJsonSchema(schema)).replace(/"#\/components\/schemas\//g, '"posthog#/components/schemas/'),
    );
    return this.ajv.compile(fixed);
  }

  /** The validator for a response, or null when neither the spec nor an exception describes it. */
  validatorFor(method: string, path: string, status: number): ValidateFunction | null {
    const template = this.specPath(path);
    if (!template) return null;
    const key = `${method} ${template} ${status}`;
    if (this.cache.has(key)) return this.cache.get(key)!;
    let fn: ValidateFunction | null = null;
    if (OPERATION_FIXES[key]) fn = this.compile(OPERATION_FIXES[key]);
    else {
      const schema =
        this.spec.paths[template]?.[method.toLowerCase()]?.responses?.[String(status)]?.content?.["application/json"]
          ?.schema;
      if (schema) fn = this.compile(schema);
    }
    this.cache.set(key, fn);
    return fn;
  }

  /** Validates an error body (envelope or documented raw body). */
  errorValidator(): ValidateFunction {
    if (!this.cache.has("error")) this.cache.set("error", this.compile(ERROR_SCHEMA));
    return this.cache.get("error")!;
  }
}
