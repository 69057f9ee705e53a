import { emulatorHarness, invalid, type Caller } from "./harness";

const h = emulatorHarness();

const projectRoute = (c: Caller) => `/api/projects/${c.projectId}/batch_exports/`;

/** One valid destination per type, with its secrets. */
const DESTINATIONS: Record<string, { config: Record<string, unknown>; secrets: string[] }> = {
  S3: {
    config: {
      bucket_name: "b",
      region: "us-east-1",
      prefix: "events/",
      aws_access_key_id: "AKIA",
      aws_secret_access_key: "secret",
      file_format: "Parquet",
      compression: "zstd",
    },
    secrets: ["aws_access_key_id", "aws_secret_access_key"],
  },
  Snowflake: {
    config: { account: "acct", user: "u", password: "p", database: "db", warehouse: "wh", schema: "s" },
    secrets: ["user", "password"],
  },
  Postgres: {
    config: { user: "u", password: "p", host: "db.example.com", database: "db", port: "6543" },
    secrets: ["user", "password"],
  },
  Redshift: {
    config: { user: "u", password: "p", host: "rs.example.com", database: "db", mode: "INSERT" },
    secrets: ["user", "password"],
  },
  BigQuery: {
    config: {
      project_id: "p",
      dataset_id: "d",
      private_key: "k",
      private_key_id: "kid",
      token_uri: "https://oauth2",
      client_email: "sa@p.iam",
    },
    secrets: ["private_key", "private_key_id", "token_uri", "client_email"],
  },
  HTTP: { config: { url: "https://us.i.posthog.com/batch/", token: "phc_x" }, secrets: ["token"] },
  NoOp: { config: {}, secrets: [] },
};

async function createS3(c: Caller, extra: Record<string, unknown> = {}) {
  const res = await c.api.post(projectRoute(c), {
    name: "S3 export",
    interval: "hour",
    destination: { type: "S3", config: DESTINATIONS.S3.config },
    ...extra,
  });
  expect(res.status).toBe(201);
  return res.body;
}

