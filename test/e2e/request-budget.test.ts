import { changes, seedMembers, useStack } from "../helpers/e2e";

// How many API requests each operation costs for a 20-resource organization (1 project, 6 roles,
// 13 role memberships), read from the emulator's request log. Counts are deterministic, so they
// are asserted exactly, at the physical minimum: one write per object created or deleted, one
// connection check per provider process that runs checks, one page per list the operation reads,
// shared by every resource (the role list answers refresh for roles and memberships alike), and
// one GET per object only where PostHog has no list with the object's fields (projects).
describe("request budget of a 20-resource program", () => {
  const e2e = useStack("test/e2e/programs/org20", "E2E Budget");
  const table: string[] = [];

  beforeAll(async () => {
    const emails = Array.from({ length: 12 }, (_, i) => `member${i}@example.com`);
    await seedMembers(e2e(), emails);
    await e2e().stack.setConfig("memberEmails", JSON.stringify(emails));
  });
  afterAll(() => {
    console.log(["requests per operation, 20-resource program:", ...table].join("\n"));
  });

  async function measure(label: string, op: () => Promise<unknown>) {
    const { emulator } = e2e();
    await emulator.control.clearRequests();
    const started = Date.now();
    await op();
    const ms = Date.now() - started;
    const { requests, counts } = await emulator.control.requests();
    const writes = requests.filter((r) => r.method !== "GET").length;
    table.push(
      `  ${label.padEnd(22)} ${String(requests.length).padStart(4)} requests (${writes} writes) in ${ms} ms  ${JSON.stringify(counts)}`,
    );
    return { requests, counts, writes };
  }
  const ME = "GET /api/users/{uuid}/"; // the connection check, once per provider process
  const MEMBERS = "GET /api/organizations/{organization_id}/members/";
  const ROLES = "GET /api/organizations/{organization_id}/roles/";
  const PROJECT = "GET /api/organizations/{organization_id}/projects/{id}/";

  it("up creates the 20 resources", async () => {
    let summary: any;
    const m = await measure("up (create 20)", async () => (summary = (await e2e().stack.up()).summary));
    expect(changes(summary).create).toBe(21); // 20 + the stack itself
    expect(m.writes).toBe(20);
    expect(m.counts).toEqual({
      [ME]: 1,
      [MEMBERS]: 1, // one page, for the 13 memberships' email lookups
      // A project's name is not unique in PostHog: create looks for one of the same name first, so a
      // crashed run's project is never silently doubled (it names adopt: true instead).
      "GET /api/organizations/{organization_id}/projects/": 1,
      "POST /api/organizations/{organization_id}/projects/": 1,
      "POST /api/organizations/{organization_id}/roles/": 6,
      "POST /api/organizations/{organization_id}/roles/{role_id}/role_memberships/": 13,
    });
  });

  it("a no-op preview reads the member list once", async () => {
    const m = await measure("preview (no changes)", () => e2e().stack.preview({ expectNoChanges: true }));
    expect(m.counts).toEqual({ [ME]: 1, [MEMBERS]: 1 });
  });

  it("refresh reads one role list for the roles and their memberships, and the project", async () => {
    const m = await measure("refresh", () => e2e().stack.refresh());
    expect(m.counts).toEqual({ [ROLES]: 1, [PROJECT]: 1 });
    await e2e().stack.preview({ expectNoChanges: true });
  });

  it("preview --refresh costs a refresh plus a preview", async () => {
    const m = await measure("preview --refresh", () => e2e().stack.preview({ refresh: true, expectNoChanges: true }));
    expect(m.counts).toEqual({ [ME]: 1, [MEMBERS]: 1, [ROLES]: 1, [PROJECT]: 1 });
  });

  it("destroy deletes the 20 resources and reads nothing", async () => {
    const m = await measure("destroy", () => e2e().stack.destroy());
    expect(m.counts).toEqual({
      "DELETE /api/organizations/{organization_id}/projects/{id}/": 1,
      "DELETE /api/organizations/{organization_id}/roles/{id}/": 6,
      "DELETE /api/organizations/{organization_id}/roles/{role_id}/role_memberships/{id}/": 13,
    });
  });
});
