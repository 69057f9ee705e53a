import fc from "fast-check";
import { parseOrgFile, type OrgFileProblem } from "../../../provider/gitops/load";

const base = `people:
  - email: ada@example.com
    level: owner
    roles: [Engineering]
  - email: grace@example.com
    level: admin
roles:
  - Engineering
`;

/** The one problem of `text`, asserting there is exactly one. */
function oneProblem(text: string): OrgFileProblem {
  const { value, problems } = parseOrgFile(text, "org.yaml");
  expect(value).toBeUndefined();
  expect(problems).toHaveLength(1);
  return problems[0];
}

describe("org file loader", () => {
  it("accepts a valid file", () => {
    const { value, problems } = parseOrgFile(base, "org.yaml");
    expect(problems).toEqual([]);
    expect(value?.people?.map((p) => p.email)).toEqual(["ada@example.com", "grace@example.com"]);
  });

  it("an empty file declares nothing", () => {
    expect(parseOrgFile("", "org.yaml")).toEqual({ value: {}, problems: [] });
  });

  it("a level typo: one error at the value, naming the choices", () => {
    const p = oneProblem(base.replace("level: admin", "level: admn"));
    expect(p).toMatchObject({ file: "org.yaml", line: 6, column: 12, path: "people[1].level" });
    expect(p.message).toContain('"member", "admin" or "owner"');
  });

  it("an unknown key: one error at the key, listing the keys allowed there", () => {
    const p = oneProblem(base.replace("    level: admin", "    level: admin\n    leval: admin"));
    expect(p).toMatchObject({ line: 7, column: 5, path: "people[1].leval" });
    expect(p.message).toMatch(/unknown key "leval".*email, level, roles, firstName/);
  });

  it("a misspelt required key is one error, with the key it should be", () => {
    const p = oneProblem("people:\n  - email: a@example.com\n    levle: member\n");
    expect(p).toMatchObject({ line: 3, column: 5, path: "people[0].levle" });
    expect(p.message).toContain('Did you mean "level"?');
  });

  it("an unknown top-level key", () => {
    const p = oneProblem(base + "peeple: []\n");
    expect(p).toMatchObject({ line: 9, column: 1, path: "peeple" });
  });

  it("a duplicate email ignoring case: one error at the second entry", () => {
    const p = oneProblem(base.replace("grace@example.com", "Ada@Example.com"));
    expect(p).toMatchObject({ line: 5, column: 12, path: "people[1].email" });
    expect(p.message).toContain("declared twice");
  });

  it("a role named twice: one error at the second", () => {
    const p = oneProblem(base + "  - engineering\n");
    expect(p).toMatchObject({ line: 9, column: 5, path: "roles[1]" });
    expect(p.message).toContain("named twice");
  });

  it("a person naming an undeclared role, or a role twice", () => {
    expect(oneProblem(base.replace("roles: [Engineering]", "roles: [Enginering]"))).toMatchObject({
      line: 4,
      path: "people[0].roles[0]",
    });
    expect(oneProblem(base.replace("roles: [Engineering]", "roles: [Engineering, Engineering]"))).toMatchObject({
      path: "people[0].roles[1]",
    });
  });

  it("a YAML syntax error: one error with its position", () => {
    const p = oneProblem(base.replace("    level: owner", "    level: [owner"));
    expect(p.path).toBe("");
    expect(p.message).toMatch(/^YAML syntax error/);
    expect(p.line).toBeGreaterThanOrEqual(3);
  });

  it("a missing field points at its entry", () => {
    const p = oneProblem("people:\n  - email: ada@example.com\n");
    expect(p).toMatchObject({ line: 2, column: 5, path: "people[0].level" });
    expect(p.message).toMatch(/^level is missing/);
  });

  it("a credential written inline is refused; a secret reference is accepted", () => {
    const file = (value: string) => `projects:
  - name: Web
batchExports:
  - name: to s3
    project: Web
    interval: hour
    destination:
      type: S3
      config:
        bucketName: b
        awsSecretAccessKey: ${value}
`;
    const p = oneProblem(file("hunter2"));
    expect(p).toMatchObject({ line: 11, path: "batchExports[0].destination.config.awsSecretAccessKey" });
    expect(p.message).toContain("{ secret: <config key> }");
    expect(parseOrgFile(file("{ secret: s3Secret }"), "org.yaml").problems).toEqual([]);
  });
});

