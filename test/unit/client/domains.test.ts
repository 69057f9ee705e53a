import { canonicalDomain } from "../../../provider/client/domains";
import { ORG, json, mockApi } from "./helpers";

const base = `/api/organizations/${ORG}/domains/`;
const domain = (verified: boolean) => ({
  id: "d1",
  domain: "x.io",
  is_verified: verified,
  verification_challenge: "c".repeat(43),
});

describe("Domains", () => {
  it("verify is a POST without a body that is safe to repeat", async () => {
    const api = mockApi();
    api.pool.intercept({ path: `${base}d1/verify/`, method: "POST" }).reply(502, "");
    api.pool.intercept({ path: `${base}d1/verify/`, method: "POST" }).reply(200, domain(true), json);
    await expect(api.client.domains.verify(ORG, "d1")).resolves.toMatchObject({ is_verified: true });
    expect(api.calls().every((c) => !c.body)).toBe(true);
    await api.finish();
  });

  it.each([
    ["Example.COM", "example.com"],
    ["example.com.", "example.com"],
    [" sub.example.com ", "sub.example.com"],
  ])("canonicalDomain(%p) is %p", (input, output) => {
    expect(canonicalDomain(input)).toBe(output);
  });
});
