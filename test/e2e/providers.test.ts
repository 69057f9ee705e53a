import { startTestEmulator, type Bootstrapped, type TestEmulator } from "../helpers/emulator";
import { changes } from "../helpers/e2e";
import { program, TestStack } from "../helpers/stack";

// Two explicit posthog.Providers in one program, on two emulators (two hosts, two keys, two
// organizations): every resource lands on its own provider's host, and neither key reaches state
// or the CLI's output.
describe("explicit providers: two hosts and two keys in one program", () => {
  const emulators: TestEmulator[] = [];
  const boots: Bootstrapped[] = [];
  let stack: TestStack;

  beforeAll(async () => {
    for (const name of ["E2E US", "E2E EU"]) {
      const emulator = await startTestEmulator();
      emulators.push(emulator);
      boots.push(await emulator.control.bootstrap({ org_name: name }));
    }
    const [us, eu] = [0, 1].map((i) => ({ url: emulators[i].url, boot: boots[i] }));
    stack = await TestStack.open({
      ...program("test/e2e/programs/providers"),
      // No default provider settings at all: everything must come from the explicit providers.
      env: { POSTHOG_HOST: "", POSTHOG_PERSONAL_API_KEY: "", POSTHOG_API_KEY: "", POSTHOG_ORGANIZATION_ID: "" },
      config: {
        "e2e-providers:usHost": { value: us.url },
        "e2e-providers:usApiKey": { value: us.boot.api_key, secret: true },
        "e2e-providers:usOrganizationId": { value: us.boot.organization.id },
        "e2e-providers:euHost": { value: eu.url },
        "e2e-providers:euApiKey": { value: eu.boot.api_key, secret: true },
        "e2e-providers:euOrganizationId": { value: eu.boot.organization.id },
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
    for (const e of emulators) await e.close();
  });

  it("creates each resource on its own provider's host, keeps the keys secret, and destroys cleanly", async () => {
    const [usEmu, euEmu] = emulators;
    const up = await stack.up();
    expect(changes(up.summary).create).toBe(6); // stack, 2 providers, 2 roles, 1 project

    const usState = await usEmu.control.state();
    const euState = await euEmu.control.state();
    const rolesIn = (s: any, org: string) => s.roles.filter((r: any) => r.organization_id === org);
    expect(rolesIn(usState, boots[0].organization.id).map((r: any) => r.id)).toEqual([up.outputs.usRoleId.value]);
    expect(rolesIn(euState, boots[1].organization.id).map((r: any) => r.id)).toEqual([up.outputs.euRoleId.value]);
    expect(euState.projects.some((p: any) => String(p.id) === String(up.outputs.euProjectId.value))).toBe(true);
    expect(usState.projects.some((p: any) => p.name === "Web (EU)")).toBe(false);
    // Neither host was asked about the other's organization.
    expect((await usEmu.control.requests()).requests.some((r) => r.path.includes(boots[1].organization.id))).toBe(
      false,
    );
    expect((await euEmu.control.requests()).requests.some((r) => r.path.includes(boots[0].organization.id))).toBe(
      false,
    );
    // The functions read with the provider they were given.
    expect(up.outputs.euRoleName.value).toBe("Engineering");
    expect(up.outputs.usRoles.value).toEqual(["Engineering"]);

    const raw = stack.rawState();
    for (const b of boots) {
      expect(raw).not.toContain(b.api_key);
      expect(up.stdout).not.toContain(b.api_key);
    }
    expect(raw).toContain("pulumi:providers:pulumi-nodejs");

    const preview = await stack.preview({ expectNoChanges: true });
    expect(preview.changeSummary.create ?? 0).toBe(0);

    await stack.destroy();
    expect(rolesIn(await usEmu.control.state(), boots[0].organization.id)).toEqual([]);
    expect(rolesIn(await euEmu.control.state(), boots[1].organization.id)).toEqual([]);
  });
});