// Property: whatever the text, the loader returns (never throws), and every problem is located
// inside the text with a path that exists in the parsed document when it names a field.
describe("org file loader on generated files", () => {
  const key = fc.constantFrom(
    "people",
    "roles",
    "rails",
    "policy",
    "projects",
    "email",
    "level",
    "roles",
    "x",
    "name",
    "minOwners",
  );
  const scalar = fc.oneof(
    fc.constantFrom(
      "owner",
      "admin",
      "member",
      "admn",
      "*x",
      "&x a",
      "!!int a",
      "~",
      "ada@example.com",
      "ADA@example.com",
      "Engineering",
      "",
      "1",
      "true",
      "-",
      "[",
      "{",
      ":",
    ),
    fc.integer({ min: -5, max: 200 }).map(String),
    fc.string({ maxLength: 8 }),
  );
  const yamlish = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small" },
      scalar,
      fc
        .array(tie("node"), { maxLength: 3 })
        .map((items) => items.map((i) => `- ${i.replace(/\n/g, "\n  ")}`).join("\n")),
      fc
        .array(fc.tuple(key, tie("node")), { maxLength: 3 })
        .map((pairs) =>
          pairs.map(([k, v]) => (v.includes("\n") ? `${k}:\n  ${v.replace(/\n/g, "\n  ")}` : `${k}: ${v}`)).join("\n"),
        ),
    ),
  }));
  const person = fc.record({
    email: fc.constantFrom("ada@example.com", "Ada@Example.com", "grace@example.com", "not-an-email"),
    level: fc.constantFrom("owner", "admin", "member", "admn"),
    roles: fc.array(fc.constantFrom("Engineering", "Support", "engineering", "Sales"), { maxLength: 3 }),
  });
  const orgFile = fc
    .record({
      people: fc.array(person, { maxLength: 4 }),
      roles: fc.array(fc.constantFrom("Engineering", "Support", "engineering"), { maxLength: 3 }),
      extra: fc.option(fc.constantFrom("peeple: []", "rails:\n  minOwners: x", "policy:\n  people: authoritativ"), {
        nil: undefined,
      }),
    })
    .map(
      ({ people, roles, extra }) =>
        `people:\n${people.map((p) => `  - email: ${p.email}\n    level: ${p.level}\n    roles: [${p.roles.join(", ")}]`).join("\n") || "  []"}\nroles: [${roles.join(", ")}]\n${extra ?? ""}\n`,
    );

  const check = (text: string) => {
    const { value, problems } = parseOrgFile(text, "org.yaml");
    expect(value === undefined).toBe(problems.length > 0);
    const lines = text.split("\n").length;
    for (const p of problems) {
      expect(p.file).toBe("org.yaml");
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.line).toBeLessThanOrEqual(lines);
      expect(p.column).toBeGreaterThanOrEqual(1);
      expect(p.message.length).toBeGreaterThan(10);
      if (!/^(YAML syntax error|YAML error|the org file must be a mapping)/.test(p.message))
        expect(p.path).not.toBe("");
    }
  };

  it("never throws and locates every problem (structured files)", () => {
    fc.assert(fc.property(orgFile, check), { numRuns: 1500 });
  });
  it("never throws and locates every problem (arbitrary YAML-like text)", () => {
    fc.assert(fc.property(yamlish.node, check), { numRuns: 1000 });
  });
});
