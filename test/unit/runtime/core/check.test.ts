import { z } from "zod";
import { failuresFromIssues } from "../../../../provider/runtime/core/check";
import { UNKNOWN } from "../../../../provider/runtime/core/unknowns";

const schema = z.strictObject({
  name: z.string().min(1, "name must not be empty: give the role a name"),
  level: z.number().optional(),
  nested: z.object({ count: z.number() }).optional(),
});

function failures(input: Record<string, unknown>) {
  const result = schema.safeParse(input);
  return result.success ? [] : failuresFromIssues(result.error.issues, input);
}

describe("failuresFromIssues", () => {
  it("names the property and ends the reason with a full stop", () => {
    expect(failures({ name: "" })).toEqual([
      { property: "name", reason: "name must not be empty: give the role a name." },
    ]);
  });
  it("joins nested paths with dots", () => {
    expect(failures({ name: "a", nested: { count: "x" } })[0].property).toBe("nested.count");
  });
  it("skips issues about values that are unknown at preview", () => {
    expect(failures({ name: "a", level: UNKNOWN })).toEqual([]);
    expect(failures({ name: "a", nested: UNKNOWN })).toEqual([]);
  });
  it("names each unknown key and says how to fix it", () => {
    expect(failures({ name: "a", nmae: "b" })).toEqual([
      { property: "nmae", reason: '"nmae" is not an input of this resource. Remove it or check its spelling.' },
    ]);
  });
});

describe("failuresFromIssues on rules without a message of their own", () => {
  const bare = z.strictObject({ label: z.string().optional(), tags: z.array(z.string()).optional() });
  const bareFailures = (input: Record<string, unknown>) => {
    const result = bare.safeParse(input);
    return result.success ? [] : failuresFromIssues(result.error.issues, input);
  };
  it("words zod's defaults in the project's terms, naming the property", () => {
    expect(bareFailures({ label: true })).toEqual([
      { property: "label", reason: "label must be a string, not true or false." },
    ]);
    expect(bareFailures({ tags: ["a", 3] })).toEqual([
      { property: "tags.1", reason: "tags.1 must be a string, not a number." },
    ]);
  });
  it("cuts a long echoed value and a long unknown key short", () => {
    const long = "Europe/".repeat(3000);
    const zone = z.strictObject({
      tz: z.string().refine(() => false, { error: (i) => `tz "${String(i.input)}" is unknown` }),
    });
    const [failure] = failuresFromIssues(zone.safeParse({ tz: long }).error!.issues, { tz: long });
    expect(failure.reason).toMatch(/^tz "Europe\/Europe\/.*…" \(21,000 characters\) is unknown\.$/);
    const [unknownKey] = failures({ name: "a", [long]: 1 });
    expect(unknownKey.reason.length).toBeLessThan(200);
  });
});
