import { type Caller, emulatorHarness } from "./harness";
import { implementedOperations } from "../http/server";

const h = emulatorHarness();

/**
 * The seed operations: every operation the emulator brief lists, as "METHOD template".
 * Org-route batch-export create/backfill/logs are implemented as PostHog's failure (500).
 */
export const SEED_OPERATIONS = [
  "GET /api/users/{uuid}/",
  "GET /api/organizations/",
  "POST /api/organizations/",
  "GET /api/organizations/{id}/",
  "PATCH /api/organizations/{id}/",
  "PUT /api/organizations/{id}/",
  "DELETE /api/organizations/{id}/",
  "GET /api/organizations/{organization_id}/members/",
  "PATCH /api/organizations/{organization_id}/members/{user__uuid}/",
  "DELETE /api/organizations/{organization_id}/members/{user__uuid}/",
  "GET /api/organizations/{organization_id}/members/{user__uuid}/scoped_api_keys/",
  "GET /api/organizations/{organization_id}/members/{user__uuid}/github_login/",
  "GET /api/organizations/{organization_id}/roles/",
  "POST /api/organizations/{organization_id}/roles/",
  "GET /api/organizations/{organization_id}/roles/{id}/",
  "PUT /api/organizations/{organization_id}/roles/{id}/",
  "PATCH /api/organizations/{organization_id}/roles/{id}/",
  "DELETE /api/organizations/{organization_id}/roles/{id}/",
  "GET /api/organizations/{organization_id}/roles/{role_id}/role_memberships/",
  "POST /api/organizations/{organization_id}/roles/{role_id}/role_memberships/",
  "GET /api/organizations/{organization_id}/roles/{role_id}/role_memberships/{id}/",
  "DELETE /api/organizations/{organization_id}/roles/{role_id}/role_memberships/{id}/",
  "GET /api/organizations/{organization_id}/invites/",
  "POST /api/organizations/{organization_id}/invites/",
  "DELETE /api/organizations/{organization_id}/invites/{id}/",
  "POST /api/organizations/{organization_id}/invites/bulk/",
  "GET /api/organizations/{organization_id}/domains/",
  "POST /api/organizations/{organization_id}/domains/",
  "GET /api/organizations/{organization_id}/domains/{id}/",
  "PUT /api/organizations/{organization_id}/domains/{id}/",
  "PATCH /api/organizations/{organization_id}/domains/{id}/",
  "DELETE /api/organizations/{organization_id}/domains/{id}/",
  "POST /api/organizations/{organization_id}/domains/{id}/verify/",
  "GET /api/organizations/{organization_id}/proxy_records/",
  "POST /api/organizations/{organization_id}/proxy_records/",
  "GET /api/organizations/{organization_id}/proxy_records/{id}/",
  "DELETE /api/organizations/{organization_id}/proxy_records/{id}/",
  "POST /api/organizations/{organization_id}/proxy_records/{id}/diagnose/",
  "GET /api/organizations/{organization_id}/projects/",
  "POST /api/organizations/{organization_id}/projects/",
  "GET /api/organizations/{organization_id}/projects/{id}/",
  "PATCH /api/organizations/{organization_id}/projects/{id}/",
  "PUT /api/organizations/{organization_id}/projects/{id}/",
  "DELETE /api/organizations/{organization_id}/projects/{id}/",
  "PATCH /api/organizations/{organization_id}/projects/{id}/reset_token/",
  "PATCH /api/organizations/{organization_id}/projects/{id}/add_product_intent/",
  "PATCH /api/organizations/{organization_id}/projects/{id}/complete_product_onboarding/",
  "GET /api/organizations/{organization_id}/projects/{id}/is_generating_demo_data/",
  "GET /api/organizations/{organization_id}/projects/{id}/activity/",
  "PATCH /api/organizations/{organization_id}/projects/{id}/rotate_secret_token/",
  "PATCH /api/organizations/{organization_id}/projects/{id}/delete_secret_token_backup/",
  "POST /api/organizations/{organization_id}/projects/{id}/generate_conversations_public_token/",
  "POST /api/organizations/{organization_id}/projects/{id}/change_organization/",
  "GET /api/organizations/{organization_id}/batch_exports/",
  "POST /api/organizations/{organization_id}/batch_exports/",
  "GET /api/organizations/{organization_id}/batch_exports/{id}/",
  "PATCH /api/organizations/{organization_id}/batch_exports/{id}/",
  "DELETE /api/organizations/{organization_id}/batch_exports/{id}/",
  "POST /api/organizations/{organization_id}/batch_exports/{id}/backfill/",
  "GET /api/organizations/{organization_id}/batch_exports/{id}/logs/",
  "POST /api/organizations/{organization_id}/batch_exports/{id}/pause/",
  "POST /api/organizations/{organization_id}/batch_exports/{id}/unpause/",
  "GET /api/projects/{project_id}/batch_exports/",
  "POST /api/projects/{project_id}/batch_exports/",
  "GET /api/projects/{project_id}/batch_exports/{id}/",
  "PATCH /api/projects/{project_id}/batch_exports/{id}/",
  "DELETE /api/projects/{project_id}/batch_exports/{id}/",
  "POST /api/projects/{project_id}/batch_exports/{id}/pause/",
  "POST /api/projects/{project_id}/batch_exports/{id}/unpause/",
  "GET /api/projects/{project_id}/batch_exports/{id}/logs/",
] as const;