describe("batch exports (project route)", () => {
  it.each(Object.keys(DESTINATIONS))("creates a %s export and strips its secrets from every response", async (type) => {
    const c = await h.boot();
    const { config, secrets } = DESTINATIONS[type];
    const res = await c.api.post(projectRoute(c), {
      name: `${type} export`,
      interval: "day",
      destination: { type, config },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      team_id: c.projectId,
      model: "events",
      paused: false,
      interval: "day",
      timezone: "UTC",
      latest_runs: [],
    });
    for (const s of secrets) expect(res.body.destination.config).not.toHaveProperty(s);
    const again = await c.api.get(`${projectRoute(c)}${res.body.id}/`);
    for (const s of secrets) expect(again.body.destination.config).not.toHaveProperty(s);
    expect(JSON.stringify((await c.api.get(projectRoute(c))).body)).not.toMatch(/"secret"|"phc_x"/);
  });

  it("coerces string values to the config's declared types", async () => {
    const c = await h.boot();
    const res = await c.api.post(projectRoute(c), {
      name: "pg",
      interval: "hour",
      destination: { type: "Postgres", config: DESTINATIONS.Postgres.config },
    });
    expect(res.body.destination.config.port).toBe(6543);
  });

  it("requires name, interval and destination", async () => {
    const c = await h.boot();
    expect((await c.api.post(projectRoute(c), {})).body).toEqual(
      invalid("This field is required.", "name", "required"),
    );
    expect((await c.api.post(projectRoute(c), { name: "x", destination: { type: "NoOp" } })).body).toEqual(
      invalid("This field is required.", "interval", "required"),
    );
    expect(
      (await c.api.post(projectRoute(c), { name: "x", interval: "hour", destination: { config: {} } })).body,
    ).toEqual(invalid("This field is required.", "destination__type", "required"));
    expect(
      (await c.api.post(projectRoute(c), { name: "x", interval: "hour", destination: { type: "FTP" } })).body,
    ).toEqual(invalid('"FTP" is not a valid choice.', "destination__type", "invalid_choice"));
    expect(
      (await c.api.post(projectRoute(c), { name: "x", interval: "monthly", destination: { type: "NoOp" } })).body,
    ).toEqual(invalid('"monthly" is not a valid choice.', "interval", "invalid_choice"));
  });

  it("reports unknown, missing and mistyped config keys", async () => {
    const c = await h.boot();
    const post = (config: Record<string, unknown>) =>
      c.api.post(projectRoute(c), { name: "x", interval: "hour", destination: { type: "S3", config } });
    expect((await post({ ...DESTINATIONS.S3.config, colour: "blue" })).body).toEqual(
      invalid("Configuration has unknown field/s: 'colour'", "destination"),
    );
    expect((await post({ bucket_name: "b", prefix: "p" })).body).toEqual(
      invalid("Configuration missing required field: 'region'", "destination"),
    );
    expect((await post({ ...DESTINATIONS.S3.config, max_file_size_mb: "big" })).body.detail).toMatch(
      /^Configuration has invalid type: /,
    );
  });

  it("applies the type-specific rules", async () => {
    const c = await h.boot();
    const post = (type: string, config: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      c.api.post(projectRoute(c), { name: "x", interval: "hour", destination: { type, config }, ...extra });
    expect((await post("HTTP", { url: "https://evil.example.com/", token: "t" })).status).toBe(400);
    expect((await post("HTTP", DESTINATIONS.HTTP.config, { model: "persons" })).status).toBe(400);
    expect((await post("S3", { ...DESTINATIONS.S3.config, file_format: "CSV" })).status).toBe(400);
    expect(
      (
        await post("Snowflake", {
          ...DESTINATIONS.Snowflake.config,
          password: undefined,
          authentication_type: "password",
        })
      ).status,
    ).toBe(400);
    expect((await post("Redshift", { ...DESTINATIONS.Redshift.config, mode: "COPY" })).status).toBe(400);
    expect((await post("Databricks", { http_path: "p", catalog: "c", schema: "s", table_name: "t" })).status).toBe(403);
  });

  it("gates high-frequency intervals and checks offsets against the interval", async () => {
    const c = await h.boot();
    const post = (extra: Record<string, unknown>) =>
      c.api.post(projectRoute(c), { name: "x", destination: { type: "NoOp" }, ...extra });
    expect((await post({ interval: "every 5 minutes" })).body).toEqual({
      type: "authentication_error",
      code: "permission_denied",
      detail: "Higher frequency batch exports are not enabled for this team.",
      attr: null,
    });
    expect((await post({ interval: "day", offset_day: 1 })).body).toEqual(
      invalid("offset_day should not be specified for daily intervals"),
    );
    expect((await post({ interval: "week", offset_day: 7 })).body.code).toBe("max_value");
    expect((await post({ interval: "week", offset_day: 1, offset_hour: 5 })).status).toBe(201);
  });

  it("checks the HogQL query and derives its schema", async () => {
    const c = await h.boot();
    const post = (q: string) =>
      c.api.post(projectRoute(c), { name: "x", interval: "hour", destination: { type: "NoOp" }, hogql_query: q });
    expect((await post("SELECT a FROM events JOIN persons ON 1")).body.attr).toBe("hogql_query");
    const ok = await post("SELECT event AS name, timestamp FROM events");
    expect(ok.body.schema.fields.map((f: { alias: string }) => f.alias)).toEqual(["name", "timestamp"]);
  });

  it("merges a PATCHed config recursively, so keys cannot be removed by omission", async () => {
    const c = await h.boot();
    const b = await createS3(c);
    const res = await c.api.patch(`${projectRoute(c)}${b.id}/`, { destination: { config: { prefix: "new/" } } });
    expect(res.body.destination.config).toMatchObject({ bucket_name: "b", region: "us-east-1", prefix: "new/" });
    const stored = h.emulator().store.state.batchExports.find((x) => x.id === b.id)!;
    expect(stored.destination.config.aws_secret_access_key).toBe("secret");
  });

  it("soft-deletes, after which reads answer 404", async () => {
    const c = await h.boot();
    const b = await createS3(c);
    expect((await c.api.delete(`${projectRoute(c)}${b.id}/`)).status).toBe(204);
    expect((await c.api.get(`${projectRoute(c)}${b.id}/`)).status).toBe(404);
    expect((await c.api.get(projectRoute(c))).body.count).toBe(0);
    expect(h.emulator().store.state.batchExports.find((x) => x.id === b.id)?.deleted).toBe(true);
  });

  it("pauses and unpauses with raw bodies", async () => {
    const c = await h.boot();
    const b = await createS3(c);
    expect((await c.api.post(`${projectRoute(c)}${b.id}/pause/`)).body).toEqual({ paused: true });
    const paused = (await c.api.get(`${projectRoute(c)}${b.id}/`)).body;
    expect(paused.paused).toBe(true);
    expect(paused.last_paused_at).not.toBeNull();
    expect((await c.api.post(`${projectRoute(c)}${b.id}/pause/`)).body).toEqual({ paused: true });
    expect((await c.api.post(`${projectRoute(c)}${b.id}/unpause/`, { backfill: true })).body).toEqual({
      paused: false,
    });
  });

  it("serves logs newest first with a 1-500 limit", async () => {
    const c = await h.boot();
    const b = await createS3(c);
    await c.api.post(`${projectRoute(c)}${b.id}/pause/`);
    const logs = await c.api.get(`${projectRoute(c)}${b.id}/logs/`);
    expect(logs.body.results.map((l: { message: string }) => l.message)).toEqual([
      "Batch export paused",
      "Batch export created",
    ]);
    expect((await c.api.get(`${projectRoute(c)}${b.id}/logs/?level=error`)).body.count).toBe(0);
    expect((await c.api.get(`${projectRoute(c)}${b.id}/logs/?limit=501`)).body).toEqual(
      invalid("Ensure this value is less than or equal to 500.", "limit", "max_value"),
    );
  });

  it("refuses another organization's project and answers 404 for an unknown one", async () => {
    const a = await h.boot();
    const b = await h.boot();
    expect((await b.api.get(projectRoute(a))).status).toBe(403);
    expect((await b.api.get("/api/projects/999999/batch_exports/")).status).toBe(404);
  });
});

describe("batch export backfills (project route)", () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const backfills = (c: Caller, id: string) => `${projectRoute(c)}${id}/backfills/`;
  async function createExport(c: Caller, extra: Record<string, unknown> = {}) {
    const res = await c.api.post(projectRoute(c), {
      name: "noop",
      interval: "day",
      destination: { type: "NoOp" },
      ...extra,
    });
    expect(res.status).toBe(201);
    return res.body as { id: string };
  }
  async function logMessages(c: Caller, id: string): Promise<string[]> {
    return (await c.api.get(`${projectRoute(c)}${id}/logs/`)).body.results.map((l: { message: string }) => l.message);
  }
  /** The UTC date `days` after the emulator's now, as YYYY-MM-DD. */
  async function dateFromNow(days: number): Promise<string> {
    const now = Date.parse((await h.control().clock()).now);
    return new Date(now + days * 86_400_000).toISOString().slice(0, 10);
  }

  it("starts a backfill of a daily export from ISO dates and answers 201 with its id", async () => {
    const c = await h.boot();
    const b = await createExport(c);
    const res = await c.api.post(backfills(c, b.id), { start_at: "2026-01-01", end_at: "2026-01-03" });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ backfill_id: expect.stringMatching(UUID) });
    expect(await logMessages(c, b.id)).toContain(
      `Backfill ${res.body.backfill_id} started from 2026-01-01T00:00:00.000Z to 2026-01-03T00:00:00.000Z`,
    );
  });

  it("reads a daily export's dates at its offset hour in its time zone", async () => {
    const c = await h.boot();
    const b = await createExport(c, { timezone: "Europe/Berlin", offset_hour: 3 });
    const res = await c.api.post(backfills(c, b.id), { start_at: "2026-01-01", end_at: "2026-07-01" });
    expect(res.status).toBe(201);
    // 03:00 in Berlin is 02:00 UTC in winter (CET) and 01:00 UTC in summer (CEST).
    expect(await logMessages(c, b.id)).toContain(
      `Backfill ${res.body.backfill_id} started from 2026-01-01T02:00:00.000Z to 2026-07-01T01:00:00.000Z`,
    );
  });

  it("takes aware datetimes for an hourly export and refuses naive ones", async () => {
    const c = await h.boot();
    const b = await createExport(c, { interval: "hour" });
    expect(
      (await c.api.post(backfills(c, b.id), { start_at: "2026-01-01T00:00:00Z", end_at: "2026-01-01T06:00:00+01:00" }))
        .status,
    ).toBe(201);
    expect(
      (await c.api.post(backfills(c, b.id), { start_at: "2026-01-01T00:00:00", end_at: "2026-01-02T00:00:00Z" })).body,
    ).toEqual(invalid("Input 2026-01-01T00:00:00 is naive."));
    expect(
      (await c.api.post(backfills(c, b.id), { start_at: "2026-01-01", end_at: "2026-01-02T00:00:00Z" })).body,
    ).toEqual(invalid("Input 2026-01-01 is naive."));
    expect((await c.api.post(backfills(c, b.id), { start_at: "yesterday" })).body).toEqual(
      invalid("Input yesterday is not a valid ISO formatted datetime."),
    );
    expect((await c.api.post(backfills(c, b.id), { start_at: "2026-01-01T25:00:00Z" })).body).toEqual(
      invalid("Input 2026-01-01T25:00:00Z is not a valid ISO formatted datetime."),
    );
  });

  it("takes only calendar dates for a daily export", async () => {
    const c = await h.boot();
    const b = await createExport(c);
    expect(
      (await c.api.post(backfills(c, b.id), { start_at: "2026-01-01T00:00:00Z", end_at: "2026-01-03" })).body,
    ).toEqual(invalid("Input 2026-01-01T00:00:00Z is not a valid ISO formatted date."));
    expect((await c.api.post(backfills(c, b.id), { start_at: "2026-02-01", end_at: "2026-02-30" })).body).toEqual(
      invalid("Input 2026-02-30 is not a valid ISO formatted date."),
    );
  });

  it("refuses a weekly export's date that is not on its offset day", async () => {
    const c = await h.boot();
    const b = await createExport(c, { interval: "week", offset_day: 1 });
    expect((await c.api.post(backfills(c, b.id), { start_at: "2026-01-05", end_at: "2026-01-12" })).status).toBe(201);
    expect((await c.api.post(backfills(c, b.id), { start_at: "2026-01-05", end_at: "2026-01-13" })).body).toEqual(
      invalid(
        "Input 2026-01-13 is not on the correct day of the week for this batch export. 2026-01-13 is a Tuesday but this batch export is configured to run weekly on Monday.",
      ),
    );
  });

  it("refuses a start at or after the end with PostHog's message", async () => {
    const c = await h.boot();
    const b = await createExport(c);
    const refusal = invalid("The initial backfill datetime 'start_at' must be before 'end_at'");
    expect((await c.api.post(backfills(c, b.id), { start_at: "2026-01-03", end_at: "2026-01-01" })).body).toEqual(
      refusal,
    );
    expect((await c.api.post(backfills(c, b.id), { start_at: "2026-01-03", end_at: "2026-01-03" })).body).toEqual(
      refusal,
    );
  });

  it("refuses an end in the future by the emulator's clock, and accepts it once the clock has passed it", async () => {
    const c = await h.boot();
    const b = await createExport(c);
    const body = { start_at: await dateFromNow(-3), end_at: await dateFromNow(1) };
    const early = await c.api.post(backfills(c, b.id), body);
    expect(early.status).toBe(400);
    expect(early.body.detail).toBe(`The provided 'end_at' (${body.end_at}T00:00:00.000Z) is in the future`);
    await h.control().advanceClock(2 * 86_400);
    expect((await c.api.post(backfills(c, b.id), body)).status).toBe(201);
  });

  it("accepts an open start or end", async () => {
    const c = await h.boot();
    const b = await createExport(c);
    expect((await c.api.post(backfills(c, b.id), { end_at: "2026-01-03" })).status).toBe(201);
    expect((await c.api.post(backfills(c, b.id), { start_at: "2026-01-01", end_at: null })).status).toBe(201);
  });

  it("answers 404 for an unknown, a deleted or another project's export", async () => {
    const c = await h.boot();
    const notFound = { type: "invalid_request", code: "not_found", detail: "BatchExport not found.", attr: null };
    const body = { start_at: "2026-01-01", end_at: "2026-01-03" };
    expect((await c.api.post(backfills(c, "00000000-0000-0000-0000-000000000000"), body)).body).toEqual(notFound);
    const deleted = await createExport(c);
    await c.api.delete(`${projectRoute(c)}${deleted.id}/`);
    expect((await c.api.post(backfills(c, deleted.id), body)).body).toEqual(notFound);
    const other = (await c.api.post(`${c.org}/projects/`, { name: "Two" })).body;
    const elsewhere = (
      await c.api.post(`/api/projects/${other.id}/batch_exports/`, {
        name: "noop",
        interval: "day",
        destination: { type: "NoOp" },
      })
    ).body;
    const res = await c.api.post(backfills(c, elsewhere.id), body);
    expect(res.status).toBe(404);
  });

  it("needs the batch_export:write scope", async () => {
    const c = await h.boot();
    const b = await createExport(c);
    const body = { start_at: "2026-01-01", end_at: "2026-01-03" };
    const reader = await h.member(c.orgId, 8, ["batch_export:read"]);
    expect((await reader.api.post(backfills(reader, b.id), body)).body).toEqual({
      type: "authentication_error",
      code: "permission_denied",
      detail: "API key missing required scope 'batch_export:write'",
      attr: null,
    });
    const writer = await h.member(c.orgId, 8, ["batch_export:write"]);
    expect((await writer.api.post(backfills(writer, b.id), body)).status).toBe(201);
  });
});

