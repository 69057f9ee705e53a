import { z } from "zod";
import { NotFoundError, PostHogApiError, ValidationError } from "../../provider/client";
import { MISSING_UUID, contract, throttledOnce, thrown } from "./helpers";

describe("proxy records (contract)", () => {
  const t = contract();

  it("creates, reads, lists (unpaginated, with the quota) and deletes with 200 {success}", async () => {
    const { client, org, control } = t();
    const p = await client.proxyRecords.create(org, { domain: "ph.example.com" });
    expect(p).toMatchObject({ domain: "ph.example.com", status: "waiting" });
    expect(p.target_cname).toMatch(/^[0-9a-f]{20}\./);
    await expect(client.proxyRecords.retrieve(org, p.id)).resolves.toMatchObject({ id: p.id });
    await expect(client.proxyRecords.listResponse(org)).resolves.toMatchObject({
      max_proxy_records: 2,
      results: [expect.objectContaining({ id: p.id })],
    });
    const listed: string[] = [];
    for await (const r of client.proxyRecords.list(org)) listed.push(r.id);
    expect(listed).toEqual([p.id]);
    await expect(client.proxyRecords.findByDomain(org, "PH.example.com")).resolves.toMatchObject({ id: p.id });
    await expect(client.proxyRecords.delete(org, p.id)).resolves.toBeUndefined();
    await expect(client.proxyRecords.listAll(org)).resolves.toEqual([]); // waiting records are hard-deleted
    const deleteStatus = (await control.requests()).requests.find((r) => r.method === "DELETE")?.status;
    expect(deleteStatus).toBe(200);
  });

  it("deleting a live record leaves it readable in `deleting`", async () => {
    const { client, org, control } = t();
    const p = await client.proxyRecords.create(org, { domain: "live.example.com" });
    await control.setProxyStatus(p.id, "valid");
    await client.proxyRecords.delete(org, p.id);
    await expect(client.proxyRecords.retrieve(org, p.id)).resolves.toMatchObject({ status: "deleting" });
  });

  it("reports the quota's raw {detail} body", async () => {
    const { client, org } = t();
    await client.proxyRecords.create(org, { domain: "a.example.com" });
    await client.proxyRecords.create(org, { domain: "b.example.com" });
    const error = await thrown(client.proxyRecords.create(org, { domain: "c.example.com" }));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      `POST /api/organizations/${org}/proxy_records/: 400 Bad Request: Maximum of 2 proxy records per organization.`,
    );
  });

  // The client offers no update: this proves the emulator (like PostHog) refuses one.
  it("cannot be updated (405)", async () => {
    const { client, org } = t();
    const p = await client.proxyRecords.create(org, { domain: "x.example.com" });
    const error = await thrown(
      client.request({
        method: "PATCH",
        path: `/api/organizations/${org}/proxy_records/${p.id}/`,
        body: { domain: "y.example.com" },
        schema: z.unknown(),
      }),
    );
    expect(PostHogApiError.isInstance(error) && (error as PostHogApiError).status).toBe(405);
  });

  it("answers 404 for an unknown record", async () => {
    const { client, org } = t();
    expect(NotFoundError.isInstance(await thrown(client.proxyRecords.retrieve(org, MISSING_UUID)))).toBe(true);
  });

  it("retries a throttled list", async () => {
    const c = t();
    await expect(
      throttledOnce(c, "GET", "/proxy_records/$", () => c.client.proxyRecords.listAll(c.org)),
    ).resolves.toEqual([]);
  });
});
