// The org100 program's fixture: an emulator, an organization with the program's 30 members, a stack.
import { startTestEmulator, type Bootstrapped, type TestEmulator } from "./emulator";
import { program, TestStack } from "./stack";

/** The 30 members (already in the organization) and 26 invitees of the org100 program. */
export const memberEmails = Array.from({ length: 30 }, (_, i) => `member${i}@fault.example.com`);
export const inviteEmails = Array.from({ length: 26 }, (_, i) => `invitee${i}@fault.example.com`);

/** Starts an emulator with a bootstrapped organization and its 30 members, and opens an org100 stack on it. */
export async function org100(
  orgName: string,
): Promise<{ emulator: TestEmulator; boot: Bootstrapped; stack: TestStack }> {
  const emulator = await startTestEmulator();
  await emulator.control.settings({ burst_per_minute: 100_000, sustained_per_hour: 1_000_000 });
  const boot = await emulator.control.bootstrap({ org_name: orgName });
  for (const email of memberEmails) {
    const user = await emulator.control.createUser({ email });
    await emulator.control.addMembership({ organization_id: boot.organization.id, user_uuid: user.uuid, level: 1 });
  }
  const stack = await TestStack.open({
    ...program("test/e2e/programs/org100"),
    env: {
      POSTHOG_HOST: emulator.url,
      POSTHOG_PERSONAL_API_KEY: boot.api_key,
      POSTHOG_ORGANIZATION_ID: boot.organization.id,
    },
    config: {
      memberEmails: { value: JSON.stringify(memberEmails) },
      inviteEmails: { value: JSON.stringify(inviteEmails) },
      "posthog:requestsPerMinute": { value: "100000" },
      "posthog:requestsPerHour": { value: "1000000" },
    },
  });
  return { emulator, boot, stack };
}
