import { changes, useStack } from "../helpers/e2e";
import type { TestEmulator } from "../helpers/emulator";
import { program, StackOperationError, TestStack } from "../helpers/stack";

// ProxyRecord through the real pulumi CLI against the emulator, where the test plays PostHog's
// provisioning workflow (setProxyStatus): create with a normalized domain, no-op preview, a wait
// for `valid` while the status moves, replacement on a domain change, a wait that times out and is
// finished by the next up, a record deleted outside the program (left `deleting`), destroy of a live
// record, and PostHog's quota refusal.
describe("ProxyRecord lifecycle through the real pulumi CLI", () => {
  const e2e = useStack("test/e2e/programs/proxy-record", "E2E Proxies");
  const all = async () =>
    (await e2e().emulator.control.state()).proxyRecords.filter(
      (r: any) => r.organization_id === e2e().boot.organization.id,
    );
  const live = async () => (await all()).filter((r: any) => r.status !== "deleting");

  /** Plays PostHog's workflow: once a record for `domain` exists, moves it through `statuses`. */
  async function provision(emulator: TestEmulator, domain: string, statuses: [string, string?][]): Promise<void> {
    const deadline = Date.now() + 60_000;
    let record: any;
    while (!(record = (await emulator.control.state()).proxyRecords.find((r: any) => r.domain === domain))) {
      if (Date.now() > deadline) throw new Error(`no proxy record for ${domain} appeared`);
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const [status, message] of statuses) {
      await new Promise((r) => setTimeout(r, 1500));
      await emulator.control.setProxyStatus(record.id, status, message);
    }
  }

  it("creates the record with the domain lowercased and without a trailing dot, and outputs the CNAME target", async () => {
    const { stack } = e2e();
    await stack.setConfig("domain", "T.Acme-E2E.com.");
    const result = await stack.up();
    expect(changes(result.summary).create).toBe(2);
    const [record] = await live();
    expect(record).toMatchObject({ domain: "t.acme-e2e.com", status: "waiting" });
    expect(result.outputs).toMatchObject({
      proxyId: { value: record.id },
      domain: { value: "t.acme-e2e.com" },
      targetCname: { value: record.target_cname },
      status: { value: "waiting" },
      message: { value: null },
    });
  });

  it("previews no changes right after up, also when only waitForValid changes (it only steers creation)", async () => {
    const { stack } = e2e();
    await stack.preview({ expectNoChanges: true });
    await stack.setConfig("waitSeconds", "45");
    await stack.preview({ expectNoChanges: true });
  });

  it("replaces the record when the domain changes, waiting until PostHog reports it valid", async () => {
    const { stack, emulator } = e2e();
    const before = (await live())[0];
    await stack.setConfig("domain", "t2.acme-e2e.com");
    const [result] = await Promise.all([
      stack.up(),
      provision(emulator, "t2.acme-e2e.com", [["issuing", "Issuing certificate"], ["valid"]]),
    ]);
    expect(changes(result.summary).replace).toBe(1);
    expect(result.outputs.status.value).toBe("valid");
    const records = await all();
    // The old record was still waiting for DNS, so PostHog deleted it outright.
    expect(records.map((r: any) => [r.domain, r.status])).toEqual([["t2.acme-e2e.com", "valid"]]);
    expect(records[0].id).not.toBe(before.id);
    await stack.preview({ expectNoChanges: true });
  });

  it("fails a wait that runs out with the last status and message, and the next up finishes it", async () => {
    const { stack, emulator } = e2e();
    await stack.setConfig("domain", "t3.acme-e2e.com");
    await stack.setConfig("waitSeconds", "3");
    const failure = await Promise.all([
      stack.up().then(
        () => undefined,
        (err: unknown) => err,
      ),
      provision(emulator, "t3.acme-e2e.com", [["issuing", "Waiting for DNS to propagate"]]),
    ]).then(([err]) => err);
    expect(failure).toBeInstanceOf(StackOperationError);
    const message = (failure as StackOperationError).message;
    const created = (await all()).find((r: any) => r.domain === "t3.acme-e2e.com")!;
    expect(message).toContain(`completing the creation of proxy record "t3.acme-e2e.com"`);
    expect(message).toContain(
      `the proxy for t3.acme-e2e.com is not valid: its status is still "issuing" after 3 s. PostHog says: Waiting for DNS to propagate.`,
    );
    expect(message).toContain(`It needs a CNAME record for t3.acme-e2e.com pointing at ${created.target_cname}`);

    await emulator.control.setProxyStatus(created.id, "valid");
    const result = await stack.up();
    expect(result.outputs).toMatchObject({ proxyId: { value: created.id }, status: { value: "valid" } });
    // The replaced record was live, so deleting it only started PostHog's removal.
    expect((await all()).map((r: any) => [r.domain, r.status]).sort()).toEqual([
      ["t2.acme-e2e.com", "deleting"],
      ["t3.acme-e2e.com", "valid"],
    ]);
    await stack.preview({ expectNoChanges: true });
  });

  it("drops a record deleted outside the program (left `deleting`) on refresh and recreates it on up", async () => {
    const { stack, emulator, boot } = e2e();
    // PostHog's workflow finishes removing the replaced record.
    await emulator.control.deleteObject("proxy_record", (await all()).find((r: any) => r.status === "deleting")!.id);
    const [record] = await live();
    const res = await fetch(`${emulator.url}/api/organizations/${boot.organization.id}/proxy_records/${record.id}/`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${boot.api_key}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: true });
    expect(changes((await stack.refresh()).summary).delete).toBe(1);

    await stack.removeConfig("waitSeconds");
    // Until PostHog's workflow has removed the deleted record, its domain stays taken.
    const held = await stack.up().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect((held as Error).message).toMatch(
      /PostHog is still removing an earlier proxy record for t3\.acme-e2e\.com \(status "deleting"\)/,
    );
    await emulator.control.deleteObject("proxy_record", record.id);
    expect(changes((await stack.up()).summary).create).toBe(1);
    const now = await live();
    expect(now.map((r: any) => [r.domain, r.status])).toEqual([["t3.acme-e2e.com", "waiting"]]);
    expect(now[0].id).not.toBe(record.id);
    await stack.preview({ expectNoChanges: true });
  });

  it("destroys a live record (PostHog leaves it `deleting`), leaving no live record", async () => {
    const { stack, emulator } = e2e();
    await emulator.control.setProxyStatus((await live())[0].id, "valid");
    await stack.refresh();
    await stack.destroy();
    expect(await live()).toEqual([]);
    expect((await all()).map((r: any) => r.status)).toContain("deleting");
  });

  it("shows PostHog's quota refusal as PostHog words it", async () => {
    const { emulator } = e2e();
    const boot = await emulator.control.bootstrap({ email: "quota@example.com", org_name: "Quota" });
    for (const domain of ["a.quota-e2e.com", "b.quota-e2e.com"]) {
      const res = await fetch(`${emulator.url}/api/organizations/${boot.organization.id}/proxy_records/`, {
        method: "POST",
        headers: { authorization: `Bearer ${boot.api_key}`, "content-type": "application/json" },
        body: JSON.stringify({ domain }),
      });
      expect(res.status).toBe(201);
    }
    const stack = await TestStack.open({
      ...program("test/e2e/programs/proxy-record"),
      env: {
        POSTHOG_HOST: emulator.url,
        POSTHOG_PERSONAL_API_KEY: boot.api_key,
        POSTHOG_ORGANIZATION_ID: boot.organization.id,
      },
    });
    try {
      await stack.setConfig("domain", "c.quota-e2e.com");
      const failure = await stack.up().then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(failure).toBeInstanceOf(StackOperationError);
      expect((failure as Error).message).toMatch(
        /creating proxy record "c\.quota-e2e\.com" in organization \S+: POST \S+: 400[^\n]*Maximum of 2 proxy records per organization\./,
      );
    } finally {
      await stack.close();
    }
  });
});
