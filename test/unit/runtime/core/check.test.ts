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
