import { path, routeTemplate } from "../../../provider/client/path";

describe("path", () => {
  it("encodes every value as one segment", () => {
    expect(path`/api/organizations/${"a/b c"}/roles/${"x?y#z"}/`).toBe("/api/organizations/a%2Fb%20c/roles/x%3Fy%23z/");
  });

  it("keeps the @ aliases readable and accepts integer ids", () => {
    expect(path`/api/organizations/${"@current"}/projects/${42}/`).toBe("/api/organizations/@current/projects/42/");
  });

  it.each([[""], ["."], [".."], [Number.NaN], [1.5], [undefined as unknown as string]])(
    "refuses %p, naming the route",
    (value) => {
      expect(() => path`/api/organizations/${value}/roles/`).toThrow(
        /path \/api\/organizations\/\{\}\/roles\/: parameter 1 must be a non-empty id/,
      );
    },
  );
});

describe("routeTemplate", () => {
  it.each([
    ["/api/organizations/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/roles/", "/api/organizations/{id}/roles/"],
    ["/api/organizations/@current/projects/12/reset_token/", "/api/organizations/{id}/projects/{id}/reset_token/"],
    ["/api/users/@me/", "/api/users/{id}/"],
    [
      "/api/organizations/0190a1b2c3d47e5f8a9b0c1d2e3f4a5b/members/?limit=100&offset=100",
      "/api/organizations/{id}/members/",
    ],
  ])("%s -> %s", (concrete, template) => {
    expect(routeTemplate(concrete)).toBe(template);
  });
});
