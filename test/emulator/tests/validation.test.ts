import { ApiError } from "../http/errors";
import {
  type FieldSpec,
  convertField,
  isValidEmail,
  parseDateTime,
  parseUuid,
  validateBody,
} from "../policy/validation";

/** Runs convertField and returns the value or the envelope of its error. */
function run(spec: FieldSpec, value: unknown): unknown {
  try {
    return { value: convertField(spec, value, "f") };
  } catch (e) {
    return (e as ApiError).body;
  }
}

const err = (code: string, detail: string) => ({ type: "validation_error", code, detail, attr: "f" });

describe("DRF field validation", () => {
  it.each([
    ["trims strings", { type: "string" }, "  x  ", { value: "x" }],
    ["accepts numbers as strings", { type: "string" }, 12, { value: "12" }],
    ["refuses booleans as strings", { type: "string" }, true, err("invalid_input", "Not a valid string.")],
    ["refuses blank strings", { type: "string" }, "   ", err("blank", "This field may not be blank.")],
    ["allows blank when asked", { type: "string", blank: true }, "", { value: "" }],
    [
      "limits length",
      { type: "string", max: 3 },
      "abcd",
      err("max_length", "Ensure this field has no more than 3 characters."),
    ],
    [
      "requires a minimum length",
      { type: "string", min: 2 },
      "a",
      err("min_length", "Ensure this field has at least 2 characters."),
    ],
    ["refuses null unless nullable", { type: "string" }, null, err("null", "This field may not be null.")],
    ["accepts null when nullable", { type: "string", nullable: true }, null, { value: null }],
    ["coerces boolean words", { type: "boolean" }, "yes", { value: true }],
    ["refuses other booleans", { type: "boolean" }, "maybe", err("invalid_input", "Must be a valid boolean.")],
    ["parses integers from strings", { type: "integer" }, "42", { value: 42 }],
    ["accepts integral floats", { type: "integer" }, 3.0, { value: 3 }],
    ["refuses fractional integers", { type: "integer" }, 3.5, err("invalid_input", "A valid integer is required.")],
    ["refuses booleans as integers", { type: "integer" }, true, err("invalid_input", "A valid integer is required.")],
    [
      "checks integer bounds",
      { type: "integer", max: 5 },
      6,
      err("max_value", "Ensure this value is less than or equal to 5."),
    ],
    [
      "checks integer lower bounds",
      { type: "integer", min: 0 },
      -1,
      err("min_value", "Ensure this value is greater than or equal to 0."),
    ],
    ["selects integer choices by string", { type: "choice", choices: [1, 8, 15] }, "8", { value: 8 }],
    [
      "names the invalid choice",
      { type: "choice", choices: [1, 8, 15] },
      5,
      err("invalid_choice", '"5" is not a valid choice.'),
    ],
    [
      "renders Python's True in choice errors",
      { type: "choice", choices: ["a"] },
      true,
      err("invalid_choice", '"True" is not a valid choice.'),
    ],
    ["validates emails", { type: "email" }, "a@b", err("invalid_input", "Enter a valid email address.")],
    [
      "normalizes UUIDs",
      { type: "uuid" },
      "A0EEBC999C0B4EF8BB6D6BB9BD380A11",
      { value: "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11" },
    ],
    ["refuses malformed UUIDs", { type: "uuid" }, "nope", err("invalid_input", "Must be a valid UUID.")],
    ["refuses non-lists", { type: "list" }, "x", err("not_a_list", 'Expected a list of items but got type "str".')],
    [
      "refuses non-dicts",
      { type: "dict" },
      [1],
      err("not_a_dict", 'Expected a dictionary of items but got type "list".'),
    ],
  ] as [string, FieldSpec, unknown, unknown][])("%s", (_name, spec, value, expected) => {
    expect(run(spec, value)).toEqual(expected);
  });

  it("reports datetimes with DRF's format hint", () => {
    expect(run({ type: "datetime" }, "2024-01-01")).toEqual(
      err(
        "invalid_input",
        "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].",
      ),
    );
    expect(run({ type: "datetime" }, "2024-01-01T10:00:00+02:00")).toEqual({ value: "2024-01-01T08:00:00.000Z" });
  });

  it("reports the first error in field order and ignores unknown and read-only fields", () => {
    const fields = {
      a: { type: "string", required: true },
      b: { type: "integer" },
      c: { type: "string", readOnly: true },
    } as const;
    expect(() => validateBody({ b: "x" }, fields)).toThrow("This field is required.");
    expect(validateBody({ a: "1", c: "ignored", z: 1 }, fields)).toEqual({ a: "1" });
    expect(validateBody({ b: 2 }, fields, { partial: true })).toEqual({ b: 2 });
    expect(() => validateBody(null, fields)).toThrow("This field may not be null.");
    expect(() => validateBody("x", fields)).toThrow("Invalid data. Expected a dictionary, but got str.");
  });

  it("parses UUIDs, datetimes and emails like Python", () => {
    expect(parseUuid("urn:uuid:a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")).toBe("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    expect(parseDateTime("2024-02-30T00:00:00Z")).toBeNull();
    expect(isValidEmail("first.last+tag@sub.example.co")).toBe(true);
    expect(isValidEmail("a@-bad.com")).toBe(false);
  });
});
