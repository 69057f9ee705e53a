import { NotFoundError, RateLimitError, ValidationError } from "../../provider/client";
import { contract, thrown } from "./helpers";

describe("roles (contract)", () => {
  const t = contract();

  it("creates with only the required params, reads, renames, lists and deletes", async () => {
    const { client, org } = t();
    const role = await client.roles.create(org, { name: "Engineering" });
    expect(role).toMatchObject({ name: "Engineering", is_default: false });
    await expect(client.roles.retrieve(org, role.id)).resolves.toMatchObject({ id: role.id, name: "Engineering" });
    await expect(client.roles.update(org, role.id, { name: "Eng" })).resolves.toMatchObject({ name: "Eng" });
    await expect(client.roles.listAll(org)).resolves.toEqual([expect.objectContaining({ id: role.id, name: "Eng" })]);
    await expect(client.roles.findByName(org, "ENG")).resolves.toMatchObject({ id: role.id });
    await client.roles.delete(org, role.id);
    expect(NotFoundError.isInstance(await thrown(client.roles.retrieve(org, role.id)))).toBe(true);
    await expect(client.roles.listAll(org)).resolves.toEqual([]);
  });

  it("reports the case-insensitive name clash as a ValidationError on the name field", async () => {
    const { client, org } = t();
    await client.roles.create(org, { name: "Support" });
    const error = await thrown(client.roles.create(org, { name: "support" }));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      `POST /api/organizations/${org}/roles/: 400 validation_error/unique: There is already a role with this name. (field: name)`,
    );
  });

  it("pages through more roles than one page holds", async () => {
    const { client, org } = t();
    for (let i = 0; i < 105; i++) await client.roles.create(org, { name: `role-${String(i).padStart(3, "0")}` });
    const all = await client.roles.listAll(org);
    expect(all).toHaveLength(105);
    expect(new Set(all.map((r) => r.id)).size).toBe(105);
    expect(client.metrics.snapshot().requests["GET /api/organizations/{id}/roles/"]).toBe(2);
  });

  it("names the organization when it does not exist (404)", async () => {
    const { client } = t();
    const missing = "0190ffff-0000-7000-8000-000000000000";
    const error = await thrown(client.roles.listAll(missing));
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect((error as NotFoundError).hint).toContain(
      `The organization ${missing} was not found or the key's user is not a member`,
    );
  });

  it("waits out a 429 and retries the create", async () => {
    const { client, org, control } = t();
    await control.addFault({ method: "POST", path: "/roles/$", kind: "429", retry_after: 1 });
    await expect(client.roles.create(org, { name: "Throttled" })).resolves.toMatchObject({ name: "Throttled" });
    expect(client.metrics.snapshot()).toMatchObject({ throttled: 1, retries: 1 });
    expect((await control.state()).roles.filter((r) => r.name === "Throttled")).toHaveLength(1);
  });

  it("gives up on a 429 storm after the configured number of retries", async () => {
    const { clientFor, boot, org, control } = t();
    const client = clientFor(boot.api_key, { retryPolicy: { maxThrottleRetries: 2 } });
    await control.addFault({ method: "GET", path: "/roles/$", kind: "429", retry_after: 0, times: 10 });
    const error = await thrown(client.roles.listAll(org));
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error.message).toContain("PostHog still rate-limited this API key after 2 retries");
  });
});
