import * as pulumi from "@pulumi/pulumi";
import * as posthog from "../../provider";
import { startTestEmulator, type Bootstrapped, type TestEmulator } from "../helpers/emulator";

// The data-source functions against the in-process emulator, outside a Pulumi run: settings come
// from the POSTHOG_* environment, as in a program whose stack config sets none.
describe("functions", () => {
  let emulator: TestEmulator;
  let boot: Bootstrapped;
  const saved = { ...process.env };

  beforeAll(async () => {
    emulator = await startTestEmulator();
    boot = await emulator.control.bootstrap({ org_name: "Unit Functions" });
    Object.assign(process.env, {
      POSTHOG_HOST: emulator.url,
      POSTHOG_PERSONAL_API_KEY: boot.api_key,
      POSTHOG_ORGANIZATION_ID: boot.organization.id,
    });
    const headers = { authorization: `Bearer ${boot.api_key}`, "content-type": "application/json" };
    for (const [email, level] of [
      ["grace@example.com", 8],
      ["alan@example.com", 1],
    ] as const)
      await fetch(`${emulator.url}/api/organizations/${boot.organization.id}/invites/`, {
        method: "POST",
        headers,
        body: JSON.stringify({ target_email: email, level, send_email: false }),
      });
  });
  afterAll(async () => {
    process.env = saved;
    await emulator?.close();
  });

  const value = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

  it("getInvites lists open invites and filters by email ignoring case", async () => {
    const all = await posthog.getInvites();
    expect(all.map((i) => `${i.email}:${i.level}:${i.isExpired}`).sort()).toEqual([
      "alan@example.com:1:false",
      "grace@example.com:8:false",
    ]);
    expect((await posthog.getInvites({ email: "GRACE@example.com" })).map((i) => i.email)).toEqual([
      "grace@example.com",
    ]);
  });

  it("the Output forms resolve Input arguments before reading", async () => {
    const projectId = posthog.getProjects().then((ps) => ps[0].id);
    expect(await value(posthog.getProjectOutput({ id: projectId }))).toMatchObject({ name: "Default project" });
    const invites = await value(posthog.getInvitesOutput({ email: pulumi.output("alan@example.com") }));
    expect(invites.map((i) => i.level)).toEqual([1]);
  });

  it("getProjectApiTokenOutput returns the token as a secret", async () => {
    const [project] = await posthog.getProjects();
    const token = posthog.getProjectApiTokenOutput({ id: pulumi.output(project.id) });
    expect(await pulumi.isSecret(token)).toBe(true);
    const stored = (await emulator.control.state()).projects.find((p: any) => p.id === project.id)!;
    expect(await value(token)).toBe(stored.api_token);
  });

  it("an Output form whose argument is a secret returns a secret", async () => {
    const roles = posthog.getRolesOutput({ organizationId: pulumi.secret(boot.organization.id) });
    expect(await pulumi.isSecret(roles)).toBe(true);
  });

  it("refuses a provider option that is not a posthog.Provider", async () => {
    await expect(posthog.getRoles({}, { provider: {} as pulumi.ProviderResource })).rejects.toThrow(
      "must be a posthog.Provider",
    );
  });
});
