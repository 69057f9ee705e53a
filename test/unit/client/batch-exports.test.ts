import { ORG, json, mockApi, page } from "./helpers";

const org = `/api/organizations/${ORG}/batch_exports/`;
const proj = "/api/projects/7/batch_exports/";
const exportBody = (id: string) => ({
  id,
  team_id: 7,
  name: "x",
  destination: { type: "NoOp", config: {} },
  interval: "hour",
  paused: false,
});

describe("BatchExports", () => {
  it("writes through the project route and reads through the organization route", async () => {
    const api = mockApi();
    api.pool.intercept({ path: proj, method: "POST" }).reply(201, exportBody("b1"), json);
    api.pool.intercept({ path: `${org}b1/`, method: "GET" }).reply(200, exportBody("b1"), json);
    api.pool.intercept({ path: `${proj}b1/`, method: "PATCH" }).reply(200, exportBody("b1"), json);
    api.pool.intercept({ path: org, method: "GET" }).reply(200, page([exportBody("b1")]), json);
    api.pool.intercept({ path: `${proj}b1/pause/`, method: "POST" }).reply(200, { paused: true }, json);
    api.pool
      .intercept({ path: `${proj}b1/unpause/`, method: "POST", body: '{"backfill":false}' })
      .reply(200, { paused: false }, json);
    api.pool
      .intercept({ path: `${proj}b1/logs/?limit=5&level=ERROR`, method: "GET" })
      .reply(200, page([{ timestamp: "t", level: "ERROR", message: "m" }]), json);
    api.pool.intercept({ path: `${proj}b1/`, method: "DELETE" }).reply(204, "");
    const c = api.client.batchExports;
    await c.create(ORG, 7, { name: "x", destination: { type: "NoOp", config: {} }, interval: "hour" });
    await c.retrieve(ORG, "b1");
    await c.update(ORG, 7, "b1", { name: "x" });
    await expect(c.listAll(ORG)).resolves.toHaveLength(1);
    await expect(c.pause(ORG, 7, "b1")).resolves.toEqual({ paused: true });
    await expect(c.unpause(ORG, 7, "b1", { backfill: false })).resolves.toEqual({ paused: false });
    await expect(c.logs(ORG, 7, "b1", { limit: 5, level: "ERROR" })).resolves.toEqual([
      { timestamp: "t", level: "ERROR", message: "m" },
    ]);
    await c.delete(ORG, 7, "b1");
    await api.finish();
  });

  it("backfills through …/backfills/ and falls back to the older …/backfill/ action when the route is missing", async () => {
    const api = mockApi();
    api.pool.intercept({ path: `${proj}b1/backfills/`, method: "POST" }).reply(404, "<h1>Not Found</h1>");
    api.pool
      .intercept({
        path: `${proj}b1/backfill/`,
        method: "POST",
        body: '{"start_at":"2026-01-01","end_at":"2026-01-02"}',
      })
      .reply(200, { backfill_id: "b1-Backfill-x" }, json);
    await expect(
      api.client.batchExports.backfill(ORG, 7, "b1", { start_at: "2026-01-01", end_at: "2026-01-02" }),
    ).resolves.toMatchObject({ backfill_id: "b1-Backfill-x" });
    await api.finish();
  });

  it("does not fall back when the export itself is missing (PostHog's 404 envelope)", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: `${proj}b1/backfills/`, method: "POST" })
      .reply(404, { type: "invalid_request", code: "not_found", detail: "Not found." }, json);
    await expect(api.client.batchExports.backfill(ORG, 7, "b1", {})).rejects.toThrow(/404 invalid_request\/not_found/);
    await api.finish();
  });
});
