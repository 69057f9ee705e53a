import { ORG, json, mockApi } from "./helpers";

const base = `/api/organizations/${ORG}/projects/`;
const project = (id: number, name: string) => ({ id, name, organization: ORG, api_token: "phc_x" });

describe("Projects", () => {
  it("takes integer ids as numbers or strings and always updates with PATCH", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: `${base}42/`, method: "GET" })
      .reply(200, project(42, "a"), json)
      .times(2);
    api.pool
      .intercept({ path: `${base}42/`, method: "PATCH", body: '{"name":"b"}' })
      .reply(200, project(42, "b"), json);
    await api.client.projects.retrieve(ORG, 42);
    await api.client.projects.retrieve(ORG, "42");
    await expect(api.client.projects.update(ORG, 42, { name: "b" })).resolves.toMatchObject({ name: "b" });
    await api.finish();
  });

  it("calls the project actions on their routes", async () => {
    const api = mockApi();
    api.pool.intercept({ path: `${base}42/reset_token/`, method: "PATCH" }).reply(200, project(42, "a"), json);
    api.pool
      .intercept({ path: `${base}42/add_product_intent/`, method: "PATCH", body: '{"product_type":"surveys"}' })
      .reply(201, project(42, "a"), json);
    api.pool
      .intercept({
        path: `${base}42/complete_product_onboarding/`,
        method: "PATCH",
        body: '{"product_type":"surveys"}',
      })
      .reply(200, project(42, "a"), json);
    api.pool
      .intercept({ path: `${base}42/is_generating_demo_data/`, method: "GET" })
      .reply(200, { is_generating_demo_data: true }, json);
    api.pool
      .intercept({ path: `${base}42/activity/?limit=5&page=2`, method: "GET" })
      .reply(200, { results: [], next: null }, json);
    await api.client.projects.resetToken(ORG, 42);
    await api.client.projects.addProductIntent(ORG, 42, { product_type: "surveys" });
    await api.client.projects.completeProductOnboarding(ORG, 42, { product_type: "surveys" });
    await expect(api.client.projects.isGeneratingDemoData(ORG, 42)).resolves.toBe(true);
    await expect(api.client.projects.activity(ORG, 42, { limit: 5, page: 2 })).resolves.toMatchObject({
      results: [],
      next: null,
    });
    await api.finish();
  });

  it("never repeats a token reset whose outcome is unknown", async () => {
    const api = mockApi();
    api.pool.intercept({ path: `${base}42/reset_token/`, method: "PATCH" }).reply(500, "");
    await expect(api.client.projects.resetToken(ORG, 42)).rejects.toThrow(/may or may not have been applied/);
    expect(api.calls()).toHaveLength(1);
    await api.finish();
  });

  it("repeats product-intent calls, which are safe to repeat", async () => {
    const api = mockApi();
    api.pool.intercept({ path: `${base}42/add_product_intent/`, method: "PATCH" }).reply(503, "");
    api.pool.intercept({ path: `${base}42/add_product_intent/`, method: "PATCH" }).reply(201, project(42, "a"), json);
    await api.client.projects.addProductIntent(ORG, 42, { product_type: "surveys" });
    await api.finish();
  });
});
