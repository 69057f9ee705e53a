import { NotFoundError, PermissionDeniedError, ValidationError } from "../../provider/client";
import { MISSING_UUID, contract, throttledOnce, thrown } from "./helpers";

const s3 = {
  bucket_name: "exports",
  region: "eu-central-1",
  prefix: "posthog/",
  aws_access_key_id: "AKIAEXAMPLE",
  aws_secret_access_key: "s3cr3t",
};

describe("batch exports (contract)", () => {
  const t = contract();

  it("creates with only the required params through the project route and lists through the organization", async () => {
    const { client, org, project, control } = t();
    const b = await client.batchExports.create(org, project, {
      name: "noop",
      destination: { type: "NoOp", config: {} },
      interval: "hour",
    });
    expect(b).toMatchObject({ name: "noop", team_id: project, interval: "hour", paused: false, model: "events" });
    await expect(client.batchExports.listAll(org)).resolves.toEqual([expect.objectContaining({ id: b.id })]);
    const counts = (await control.requests()).counts;
    expect(counts["POST /api/projects/{project_id}/batch_exports/"]).toBe(1);
    expect(counts["GET /api/organizations/{organization_id}/batch_exports/"]).toBe(1);
  });

  it("creates with all params; credentials are write-only and a PATCH merges the config", async () => {
    const { client, org, project } = t();
    const b = await client.batchExports.create(org, project, {
      name: "s3 daily",
      destination: { type: "S3", config: s3 },
      interval: "day",
      model: "persons",
      paused: true,
      timezone: "Europe/Berlin",
      offset_hour: 3,
      start_at: "2030-01-01T00:00:00Z",
      end_at: null,
    });
    expect(b.destination.config).toEqual({ bucket_name: "exports", region: "eu-central-1", prefix: "posthog/" });
    expect(b).toMatchObject({ model: "persons", paused: true, timezone: "Europe/Berlin", offset_hour: 3 });
    const updated = await client.batchExports.update(org, project, b.id, {
      name: "s3 daily v2",
      destination: { config: { prefix: "v2/" } },
    });
    expect(updated.destination.config).toMatchObject({ bucket_name: "exports", prefix: "v2/" });
    await expect(client.batchExports.retrieve(org, b.id)).resolves.toMatchObject({ name: "s3 daily v2" });
  });

  it("pauses, unpauses, reads logs and deletes", async () => {
    const { client, org, project } = t();
    const b = await client.batchExports.create(org, project, {
      name: "noop",
      destination: { type: "NoOp", config: {} },
      interval: "hour",
    });
    await expect(client.batchExports.pause(org, project, b.id)).resolves.toEqual({ paused: true });
    await expect(client.batchExports.retrieve(org, b.id)).resolves.toMatchObject({ paused: true });
    await expect(client.batchExports.listAll(org)).resolves.toEqual([expect.objectContaining({ paused: true })]);
    await expect(client.batchExports.unpause(org, project, b.id)).resolves.toEqual({ paused: false });
    await expect(client.batchExports.listAll(org)).resolves.toEqual([expect.objectContaining({ paused: false })]);
    const logs = await client.batchExports.logs(org, project, b.id, { limit: 10 });
    expect(logs.length).toBeGreaterThan(0);
    expect(logs[0]).toMatchObject({ level: expect.any(String), message: expect.any(String) });
    await client.batchExports.delete(org, project, b.id);
    expect(NotFoundError.isInstance(await thrown(client.batchExports.retrieve(org, b.id)))).toBe(true);
    await expect(client.batchExports.listAll(org)).resolves.toEqual([]);
  });

  it("starts a backfill through the project route's newest backfills endpoint", async () => {
    const { client, org, project, control } = t();
    const b = await client.batchExports.create(org, project, {
      name: "noop",
      destination: { type: "NoOp", config: {} },
      interval: "day",
    });
    const started = await client.batchExports.backfill(org, project, b.id, {
      start_at: "2026-01-01",
      end_at: "2026-01-03",
    });
    expect(started.backfill_id).toMatch(/^[0-9a-f-]{36}$/);
    const counts = (await control.requests()).counts;
    expect(counts["POST /api/projects/{project_id}/batch_exports/{id}/backfills/"]).toBe(1);
    expect(counts["POST /api/projects/{project_id}/batch_exports/{id}/backfill/"]).toBeUndefined();
  });

  it("reports a refused backfill with PostHog's message", async () => {
    const { client, org, project } = t();
    const b = await client.batchExports.create(org, project, {
      name: "noop",
      destination: { type: "NoOp", config: {} },
      interval: "day",
    });
    const error = await thrown(
      client.batchExports.backfill(org, project, b.id, { start_at: "2026-01-03", end_at: "2026-01-01" }),
    );
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).detail).toBe("The initial backfill datetime 'start_at' must be before 'end_at'");
  });

  it("reports destination validation on the field", async () => {
    const { client, org, project } = t();
    const error = await thrown(
      client.batchExports.create(org, project, {
        name: "bad",
        destination: { type: "S3", config: { bucket_name: "b" } },
        interval: "hour",
      }),
    );
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).detail).toMatch(/^Configuration missing required field: '/);
  });

  it("refuses logs to scoped keys", async () => {
    const { client, clientFor, control, boot, org, project } = t();
    const b = await client.batchExports.create(org, project, {
      name: "noop",
      destination: { type: "NoOp", config: {} },
      interval: "hour",
    });
    const key = await control.createApiKey({ user_uuid: boot.user.uuid, scopes: ["batch_export:write"] });
    expect(PermissionDeniedError.isInstance(await thrown(clientFor(key).batchExports.logs(org, project, b.id)))).toBe(
      true,
    );
  });

  it("answers 404 for an unknown export and an unknown project", async () => {
    const { client, org } = t();
    expect(NotFoundError.isInstance(await thrown(client.batchExports.retrieve(org, MISSING_UUID)))).toBe(true);
    expect(
      NotFoundError.isInstance(
        await thrown(
          client.batchExports.create(org, 999999, { name: "x", destination: { type: "NoOp" }, interval: "hour" }),
        ),
      ),
    ).toBe(true);
  });

  it("retries a throttled create", async () => {
    const c = t();
    await throttledOnce(c, "POST", "/batch_exports/$", () =>
      c.client.batchExports.create(c.org, c.project, {
        name: "t",
        destination: { type: "NoOp", config: {} },
        interval: "hour",
      }),
    );
    expect((await c.control.state()).batchExports).toHaveLength(1);
  });
});
