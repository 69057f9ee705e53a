import { changes, useStack } from "../helpers/e2e";

// Project through the real pulumi CLI: create, no-op preview, in-place update, token rotation,
// replacement on organizationId, drift restored, out-of-band delete, destroy.
describe("Project lifecycle through the real pulumi CLI", () => {
  const e2e = useStack("test/e2e/programs/project", "E2E Projects");
  const live = async () => {
    const { emulator, boot } = e2e();
    const state = await emulator.control.state();
    return state.projects.filter(
      (p: any) =>
        !p.is_pending_deletion &&
        p.name !== "Default project" &&
        [boot.organization.id, otherOrg].includes(p.organization_id),
    );
  };
  let otherOrg = "";

  it("creates the project with its settings and intents, the token a secret output", async () => {
    const { stack } = e2e();
    const result = await stack.up();
    expect(changes(result.summary).create).toBe(2);
    const [project] = await live();
    expect(project).toMatchObject({ name: "Web" });
    expect(project.product_intents.map((i: any) => i.product_type)).toEqual(["product_analytics"]);
    expect(result.outputs.projectId.value).toBe(project.id);
    expect(result.outputs.apiToken).toMatchObject({ secret: true, value: project.api_token });
    const state = stack.rawState();
    expect(state).toContain('"apiToken"');
    expect(state).not.toContain(project.api_token);
    expect(state).not.toContain(e2e().boot.api_key);
  });

  it("previews no changes right after up", async () => {
    await e2e().stack.preview({ expectNoChanges: true });
  });

  it("updates settings in place", async () => {
    const { stack } = e2e();
    const before = (await live())[0].id;
    await stack.setConfig("timezone", "Asia/Tokyo");
    await stack.setConfig("name", "Web app");
    const result = await stack.up();
    expect(changes(result.summary)).toMatchObject({ update: 1, replace: 0, create: 0 });
    const [project] = await live();
    expect(project.id).toBe(before);
    expect(project.name).toBe("Web app");
    await stack.preview({ expectNoChanges: true });
  });

  it("rotates the project API token when tokenRotation changes", async () => {
    const { stack } = e2e();
    const before = (await live())[0].api_token;
    await stack.setConfig("tokenRotation", "2026-11");
    const result = await stack.up();
    expect(changes(result.summary).update).toBe(1);
    const after = (await live())[0].api_token;
    expect(after).not.toBe(before);
    expect(result.outputs.apiToken.value).toBe(after);
  });

  it("shows drift on refresh and restores it on up", async () => {
    const { stack, emulator } = e2e();
    const [project] = await live();
    await emulator.control.patchObject("project", project.id, { name: "Renamed in the UI" });
    await stack.refresh();
    await expect(stack.preview({ expectNoChanges: true })).rejects.toThrow();
    const result = await stack.up();
    expect(changes(result.summary).update).toBe(1);
    expect((await live())[0].name).toBe("Web app");
  });

  it("replaces the project when organizationId changes", async () => {
    const { stack, emulator, boot } = e2e();
    const other = await emulator.control.bootstrap({ email: "owner2@example.com", org_name: "Second Org" });
    otherOrg = other.organization.id;
    await emulator.control.addMembership({ organization_id: otherOrg, email: boot.user.email, level: 15 });
    const before = (await live())[0].id;
    await stack.setConfig("organizationId", otherOrg);
    const result = await stack.up();
    expect(changes(result.summary).replace).toBe(1);
    const now = await live();
    expect(now).toHaveLength(1);
    expect(now[0].organization_id).toBe(otherOrg);
    expect(now[0].id).not.toBe(before);
  });

  it("drops an out-of-band deleted project on refresh and recreates it on up", async () => {
    const { stack, emulator } = e2e();
    await emulator.control.deleteObject("project", (await live())[0].id);
    expect(changes((await stack.refresh()).summary).delete).toBe(1);
    expect(changes((await stack.up()).summary).create).toBe(1);
    expect(await live()).toHaveLength(1);
  });

  it("leaves no project behind after destroy", async () => {
    await e2e().stack.destroy();
    expect(await live()).toEqual([]);
  });
});
