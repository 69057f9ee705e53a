import { startTestEmulator, type Bootstrapped, type TestEmulator } from "../helpers/emulator";
import { program, TestStack } from "../helpers/stack";

// Two stacks on one organization that declare the same invite email and the same member: PostHog
// keeps one invite per email and one level per member, so the two would undo each other on every
// `up`, silently. The later preview names the other declaration instead (issue 11 item 7).
describe("two stacks declaring the same invite and member", () => {
  let emulator: TestEmulator;
  let boot: Bootstrapped;
  let grace: string;
  const stacks: Record<"a" | "b", TestStack> = {} as never;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    boot = await emulator.control.bootstrap({ org_name: "E2E Two Stacks" });
    grace = (await emulator.control.createUser({ email: "grace@example.com" })).uuid;
    await emulator.control.addMembership({ organization_id: boot.organization.id, user_uuid: grace, level: 1 });
    const env = {
      POSTHOG_HOST: emulator.url,
      POSTHOG_PERSONAL_API_KEY: boot.api_key,
      POSTHOG_ORGANIZATION_ID: boot.organization.id,
    };
    const open = (stackName: string, memberLevel: string) =>
      TestStack.open({
        ...program("test/e2e/programs/two-stacks"),
        stackName,
        env,
        config: {
          inviteEmail: { value: "contractor@example.com" },
          memberEmail: { value: "grace@example.com" },
          memberLevel: { value: memberLevel },
        },
      });
    [stacks.a, stacks.b] = await Promise.all([open("team-a", "admin"), open("team-b", "member")]);
  });
  afterAll(async () => {
    try {
      await Promise.all([stacks.a?.close(), stacks.b?.close()]);
    } finally {
      await emulator?.close();
    }
  });

  const pendingInvites = async () =>
    (await emulator.control.state()).invites.filter(
      (i) => i.organization_id === boot.organization.id && i.target_email === "contractor@example.com",
    );

  it("the second stack's preview warns that another declaration owns the invite, and sends nothing", async () => {
    await stacks.a.up();
    expect(await pendingInvites()).toHaveLength(1);
    await emulator.control.clearRequests();
    const { stdout } = await stacks.b.preview();
    expect(stdout).toMatch(
      /Invite "contractor@example\.com" in organization \S+: a pending invite for this email already exists \(created [^)]+\) that this stack did not create, so another declaration owns it/,
    );
    expect(stdout).toMatch(/Declare it in one stack only\./);
    const writes = (await emulator.control.requests()).requests.filter((r) => r.method !== "GET");
    expect(writes).toEqual([]);
  });

  it("after the second stack's up, the first stack's preview warns that another declaration changed the member", async () => {
    await stacks.b.up();
    const membership = (await emulator.control.state()).memberships.find(
      (m) => m.organization_id === boot.organization.id && m.user_uuid === grace,
    );
    expect(membership?.level).toBe(1); // team-b set her back to member, over team-a's admin
    const { stdout } = await stacks.a.preview();
    expect(stdout).toMatch(
      /organization member "grace@example\.com" in organization \S+: PostHog has level "member", not the "admin" this stack applied, so another declaration changed it/,
    );
  });

  it("a stack alone with its declarations previews without either warning", async () => {
    const { stdout } = await stacks.b.preview({ expectNoChanges: true });
    expect(stdout).not.toMatch(/another declaration/);
  });
});