describe("batch exports (organization route)", () => {
  it("lists every project's exports, retrieves and updates them", async () => {
    const c = await h.boot();
    const b = await createS3(c);
    const other = (await c.api.post(`${c.org}/projects/`, { name: "Two" })).body;
    await c.api.post(`/api/projects/${other.id}/batch_exports/`, {
      name: "noop",
      interval: "hour",
      destination: { type: "NoOp" },
    });
    expect((await c.api.get(`${c.org}/batch_exports/`)).body.count).toBe(2);
    expect((await c.api.get(`${c.org}/batch_exports/${b.id}/`)).body.name).toBe("S3 export");
    expect(
      (await c.api.patch(`${c.org}/batch_exports/${b.id}/`, { name: "Renamed", paused: true })).body,
    ).toMatchObject({ name: "Renamed", paused: true });
    expect((await c.api.post(`${c.org}/batch_exports/${b.id}/unpause/`)).body).toEqual({ paused: false });
    expect((await c.api.delete(`${c.org}/batch_exports/${b.id}/`)).status).toBe(204);
  });

  it("fails to create, backfill or read logs without a team in the URL (500)", async () => {
    const c = await h.boot();
    const b = await createS3(c);
    expect(
      (await c.api.post(`${c.org}/batch_exports/`, { name: "x", interval: "hour", destination: { type: "NoOp" } }))
        .status,
    ).toBe(500);
    expect(
      (
        await c.api.post(`${c.org}/batch_exports/${b.id}/backfill/`, {
          start_at: "2024-01-01T00:00:00Z",
          end_at: "2024-01-02T00:00:00Z",
        })
      ).status,
    ).toBe(500);
    expect((await c.api.get(`${c.org}/batch_exports/${b.id}/logs/`)).status).toBe(500);
  });

  it("validates backfill bounds before failing", async () => {
    const c = await h.boot();
    const b = await createS3(c);
    const path = `${c.org}/batch_exports/${b.id}/backfill/`;
    expect((await c.api.post(path, { start_at: "2024-01-02T00:00:00Z", end_at: "2024-01-01T00:00:00Z" })).body).toEqual(
      invalid("The initial backfill datetime 'start_at' must be before 'end_at'"),
    );
    expect((await c.api.post(path, { start_at: "2024-01-01T00:00:00" })).body.detail).toBe(
      "Input 2024-01-01T00:00:00 is naive.",
    );
    expect((await c.api.post(path, { end_at: "2999-01-01T00:00:00Z" })).status).toBe(400);
  });
});
