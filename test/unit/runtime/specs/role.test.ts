import type { Role as WireRole } from "../../../../provider/client/roles";
import { defineResource } from "../../../../provider/runtime/core/define-resource";
import { computeChanges } from "../../../../provider/runtime/core/diff";
import { UNKNOWN } from "../../../../provider/runtime/core/unknowns";
import { role } from "../../../../provider/runtime/specs/role";
import * as h from "../helpers";

// The time diff rules are judged at (computeChanges takes it from the caller).
const NOW = Date.now();

const ROLE_ID = "0190b1a5-0c1e-7000-8000-0000000e0001";
const OTHER_ORG = "0190b1a5-0c1e-7000-8000-00000000b002";

/** A role as PostHog returns it (ee/api/rbac/role.py RoleSerializer). */
const wireRole = (name: string): WireRole => ({
  id: ROLE_ID,
  name,
  created_at: "2026-11-02T10:00:00.123456Z",
  created_by: h.wireUser(h.ADA, { id: 1, distinct_id: "ada", first_name: "Ada", last_name: "L" }),
  members: [],
  is_default: false,
});

/** The state of the role "Engineering", as create returns it and diff starts from. */
const STATE = {
  organizationId: h.ORG,
  name: "Engineering",
  createdAt: "2026-11-02T10:00:00.123456Z",
  isDefault: false,
  adopted: false,
  ...h.STATE_FIELDS,
};

afterEach(h.resetFakeContext);

describe("role spec: check", () => {
  const rows: h.CheckRow[] = [
    ["accepts a name", { name: "Engineering" }, []],
    ["accepts a name of 200 characters", { name: "x".repeat(200) }, []],
    ["accepts a name that is unknown at preview", { name: UNKNOWN }, []],
    ["accepts its own organizationId and adopt", { name: "Engineering", organizationId: OTHER_ORG, adopt: true }, []],
    ["refuses a missing name", {}, [["name", /^name is required: give the role a name\.$/]]],
    ["refuses an empty name", { name: "" }, [["name", /^name must not be empty: give the role a name\.$/]]],
    ["refuses a name of only spaces", { name: "   " }, [["name", /^name must not be empty/]]],
    [
      "refuses a name of 201 characters",
      { name: "x".repeat(201) },
      [["name", /^name is longer than PostHog's limit of 200 characters: shorten it\.$/]],
    ],
    [
      "refuses an organizationId that is not a UUID",
      { name: "Eng", organizationId: "acme" },
      [["organizationId", /^organizationId must be the UUID of a PostHog organization/]],
    ],
    [
      "refuses an adopt that is not a boolean",
      { name: "Eng", adopt: "yes" },
      [["adopt", /^adopt must be true or false\.$/]],
    ],
    [
      "refuses an unknown key",
      { name: "Eng", nmae: "Eng" },
      [["nmae", /^"nmae" is not an input of this resource\. Remove it or check its spelling\.$/]],
    ],
  ];
  it.each(rows)("%s", async (_name, inputs, failures) => {
    h.installFakeContext();
    const result = await defineResource(role).check({}, { __provider: h.PROVIDER, ...inputs });
    h.expectFailures(result.failures, failures);
  });

  it("trims the name and fills organizationId from the stack", async () => {
    h.installFakeContext();
    const result = await defineResource(role).check({}, { __provider: h.PROVIDER, name: "  Engineering " });
    expect(result.inputs).toEqual({ __provider: h.PROVIDER, organizationId: h.ORG, name: "Engineering" });
  });
});

describe("role spec: state", () => {
  it("maps PostHog's role to the complete state", async () => {
    const fake = h.installFakeContext({
      roles: { create: async (_org: string, body: { name: string }) => wireRole(body.name) },
    });
    const result = await defineResource(role).create({
      __provider: h.PROVIDER,
      organizationId: h.ORG,
      name: "Engineering",
    });
    expect(result).toEqual({ id: ROLE_ID, outs: STATE });
    expect(fake.calls).toEqual(["roles.create"]);
  });

  it("reports null and false for the outputs PostHog leaves out", () => {
    const { created_at: _c, is_default: _d, ...bare } = wireRole("Engineering");
    expect(role.toState(bare as WireRole, { organizationId: h.ORG, name: "Engineering" })).toEqual({
      name: "Engineering",
      createdAt: null,
      isDefault: false,
    });
  });

  it("adopts a role whose name differs only in case, renaming it to the program's spelling", async () => {
    const update = jest.fn(async (_org: string, _id: string, body: { name: string }) => wireRole(body.name));
    const fake = h.installFakeContext({ roles: { listAll: async () => [wireRole("engineering")], update } });
    const result = await defineResource(role).create({
      __provider: h.PROVIDER,
      organizationId: h.ORG,
      name: "Engineering",
      adopt: true,
    });
    expect(result.outs).toMatchObject({ name: "Engineering", adopted: true });
    expect(update).toHaveBeenCalledWith(h.ORG, ROLE_ID, { name: "Engineering" });
    expect(fake.calls).toEqual(["roles.listAll", "roles.update"]);
  });
});

describe("role spec: diff", () => {
  const rows: [string, Record<string, unknown>, h.Changes][] = [
    ["reports nothing when the inputs match the state", { organizationId: h.ORG, name: "Engineering" }, h.NO_CHANGES],
    ["renames in place", { organizationId: h.ORG, name: "Platform" }, h.inPlace("name")],
    ["renames in place when only the case changes", { organizationId: h.ORG, name: "engineering" }, h.inPlace("name")],
    [
      "replaces the role in another organization",
      { organizationId: OTHER_ORG, name: "Engineering" },
      h.replacing("organizationId"),
    ],
    [
      "renames in place when the name is unknown at preview",
      { organizationId: h.ORG, name: UNKNOWN },
      h.inPlace("name"),
    ],
  ];
  it.each(rows)("%s", (_name, news, expected) => {
    expect(computeChanges(role, STATE, news, NOW)).toEqual(expected);
  });

  it("deletes the old role before creating its replacement (names are unique per organization)", async () => {
    await expect(
      defineResource(role).diff(ROLE_ID, STATE, { organizationId: OTHER_ORG, name: "Engineering" }),
    ).resolves.toEqual({
      changes: true,
      replaces: ["organizationId"],
      deleteBeforeReplace: true,
    });
  });
});
