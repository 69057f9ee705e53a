// Batch-export destination rules (docs/posthog-api/FACTS.md §10): per-type config keys from PostHog's workflow input
// dataclasses, the unknown/missing/type checks, the type-specific rules, and the write-only
// secrets stripped from every response.
import { permissionDenied, validationError } from "../http/errors";
import type { Store } from "../model/store";
import { convertField, pythonStr, pythonType } from "../policy/validation";

type Kind = "str" | "int" | "bool" | "list" | "dict";
interface Key {
  kind: Kind;
  required?: boolean;
}

const req = (kind: Kind): Key => ({ kind, required: true });
const opt = (kind: Kind): Key => ({ kind });
const BASE: Record<string, Key> = { exclude_events: opt("list"), include_events: opt("list") };
const POSTGRES: Record<string, Key> = {
  user: req("str"),
  password: req("str"),
  host: req("str"),
  database: req("str"),
  schema: opt("str"),
  table_name: opt("str"),
  port: opt("int"),
  has_self_signed_cert: opt("bool"),
};

/** Config keys per destination type. */
export const DESTINATION_KEYS: Record<string, Record<string, Key>> = {
  S3: {
    bucket_name: req("str"),
    region: req("str"),
    prefix: req("str"),
    aws_access_key_id: opt("str"),
    aws_secret_access_key: opt("str"),
    compression: opt("str"),
    encryption: opt("str"),
    kms_key_id: opt("str"),
    endpoint_url: opt("str"),
    file_format: opt("str"),
    max_file_size_mb: opt("int"),
    use_virtual_style_addressing: opt("bool"),
  },
  Snowflake: {
    account: req("str"),
    user: req("str"),
    database: req("str"),
    warehouse: req("str"),
    schema: req("str"),
    table_name: opt("str"),
    authentication_type: opt("str"),
    password: opt("str"),
    private_key: opt("str"),
    private_key_passphrase: opt("str"),
    role: opt("str"),
  },
  Postgres: POSTGRES,
  Redshift: { ...POSTGRES, properties_data_type: opt("str"), mode: opt("str"), copy_inputs: opt("dict") },
  BigQuery: {
    project_id: req("str"),
    dataset_id: req("str"),
    private_key: req("str"),
    private_key_id: req("str"),
    token_uri: req("str"),
    client_email: req("str"),
    table_id: opt("str"),
    use_json_type: opt("bool"),
  },
  Databricks: {
    http_path: req("str"),
    catalog: req("str"),
    schema: req("str"),
    table_name: req("str"),
    use_variant_type: opt("bool"),
    use_automatic_schema_evolution: opt("bool"),
  },
  AzureBlob: {
    container_name: req("str"),
    prefix: opt("str"),
    compression: opt("str"),
    file_format: opt("str"),
    max_file_size_mb: opt("int"),
  },
  Workflows: {},
  HTTP: { url: req("str"), token: req("str") },
  NoOp: { arg: opt("str") },
};

/** Destination types of the OpenAPI snapshot (newest code renames S3 and adds a few). */
export const DESTINATION_TYPES = Object.keys(DESTINATION_KEYS);

/** Write-only credentials removed from every response (docs/posthog-api/FACTS.md §1.8). */
export const SECRET_KEYS: Record<string, string[]> = {
  S3: ["aws_access_key_id", "aws_secret_access_key"],
  Postgres: ["user", "password"],
  Redshift: ["user", "password"],
  Snowflake: ["user", "password", "private_key", "private_key_passphrase"],
  BigQuery: ["private_key", "private_key_id", "client_email", "token_uri"],
  HTTP: ["token"],
};

const HTTP_URLS = ["https://us.i.posthog.com/batch/", "https://eu.i.posthog.com/batch/"];
const FLAGGED_TYPES = ["Databricks", "AzureBlob", "Workflows"];
const COMPRESSIONS: Record<string, (string | null)[]> = {
  JSONLines: ["gzip", "brotli", null],
  Parquet: ["zstd", "lz4", "snappy", "gzip", "brotli", null],
};

/** The config as responses show it: secrets removed. */
export function stripSecrets(type: string, config: Record<string, unknown>): Record<string, unknown> {
  const out = { ...config };
  for (const k of SECRET_KEYS[type] ?? []) delete out[k];
  return out;
}

