import { emulatorHarness } from "./harness";

const h = emulatorHarness();

const envelope = (type: string, code: string, detail: string, attr: string | null = null) => ({
  type,
  code,
  detail,
  attr,
});

describe("authentication", () => {
  it("answers 401 not_authenticated with WWW-Authenticate: Bearer when no key is sent", async () => {
    const c = await h.boot();
    const res = await c.api.get("/api/organizations/", { noAuth: true });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(
      envelope("authentication_error", "not_authenticated", "Authentication credentials were not provided."),
    );
    expect(res.headers.get("www-authenticate")).toBe("Bearer");
  });

  it("names the Authorization header when a Bearer key is unknown", async () => {
    const res = await h.api("phx_unknown").get("/api/organizations/");
    expect(res.status).toBe(401);
    expect(res.body).toEqual(
      envelope(
        "authentication_error",
        "authentication_failed",
        "Personal API key found in request Authorization header is invalid.",
      ),
    );
    expect(res.headers.get("www-authenticate")).toBe("Bearer");
  });

  it("accepts a key in the JSON body and names the body when it is unknown", async () => {
    const c = await h.boot();
    const ok = await c.api.post("/api/organizations/", { name: "Body Key", personal_api_key: c.key }, { noAuth: true });
    expect(ok.status).toBe(201);
    const bad = await c.api.post(
      "/api/organizations/",
      { name: "Body Key", personal_api_key: "phx_nope" },
      { noAuth: true },
    );
    expect(bad.body).toEqual(
      envelope("authentication_error", "authentication_failed", "Personal API key found in request body is invalid."),
    );
  });

  it("accepts a key in the query string and names the query string when it is unknown", async () => {
    const c = await h.boot();
    expect((await c.api.get(`/api/organizations/?personal_api_key=${c.key}`, { noAuth: true })).status).toBe(200);
    const bad = await c.api.get("/api/organizations/?personal_api_key=phx_nope", { noAuth: true });
    expect(bad.body.detail).toBe("Personal API key found in request query string is invalid.");
  });

  it("prefers the Authorization header over a body key", async () => {
    const c = await h.boot();
    const res = await c.api.post("/api/organizations/", { name: "Header Wins", personal_api_key: "phx_nope" });
    expect(res.status).toBe(201);
  });

  it("refuses the key of a deactivated user as invalid", async () => {
    const c = await h.boot();
    await h.control().patchObject("user", c.userUuid, { is_active: false });
    expect((await c.api.get("/api/organizations/")).status).toBe(401);
  });

  it("ignores an Authorization header that is not a Bearer token", async () => {
    const c = await h.boot();
    const res = await c.api.get("/api/organizations/", { noAuth: true, headers: { Authorization: `Token ${c.key}` } });
    expect(res.body.code).toBe("not_authenticated");
  });
});

describe("request handling", () => {
  it("answers malformed JSON with a 400 parse_error envelope", async () => {
    const c = await h.boot();
    const res = await c.api.post(`${c.org}/roles/`, undefined, { raw: '{"name": ' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: "invalid_request", code: "parse_error", attr: null });
    expect(res.body.detail).toMatch(/^JSON parse error - Expecting value: line 1 column \d+ \(char \d+\)$/);
  });

  it("answers an unsupported Content-Type with 415", async () => {
    const c = await h.boot();
    const res = await c.api.post(`${c.org}/roles/`, undefined, {
      raw: "name=x",
      headers: { "Content-Type": "text/plain" },
    });
    expect(res.status).toBe(415);
    expect(res.body).toEqual(
      envelope("invalid_request", "unsupported_media_type", 'Unsupported media type "text/plain" in request.'),
    );
  });

  it("accepts form-encoded bodies like DRF's FormParser", async () => {
    const c = await h.boot();
    const res = await c.api.post(`${c.org}/roles/`, undefined, {
      raw: "name=Form+Role",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe("Form Role");
  });

  it("treats a body without Content-Type as empty, so required fields are missing", async () => {
    const c = await h.boot();
    const res = await fetch(`${h.emulator().url}${c.org}/roles/`, {
      method: "POST",
      headers: { Authorization: `Bearer ${c.key}` },
      body: Buffer.from('{"name":"x"}'),
    });
    expect(await res.json()).toEqual(envelope("validation_error", "required", "This field is required.", "name"));
  });

  it("answers an unknown route with a 404 envelope before checking credentials", async () => {
    const c = await h.boot();
    const res = await c.api.get("/api/organizations/not/a/route/", { noAuth: true });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(envelope("invalid_request", "not_found", "Not found."));
  });

  it("answers a method the route does not map with 405 and DRF's message", async () => {
    const c = await h.boot();
    const res = await c.api.request("PATCH", "/api/organizations/");
    expect(res.status).toBe(405);
    expect(res.body).toEqual(envelope("invalid_request", "method_not_allowed", 'Method "PATCH" not allowed.'));
  });

  it("checks credentials before answering 405", async () => {
    const c = await h.boot();
    expect((await c.api.request("PATCH", "/api/organizations/", undefined, { noAuth: true })).status).toBe(401);
  });

  it("matches every route with or without the trailing slash and never redirects", async () => {
    const c = await h.boot();
    const a = await c.api.get(`${c.org}/roles`);
    const b = await c.api.get(`${c.org}/roles/`);
    expect([a.status, b.status]).toEqual([200, 200]);
  });

  it("answers a JSON array where an object is expected with DRF's non-field message", async () => {
    const c = await h.boot();
    const res = await c.api.post(`${c.org}/roles/`, [{ name: "x" }]);
    expect(res.body).toEqual(
      envelope("validation_error", "invalid_input", "Invalid data. Expected a dictionary, but got list."),
    );
  });

  it("identifies the caller at /api/users/@me/ with the current organization and all memberships", async () => {
    const c = await h.boot({ org_name: "First" });
    await c.api.post("/api/organizations/", { name: "Second" });
    const me = await c.api.get("/api/users/@me/");
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ uuid: c.userUuid, email: c.email, id: c.userId });
    expect(typeof me.body.distinct_id).toBe("string");
    expect(me.body.organization.name).toBe("Second");
    expect(
      me.body.organizations.map((o: { name: string; membership_level: number }) => [o.name, o.membership_level]).sort(),
    ).toEqual([
      ["First", 15],
      ["Second", 15],
    ]);
  });

  it("answers 404 for another user's uuid under /api/users/", async () => {
    const c = await h.boot();
    const other = await h.boot();
    expect((await c.api.get(`/api/users/${other.userUuid}/`)).status).toBe(404);
    expect((await c.api.get(`/api/users/${c.userUuid}/`)).status).toBe(200);
  });
});
