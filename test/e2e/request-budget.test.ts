import { changes, seedMembers, useStack } from "../helpers/e2e";

// How many API requests each operation costs for a 20-resource organization (1 project, 6 roles,
// 13 role memberships), read from the emulator's request log. The figures are printed; the test
// asserts what must hold whatever the figures: every resource applied once, reads shared (the
// member list is fetched at most once per operation), and no writes outside up and destroy.
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
  const memberListReads = (counts: Record<string, number>) =>
    counts["GET /api/organizations/{organization_id}/members/"] ?? 0;

  it("up creates the 20 resources", async () => {
    let summary: any;
    const m = await measure("up (create 20)", async () => (summary = (await e2e().stack.up()).summary));
    expect(changes(summary).create).toBe(21); // 20 + the stack itself
    expect(m.writes).toBe(20);
    expect(memberListReads(m.counts)).toBeLessThanOrEqual(1);
  });

  it("a no-op preview sends only reads", async () => {
    const m = await measure("preview (no changes)", () => e2e().stack.preview({ expectNoChanges: true }));
    expect(m.writes).toBe(0);
    expect(memberListReads(m.counts)).toBeLessThanOrEqual(1);
  });

  it("refresh reads each resource and writes nothing", async () => {
    const m = await measure("refresh", () => e2e().stack.refresh());
    expect(m.writes).toBe(0);
    await e2e().stack.preview({ expectNoChanges: true });
  });

  it("destroy deletes the 20 resources", async () => {
    const m = await measure("destroy", () => e2e().stack.destroy());
    expect(m.writes).toBe(20);
  });
});