/** Operations PostHog itself answers with a server error (docs/posthog-api/FACTS.md §1.9, §10). */
const EXPECTED_500 = new Set([
  "POST /api/organizations/{organization_id}/batch_exports/",
  "POST /api/organizations/{organization_id}/batch_exports/{id}/backfill/",
  "GET /api/organizations/{organization_id}/batch_exports/{id}/logs/",
]);

/**
 * Operations that read the body with `request.data.get(...)`: a body that is not a JSON object is an
 * AttributeError there, PostHog's unhandled 500.
 */
const CRASH_ON_NON_OBJECT_BODY = new Set([
  "POST /api/organizations/{organization_id}/projects/{id}/change_organization/",
]);

const BODY_METHODS = ["POST", "PUT", "PATCH"];

interface Fixture {
  c: Caller;
  ids: Record<string, string>;
}

/** Creates one object of every kind so each operation has something real to act on. */
async function fixture(): Promise<Fixture> {
  const c = await h.boot();
  const m = await h.member(c.orgId, 1);
  const role = (await c.api.post(`${c.org}/roles/`, { name: "R" })).body;
  const rm = (await c.api.post(`${c.org}/roles/${role.id}/role_memberships/`, { user_uuid: m.userUuid })).body;
  const invite = (await c.api.post(`${c.org}/invites/`, { target_email: "inv@example.com" })).body;
  const domain = (await c.api.post(`${c.org}/domains/`, { domain: "example.com" })).body;
  const proxy = (await c.api.post(`${c.org}/proxy_records/`, { domain: "t.example.com" })).body;
  const project = (await c.api.post(`${c.org}/projects/`, { name: "P" })).body;
  const be = (
    await c.api.post(`/api/projects/${c.projectId}/batch_exports/`, {
      name: "B",
      interval: "hour",
      destination: { type: "NoOp" },
    })
  ).body;
  return {
    c,
    ids: {
      member: m.userUuid,
      role: role.id,
      rm: rm.id,
      invite: invite.id,
      domain: domain.id,
      proxy: proxy.id,
      project: String(project.id),
      be: be.id,
    },
  };
}

/** Fills a template with fixture ids (or with unknown ids when `unknown` is set). */
function fill(op: string, f: Fixture, unknown = false): string {
  const [, template] = op.split(" ");
  const u = "00000000-0000-0000-0000-000000000000";
  const pick = (real: string, missing = u) => (unknown ? missing : real);
  let path = template
    .replace("{uuid}", "@me")
    .replace("{organization_id}", f.c.orgId)
    .replace("{project_id}", String(f.c.projectId))
    .replace("{user__uuid}", pick(f.ids.member))
    .replace("{role_id}", f.ids.role);
  if (template.startsWith("/api/organizations/{id}/")) path = path.replace("{id}", pick(f.c.orgId));
  const area =
    /(roles\/\{role_id\}\/role_memberships|invites|domains|proxy_records|projects|batch_exports|roles)\/\{id\}/.exec(
      template,
    )?.[1];
  const idFor: Record<string, string> = {
    "roles/{role_id}/role_memberships": f.ids.rm,
    invites: f.ids.invite,
    domains: f.ids.domain,
    proxy_records: f.ids.proxy,
    projects: f.ids.project,
    batch_exports: f.ids.be,
    roles: f.ids.role,
  };
  if (area) path = path.replace("{id}", pick(idFor[area], area === "projects" ? "999999" : u));
  return path;
}