/** Recursively merges a PATCHed config into the stored one (keys cannot be removed by omission). */
export function mergeConfig(stored: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...stored };
  for (const [k, v] of Object.entries(patch)) {
    const cur = out[k];
    const bothObjects =
      cur && v && typeof cur === "object" && typeof v === "object" && !Array.isArray(cur) && !Array.isArray(v);
    out[k] = bothObjects ? mergeConfig(cur as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

// UNCONFIRMED: attr and the wording after "Configuration has invalid type: " (docs/posthog-api/FACTS.md §10 gives the prefixes).
const fail = (detail: string) => validationError(detail, "destination");

function coerce(key: string, spec: Key, value: unknown): unknown {
  if (value === null) return null;
  const bad = () =>
    fail(`Configuration has invalid type: got ${pythonType(value)}, expected ${spec.kind} for '${key}'`);
  switch (spec.kind) {
    case "str":
      if (typeof value !== "string") throw bad();
      return value;
    case "int":
      try {
        return convertField({ type: "integer" }, value, key);
      } catch {
        throw bad();
      }
    case "bool":
      try {
        return convertField({ type: "boolean" }, value, key);
      } catch {
        throw bad();
      }
    case "list":
      if (!Array.isArray(value)) throw bad();
      return value;
    case "dict":
      if (typeof value !== "object" || Array.isArray(value)) throw bad();
      return value;
  }
}

/** Checks the keys of an incoming config against its type; `partial` skips the required check. */
export function validateConfig(
  type: string,
  config: Record<string, unknown>,
  partial: boolean,
): Record<string, unknown> {
  const keys = { ...BASE, ...DESTINATION_KEYS[type] };
  const unknown = Object.keys(config).filter((k) => !(k in keys));
  if (unknown.length) throw fail(`Configuration has unknown field/s: ${unknown.map((k) => `'${k}'`).join(", ")}`);
  if (!partial) {
    const missing = Object.entries(keys).find(
      ([k, spec]) => spec.required && (config[k] === undefined || config[k] === null),
    );
    if (missing) throw fail(`Configuration missing required field: '${missing[0]}'`);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) out[k] = coerce(k, keys[k], v);
  return out;
}

/**
 * Type-specific rules on the effective (merged) config. UNCONFIRMED: the wording of each rule;
 * docs/posthog-api/FACTS.md §10 lists the rules, not their messages.
 */
export function checkDestinationRules(
  store: Store,
  type: string,
  config: Record<string, unknown>,
  model: string | null,
): void {
  if (FLAGGED_TYPES.includes(type)) {
    if (!store.settings.features.includes(`${type.toLowerCase()}-batch-exports`))
      throw permissionDenied(`The ${type} destination is not enabled for this team.`);
    if (type !== "Workflows") throw fail(`An integration is required for ${type} batch exports.`);
  }
  if (type === "S3") {
    for (const k of ["bucket_name", "region"])
      if (config[k] === "") throw fail(`Configuration field '${k}' cannot be empty.`);
    const format = (config.file_format as string | undefined) ?? "JSONLines";
    if (!(format in COMPRESSIONS)) throw fail(`File format ${pythonStr(format)} is not supported.`);
    const compression = (config.compression as string | null | undefined) ?? null;
    if (!COMPRESSIONS[format].includes(compression))
      throw fail(`Compression ${pythonStr(compression)} is not supported for file format ${format}.`);
  }
  if (type === "HTTP") {
    if (!HTTP_URLS.includes(String(config.url)))
      throw fail(`The HTTP destination URL must be one of: ${HTTP_URLS.join(", ")}`);
    if ((model ?? "events") !== "events") throw fail("HTTP batch exports only support the events model.");
  }
  if (type === "Snowflake") {
    const auth = (config.authentication_type as string | undefined) ?? "password";
    if (auth !== "password" && auth !== "keypair") throw fail(`Invalid authentication type: ${pythonStr(auth)}`);
    if (auth === "password" && !config.password) throw fail("Password is required if authentication type is password");
    if (auth === "keypair" && !config.private_key)
      throw fail("Private key is required if authentication type is key pair");
  }
  if (type === "Redshift" && config.mode === "COPY" && !config.copy_inputs)
    throw fail("copy_inputs is required when mode is COPY");
  if (type === "Redshift" && config.mode !== undefined && config.mode !== "INSERT" && config.mode !== "COPY")
    throw fail(`Invalid mode: ${pythonStr(config.mode)}`);
}
