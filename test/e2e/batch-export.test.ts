import { changes, previewRefusal, useStack } from "../helpers/e2e";

// The credentials test/e2e/programs/batch-export sends; PostHog never returns them.
const ACCESS_KEY_ID = "AKIAE2EBATCHEXPORT01";
const SECRET_ACCESS_KEY = "e2e-batch-export-secret-access-key";

// BatchExport through the real pulumi CLI against the emulator: a bad destination refused at
// preview, an S3 export created through the project route with write-only credentials kept secret
// and causing no diff, a rename in place, pausing through the pause action, drift restored, an
// export deleted outside the program, destroy.
describe("BatchExport lifecycle through the real pulumi CLI", () => {
  const e2e = useStack("test/e2e/programs/batch-export", "E2E Batch Exports");
  const live = async () => (await e2e().emulator.control.state()).batchExports.filter((b: any) => !b.deleted);
  const requests = async () => (await e2e().emulator.control.requests()).requests.map((r) => `${r.method} ${r.path}`);

  it("refuses an S3 destination without bucketName at preview, naming destination.config.bucketName, sending nothing", async () => {
    const { stack, boot } = e2e();
    const { output, requests: sent } = await previewRefusal(e2e(), {
      projectId: String(boot.project.id),
      case: "missing bucket",
    });
    expect(output).toMatch(
      /destination\.config\.bucketName is required for S3 destinations and must be a string: the bucket to write to/,
    );
    expect(sent).toEqual([]);
    await stack.removeConfig("case");
  });

  it("creates the export through the project route, credentials secret in state and no diff after", async () => {
    const { stack, emulator, boot } = e2e();
    await emulator.control.clearRequests();
    const result = await stack.up();
    expect(changes(result.summary).create).toBe(2);
    const [exported] = await live();
    expect(exported).toMatchObject({ name: "Events to S3", team_id: boot.project.id, paused: false });
    // PostHog stores the credentials it never returns.
    expect(exported.destination.config).toMatchObject({
      bucket_name: "acme-e2e-events",
      aws_access_key_id: ACCESS_KEY_ID,
      aws_secret_access_key: SECRET_ACCESS_KEY,
    });
    expect(result.outputs).toMatchObject({ exportId: { value: exported.id }, teamId: { value: boot.project.id } });
    expect(await requests()).toContain(`POST /api/projects/${boot.project.id}/batch_exports/`);
    const state = stack.rawState();
    expect(state).toContain('"destination"');
    expect(state).not.toContain(ACCESS_KEY_ID);
    expect(state).not.toContain(SECRET_ACCESS_KEY);
    await stack.preview({ expectNoChanges: true });
  });

  it("renames in place", async () => {
    const { stack } = e2e();
    const before = (await live())[0].id;
    await stack.setConfig("name", "Events to the lake");
    const result = await stack.up();
    expect(changes(result.summary)).toMatchObject({ update: 1, replace: 0, create: 0 });
    expect((await live()).map((b: any) => [b.id, b.name])).toEqual([[before, "Events to the lake"]]);
    await stack.preview({ expectNoChanges: true });
  });

  it("pauses through PostHog's pause action", async () => {
    const { stack, emulator, boot } = e2e();
    await emulator.control.clearRequests();
    await stack.setConfig("paused", "true");
    const result = await stack.up();
    expect(changes(result.summary).update).toBe(1);
    const [exported] = await live();
    expect(exported.paused).toBe(true);
    expect(result.outputs.lastPausedAt.value).toBe(exported.last_paused_at);
    expect(await requests()).toContain(`POST /api/projects/${boot.project.id}/batch_exports/${exported.id}/pause/`);
    await stack.preview({ expectNoChanges: true });
  });

  it("shows drift made outside the program on refresh and restores it on up", async () => {
    const { stack, emulator, boot } = e2e();
    const [exported] = await live();
    await emulator.control.patchObject("batch_export", exported.id, { name: "Renamed in the UI", paused: false });
    await stack.refresh();
    await expect(stack.preview({ expectNoChanges: true })).rejects.toThrow();
    await emulator.control.clearRequests();
    expect(changes((await stack.up()).summary).update).toBe(1);
    expect((await live()).map((b: any) => [b.name, b.paused])).toEqual([["Events to the lake", true]]);
    expect(await requests()).toContain(`POST /api/projects/${boot.project.id}/batch_exports/${exported.id}/pause/`);
    // The credentials still in PostHog after a PATCH carrying them again.
    expect((await live())[0].destination.config).toMatchObject({ aws_secret_access_key: SECRET_ACCESS_KEY });
    await stack.preview({ expectNoChanges: true });
  });

  it("drops an export deleted outside the program on refresh and recreates it on up", async () => {
    const { stack, emulator } = e2e();
    const before = (await live())[0].id;
    await emulator.control.deleteObject("batch_export", before);
    expect(changes((await stack.refresh()).summary).delete).toBe(1);
    expect(changes((await stack.up()).summary).create).toBe(1);
    const now = await live();
    expect(now).toHaveLength(1);
    expect(now[0].id).not.toBe(before);
    await stack.preview({ expectNoChanges: true });
  });

  it("leaves no live export behind after destroy", async () => {
    await e2e().stack.destroy();
    expect(await live()).toEqual([]);
  });
});
