import { useStack } from "../helpers/e2e";

// The data-source functions read what exists in PostHog, in the program process, with the
// provider's settings; the project token stays a secret.
describe("functions (getOrganization, getProject(s), getProjectApiToken, getProjectActivity, isGeneratingDemoData, getRole(s), getMembers, getInvites, …Output forms)", () => {
  const e2e = useStack("test/e2e/programs/functions", "E2E Functions");

  it("read the organization, its roles, members and projects", async () => {
    const { emulator, boot, stack } = e2e();
    const headers = { authorization: `Bearer ${boot.api_key}`, "content-type": "application/json" };
    const roles = `${emulator.url}/api/organizations/${boot.organization.id}/roles/`;
    const created: any = await (
      await fetch(roles, { method: "POST", headers, body: JSON.stringify({ name: "Support" }) })
    ).json();
    await fetch(roles, { method: "POST", headers, body: JSON.stringify({ name: "Engineering" }) });
    const ada = await emulator.control.createUser({ email: "ada@example.com" });
    await emulator.control.addMembership({ organization_id: boot.organization.id, user_uuid: ada.uuid, level: 8 });

    await fetch(`${emulator.url}/api/organizations/${boot.organization.id}/invites/`, {
      method: "POST",
      headers,
      body: JSON.stringify({ target_email: "grace@example.com", level: 8, send_email: false }),
    });

    const { outputs } = await stack.up();
    expect(outputs.organization.value).toMatchObject({
      id: boot.organization.id,
      name: "E2E Functions",
      membershipLevel: 15,
      memberCount: 2,
    });
    expect(outputs.roles.value).toEqual(["Engineering", "Support"]);
    expect(outputs.support.value).toBe(created.id);
    expect(outputs.members.value).toEqual(["ada@example.com:8", `${boot.user.email}:15`].sort());
    expect(outputs.projects.value).toEqual(["Default project"]);
    expect(outputs.firstProject.value).toBe("Default project");
    expect(outputs.generatingDemoData.value).toBe(false);
    expect(outputs.activity.value).toBe(true);
    expect(outputs.token.secret).toBe(true);
    const project = (await emulator.control.state()).projects.find(
      (p: any) => p.organization_id === boot.organization.id,
    )!;
    expect(outputs.token.value).toBe(project.api_token);
    expect(stack.rawState()).not.toContain(project.api_token);
    expect(stack.rawState()).not.toContain(boot.api_key);
    expect(outputs.invites.value).toEqual(["grace@example.com:8"]);
    expect(outputs.inviteForGrace.value).toEqual(["grace@example.com"]);
    expect(outputs.projectByOutput.value).toBe("Default project");
    expect(outputs.supportByOutput.value).toBe("Support");
    expect(outputs.membersByOutput.value).toBe(1);
    expect(outputs.tokenByOutput.secret).toBe(true);
    expect(outputs.tokenByOutput.value).toBe(project.api_token);
  });
});
