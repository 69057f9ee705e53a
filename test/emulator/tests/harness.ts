// Shared harness for the emulator's own tests: one in-process emulator per test file, an API client
// that validates every JSON response against the OpenAPI extract (and counts them), and small
// helpers to bootstrap callers. The per-file counts are written to a tally that
// openapi-report.ts sums up.
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { EmulatorControl } from "../../helpers/emulator";
import { OpenApiValidator } from "../openapi/openapi-validator";
import { type Emulator, type EmulatorOptions, startEmulator } from "../http/server";

/** Where each test file records how many responses it validated. */
export const TALLY_DIR = join(__dirname, ".openapi-tally");

/** ApiResponse represents a response as tests see it. */
/** The body PostHog answers a refused field with (a DRF validation error, as exceptions_hog writes it). */
export const invalid = (detail: string, attr: string | null = null, code = "invalid_input") => ({
  type: "validation_error",
  code,
  detail,
  attr,
});

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

/** Options of one request. */
export interface RequestOptions {
  /** Raw body text (sent as is); default: JSON of `body`. */
  raw?: string;
  headers?: Record<string, string>;
  /** Skip the Authorization header (to test other key sources). */
  noAuth?: boolean;
}

let validator: OpenApiValidator | undefined;
const counts = { validated: 0, errors: 0, unspecified: 0 };

/** Validates one response; throws with ajv's errors when it does not match. */
export function checkResponse(method: string, path: string, status: number, body: unknown): void {
  if (body === undefined) return;
  validator ??= new OpenApiValidator();
  if (status >= 400) {
    const fn = validator.errorValidator();
    if (!fn(body))
      throw new Error(
        `${method} ${path} ${status}: error body does not match the envelope: ${JSON.stringify(fn.errors)}\n${JSON.stringify(body)}`,
      );
    counts.errors++;
    return;
  }
  const fn = validator.validatorFor(method, path, status);
  if (!fn) {
    counts.unspecified++;
    return;
  }
  if (!fn(body))
    throw new Error(
      `${method} ${path} ${status}: response does not match the OpenAPI extract: ${JSON.stringify(fn.errors, null, 1)}\n${JSON.stringify(body).slice(0, 2000)}`,
    );
  counts.validated++;
}

/** Api is a small PostHog client bound to one key that validates every response. */
export class Api {
  constructor(
    readonly baseUrl: string,
    readonly key: string,
  ) {}

  /** Sends a request; JSON bodies are parsed and validated. */
  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    opts: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {
      ...(opts.noAuth ? {} : { Authorization: `Bearer ${this.key}` }),
      ...(opts.headers ?? {}),
    };
    let payload: string | undefined = opts.raw;
    if (payload === undefined && body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type"))
      headers["Content-Type"] = "application/json";
    const res = await fetch(this.baseUrl + path, { method, headers, body: payload });
    const text = await res.text();
    const parsed = text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : undefined;
    if (path.startsWith("/api/")) checkResponse(method, new URL(this.baseUrl + path).pathname, res.status, parsed);
    return { status: res.status, body: parsed as T, headers: res.headers, text };
  }

  get<T = any>(path: string, opts?: RequestOptions) {
    return this.request<T>("GET", path, undefined, opts);
  }
  post<T = any>(path: string, body?: unknown, opts?: RequestOptions) {
    return this.request<T>("POST", path, body, opts);
  }
  patch<T = any>(path: string, body?: unknown, opts?: RequestOptions) {
    return this.request<T>("PATCH", path, body, opts);
  }
  put<T = any>(path: string, body?: unknown, opts?: RequestOptions) {
    return this.request<T>("PUT", path, body, opts);
  }
  delete<T = any>(path: string, opts?: RequestOptions) {
    return this.request<T>("DELETE", path, undefined, opts);
  }
}

/** A bootstrapped caller: user, organization, default project, key and a bound client. */
export interface Caller {
  userId: number;
  userUuid: string;
  email: string;
  orgId: string;
  projectId: number;
  key: string;
  api: Api;
  /** `/api/organizations/<orgId>` */
  org: string;
}

/** What a test file gets from {@link emulatorHarness}. */
export interface Harness {
  emulator(): Emulator;
  control(): EmulatorControl;
  /** Bootstraps a user + organization + key through the control API. */
  boot(input?: { email?: string; org_name?: string; scopes?: string[] | null; level?: 1 | 8 | 15 }): Promise<Caller>;
  /** A client for a key. */
  api(key: string): Api;
  /** Adds an existing organization's member with its own key. */
  member(orgId: string, level: 1 | 8 | 15, scopes?: string[] | null): Promise<Caller>;
}

let seq = 0;

/**
 * Starts an emulator for the enclosing test file (reset before each test) and records the
 * OpenAPI-validated count when the file finishes.
 */
export function emulatorHarness(options: EmulatorOptions = {}): Harness {
  let emu: Emulator | undefined;
  let control: EmulatorControl | undefined;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, ...options });
    control = new EmulatorControl(emu.url);
  });
  beforeEach(() => emu!.reset());
  afterAll(async () => {
    await emu?.close();
    mkdirSync(TALLY_DIR, { recursive: true });
    writeFileSync(join(TALLY_DIR, `${basename(expect.getState().testPath ?? "unknown")}.json`), JSON.stringify(counts));
    console.log(
      `OpenAPI: ${counts.validated} responses validated against the extract, ${counts.errors} error bodies checked, ${counts.unspecified} without a documented schema`,
    );
  });
  const boot: Harness["boot"] = async (input = {}) => {
    const b = await control!.bootstrap({ email: input.email ?? `user${++seq}@example.com`, ...input });
    return {
      userId: b.user.id,
      userUuid: b.user.uuid,
      email: b.user.email,
      orgId: b.organization.id,
      projectId: b.project.id,
      key: b.api_key,
      api: new Api(emu!.url, b.api_key),
      org: `/api/organizations/${b.organization.id}`,
    };
  };
  const member: Harness["member"] = async (orgId, level, scopes = null) => {
    const user = await control!.createUser({ email: `member${++seq}@example.com`, first_name: "Member" });
    await control!.addMembership({ organization_id: orgId, user_uuid: user.uuid, level });
    const key = await control!.createApiKey({ user_uuid: user.uuid, scopes });
    const projectId = emu!.store.state.projects.find((p) => p.organization_id === orgId)!.id;
    return {
      userId: user.id,
      userUuid: user.uuid,
      email: user.email,
      orgId,
      projectId,
      key,
      api: new Api(emu!.url, key),
      org: `/api/organizations/${orgId}`,
    };
  };
  return {
    emulator: () => emu!,
    control: () => control!,
    boot,
    api: (key) => new Api(emu!.url, key),
    member,
  };
}
