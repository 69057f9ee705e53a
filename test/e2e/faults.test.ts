import { changes, seedMembers, useStack } from "../helpers/e2e";

// Faults during `pulumi up`: nothing is lost or duplicated. The emulator drops the connection after
// committing a create (the client cannot know whether it happened), answers 5xx and 429 storms; the
// provider must end with exactly the declared objects.
describe("faults during up", () => {
  const e2e = useStack("test/e2e/programs/org20", "E2E Faults");

  beforeAll(async () => {
    const emails = Array.from({ length: 12 }, (_, i) => `member${i}@example.com`);
    await seedMembers(e2e(), emails);
    await e2e().stack.setConfig("memberEmails", JSON.stringify(emails));
  });

  it("creates every object exactly once despite dropped connections, 5xx and 429s", async () => {
    const { emulator, stack, boot } = e2e();
    // The role create commits, then the socket is reset: the outcome is unknown to the client.
    await emulator.control.addFault({ method: "POST", path: "/roles/$", kind: "reset-after", times: 2 });
    // A membership create is reset before it reaches the store.
    await emulator.control.addFault({ method: "POST", path: "/role_memberships/$", kind: "reset-before", times: 2 });
    await emulator.control.addFault({ method: "GET", path: "/members/$", kind: "5xx", times: 2 });
    await emulator.control.addFault({ method: "POST", path: "/projects/$", kind: "429", retry_after: 1, times: 1 });

    const result = await stack.up();
    expect(changes(result.summary).create).toBe(21);

    const state = await emulator.control.state();
    const roles = state.roles.filter((r) => r.organization_id === boot.organization.id);
    expect(roles.map((r) => r.name).sort()).toEqual([
      "Design",
      "Engineering",
      "Finance",
      "Product",
      "Sales",
      "Support",
    ]);
    expect(state.roleMemberships).toHaveLength(13);
    expect(new Set(state.roleMemberships.map((m) => `${m.role_id}/${m.user_uuid}`)).size).toBe(13);
    expect(state.projects.filter((p) => p.organization_id === boot.organization.id && p.name === "Web")).toHaveLength(
      1,
    );
    expect((await emulator.control.state()).faults).toEqual([]);

    await stack.preview({ expectNoChanges: true });
  });

  it("destroys cleanly afterwards", async () => {
    await e2e().stack.destroy();
    const state = await e2e().emulator.control.state();
    expect(state.roles.filter((r) => r.organization_id === e2e().boot.organization.id)).toEqual([]);
    expect(state.roleMemberships).toEqual([]);
  });
});