/** A plausible body for each operation. */
function bodyFor(op: string): unknown {
  if (op.endsWith("/invites/bulk/")) return [{ target_email: "bulk@example.com" }];
  if (op.includes("/invites/")) return { target_email: "new@example.com" };
  if (op.includes("role_memberships")) return { user_uuid: "00000000-0000-0000-0000-000000000001" };
  if (op.includes("/domains/")) return { domain: "other.example.com" };
  if (op.includes("/proxy_records/")) return { domain: "u.example.com" };
  if (op.includes("product")) return { product_type: "surveys" };
  if (op.includes("backfill")) return { start_at: "2024-01-01T00:00:00Z", end_at: "2024-01-02T00:00:00Z" };
  if (op.includes("batch_exports")) return { name: "N", interval: "hour", destination: { type: "NoOp" } };
  return { name: "Name" };
}

describe("coverage", () => {
  it(`lists ${SEED_OPERATIONS.length} seed operations, every one routed by the emulator`, () => {
    const implemented = new Set(implementedOperations().map((o) => `${o.method} ${o.template}`));
    const missing = SEED_OPERATIONS.filter((op) => !implemented.has(op));
    expect(missing).toEqual([]);
  });

  it("serves every seed operation on its own route template with a documented status", async () => {
    for (const op of SEED_OPERATIONS) {
      const f = await fixture();
      await h.control().clearRequests();
      const [method] = op.split(" ");
      const res = await f.c.api.request(method, fill(op, f), BODY_METHODS.includes(method) ? bodyFor(op) : undefined);
      const log = await h.control().requests();
      expect({ op, route: `${log.requests[0].method} ${log.requests[0].route}` }).toEqual({ op, route: op });
      expect({ op, status: res.status }).toEqual({ op, status: EXPECTED_500.has(op) ? 500 : expect.any(Number) });
      if (!EXPECTED_500.has(op)) expect({ op, ok: res.status < 500 && res.status !== 405 }).toEqual({ op, ok: true });
      await h.control().reset();
    }
  });

  it("answers malformed JSON on every body operation with a 400 parse_error", async () => {
    const f = await fixture();
    for (const op of SEED_OPERATIONS.filter((o) => BODY_METHODS.includes(o.split(" ")[0]))) {
      const res = await f.c.api.request(op.split(" ")[0], fill(op, f), undefined, { raw: "{not json" });
      expect({ op, status: res.status, code: res.body?.code }).toEqual({ op, status: 400, code: "parse_error" });
    }
  });

  it("answers wrongly typed bodies with a 4xx envelope or a documented raw body, never a crash", async () => {
    const f = await fixture();
    for (const op of SEED_OPERATIONS.filter((o) => BODY_METHODS.includes(o.split(" ")[0]))) {
      for (const body of [
        "text",
        42,
        null,
        { name: 7, level: "high", domain: ["x"], target_email: 5, destination: "S3", user_uuid: 1 },
      ]) {
        const res = await f.c.api.request(op.split(" ")[0], fill(op, f), body);
        const crashes = CRASH_ON_NON_OBJECT_BODY.has(op) && (typeof body !== "object" || body === null);
        if (crashes) expect({ op, body, status: res.status }).toEqual({ op, body, status: 500 });
        else expect({ op, body, status: res.status < 500 || EXPECTED_500.has(op) }).toEqual({ op, body, status: true });
      }
    }
  });

  it("answers unknown ids with 404 on every detail operation", async () => {
    const f = await fixture();
    for (const op of SEED_OPERATIONS.filter((o) => /\{(id|user__uuid)\}/.test(o))) {
      const [method] = op.split(" ");
      const res = await f.c.api.request(
        method,
        fill(op, f, true),
        BODY_METHODS.includes(method) ? bodyFor(op) : undefined,
      );
      // Batch-export logs never load the export (an empty page), and backfill fails before the lookup matters.
      const expected = op.endsWith("/logs/") ? (op.startsWith("GET /api/projects") ? 200 : 500) : 404;
      expect({ op, status: res.status }).toEqual({ op, status: expected });
    }
  });

  it("answers methods a route does not map with 405", async () => {
    const f = await fixture();
    const templates = [...new Set(SEED_OPERATIONS.map((op) => op.split(" ")[1]))];
    for (const template of templates) {
      const mapped = SEED_OPERATIONS.filter((op) => op.endsWith(` ${template}`)).map((op) => op.split(" ")[0]);
      const extra = implementedOperations()
        .filter((o) => o.template === template)
        .map((o) => o.method);
      const unmapped = ["GET", "POST", "PUT", "PATCH", "DELETE"].filter(
        (m) => !mapped.includes(m) && !extra.includes(m),
      );
      for (const method of unmapped) {
        const res = await f.c.api.request(method, fill(`${method} ${template}`, f), undefined);
        expect({ template, method, status: res.status, detail: res.body?.detail }).toEqual({
          template,
          method,
          status: 405,
          detail: `Method "${method}" not allowed.`,
        });
      }
    }
  });
});
