import { listValidationError, pythonRepr } from "../http/errors";

describe("pythonRepr", () => {
  // Expected values are Python 3's repr() of the same strings.
  it.each([
    ["plain", "'plain'"],
    ["don't", `"don't"`],
    ['say "hi"', `'say "hi"'`],
    [`both ' and "`, `'both \\' and "'`],
    ["back\\slash", "'back\\\\slash'"],
    ["tab\there\nnl", "'tab\\there\\nnl'"],
    ["nbsp\u00a0x", "'nbsp\\xa0x'"],
    ["zw\u200bj", "'zw\\u200bj'"],
    ["é ü 日本", "'é ü 日本'"],
    ["emoji 😀", "'emoji 😀'"],
    ["ctl\u0007", "'ctl\\x07'"],
  ])("%j", (text, expected) => {
    expect(pythonRepr(text)).toBe(expected);
  });
});

describe("listValidationError", () => {
  it("renders the first item's field error as exceptions_hog str()s it", () => {
    const e = listValidationError([
      { type: "validation_error", code: "invalid_input", detail: "It's wrong.", attr: "target_email" },
      null,
    ]);
    expect(e.status).toBe(400);
    expect(e.body).toEqual({
      type: "validation_error",
      code: "{'target_email': ['invalid']}",
      detail: `{'target_email': [ErrorDetail(string="It's wrong.", code='invalid')]}`,
      attr: null,
    });
  });

  it("keeps a code other than invalid as DRF raised it", () => {
    const e = listValidationError([
      { type: "validation_error", code: "max_length", detail: "Too long.", attr: "first_name" },
    ]);
    expect((e.body as { code: string }).code).toBe("{'first_name': ['max_length']}");
  });

  it("gives {} when the first item is valid", () => {
    const e = listValidationError([
      null,
      { type: "validation_error", code: "required", detail: "This field is required.", attr: "target_email" },
    ]);
    expect(e.body).toEqual({ type: "validation_error", code: "{}", detail: "{}", attr: null });
  });
});
