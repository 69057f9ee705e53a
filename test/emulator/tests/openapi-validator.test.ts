import { OpenApiValidator } from "../openapi/openapi-validator";

const v = new OpenApiValidator();
const org = "/api/organizations/0b0e9a3c-0000-4000-8000-000000000000";

describe("OpenAPI validator", () => {
  it("maps request paths onto the extract's templates, including the project batch-export route", () => {
    expect(v.specPath(`${org}/roles/abc`)).toBe("/api/organizations/{organization_id}/roles/{id}/");
    expect(v.specPath(`${org}/invites/bulk/`)).toBe("/api/organizations/{organization_id}/invites/bulk/");
    expect(v.specPath("/api/projects/7/batch_exports/x/pause/")).toBe(
      "/api/organizations/{organization_id}/batch_exports/{id}/pause/",
    );
    expect(v.specPath("/api/users/@me/")).toBeUndefined();
  });

  it("rejects a response that breaks the documented shape", () => {
    const fn = v.validatorFor("POST", `${org}/roles/`, 201)!;
    const good = {
      id: "0b0e9a3c-0000-4000-8000-000000000001",
      name: "R",
      created_at: "2024-01-01T00:00:00Z",
      created_by: null,
      members: [],
      is_default: false,
    };
    expect(fn(good)).toBe(true);
    expect(fn({ ...good, id: "not-a-uuid" })).toBe(false);
    expect(fn({ ...good, name: undefined })).toBe(false);
    expect(fn({ ...good, created_at: "yesterday" })).toBe(false);
  });

  it("checks nullable fields and does not require write-only ones in responses", () => {
    const fn = v.validatorFor("GET", `${org}/roles/r/role_memberships/m/`, 200)!;
    expect(fn.schema).toBeDefined();
    const member = {
      id: "0b0e9a3c-0000-4000-8000-000000000002",
      user: { id: 1, uuid: "0b0e9a3c-0000-4000-8000-000000000003", email: "a@b.co", first_name: "" },
      level: 1,
      joined_at: "2024-01-01T00:00:00Z",
      updated_at: "2024-01-01T00:00:00Z",
      is_2fa_enabled: false,
      has_social_auth: false,
      last_login: "2024-01-01T00:00:00Z",
    };
    const rm = {
      id: member.id,
      role_id: member.id,
      organization_member: member,
      user: member.user,
      joined_at: member.joined_at,
      updated_at: member.updated_at,
    };
    expect(fn(rm)).toBe(true);
    expect(fn({ ...rm, organization_member: { ...member, level: 5 } })).toBe(false);
  });

  it("uses the documented exception for the unpaginated proxy list", () => {
    const fn = v.validatorFor("GET", `${org}/proxy_records/`, 200)!;
    expect(fn({ results: [], max_proxy_records: 2 })).toBe(true);
    expect(fn({ count: 0, next: null, previous: null, results: [] })).toBe(false);
  });

  it("accepts the error envelope and the documented raw error bodies only", () => {
    const fn = v.errorValidator();
    expect(fn({ type: "validation_error", code: "required", detail: "This field is required.", attr: "name" })).toBe(
      true,
    );
    expect(fn({ detail: "Maximum of 2 proxy records per organization." })).toBe(true);
    expect(fn({ error: "product_type is required" })).toBe(true);
    expect(fn({ message: "nope" })).toBe(false);
  });
});
