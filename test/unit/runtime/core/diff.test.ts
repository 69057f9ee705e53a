import { z } from "zod";
import { computeChanges } from "../../../../provider/runtime/core/diff";
import type { AnySpec } from "../../../../provider/runtime/core/spec";
import { UNKNOWN } from "../../../../provider/runtime/core/unknowns";

// The time diff rules are judged at (computeChanges takes it from the caller).
const NOW = Date.now();

const base = {
  kind: "Thing",
  stateVersion: 1,
  args: z.object({}),
  id: () => "1",
  toState: () => ({}),
  create: async () => ({}),
  retrieve: async () => ({}),
  delete: async () => {},
} satisfies Partial<AnySpec>;
const updatable: AnySpec = {
  ...base,
  update: async () => ({}),
  replaceOnChanges: ["organizationId"],
  normalize: { email: (v: unknown) => String(v).toLowerCase() },
};
const immutable: AnySpec = { ...base };

describe("computeChanges", () => {
  const cases: [
    string,
    AnySpec,
    Record<string, unknown>,
    Record<string, unknown>,
    { changed: string[]; replaces: string[] },
  ][] = [
    [
      "reports nothing when inputs equal the state",
      updatable,
      { name: "a", organizationId: "o" },
      { name: "a", organizationId: "o" },
      { changed: [], replaces: [] },
    ],
    [
      "reports an in-place change for an updatable field",
      updatable,
      { name: "a" },
      { name: "b" },
      { changed: ["name"], replaces: [] },
    ],
    [
      "replaces when a replace-on-change field differs",
      updatable,
      { organizationId: "o1" },
      { organizationId: "o2" },
      { changed: ["organizationId"], replaces: ["organizationId"] },
    ],
    [
      "ignores inputs the program leaves unset",
      updatable,
      { name: "a", timezone: "UTC" },
      { name: "a" },
      { changed: [], replaces: [] },
    ],
    [
      "treats an unknown value as a change",
      updatable,
      { name: "a" },
      { name: UNKNOWN },
      { changed: ["name"], replaces: [] },
    ],
    [
      "treats an unknown replace field as a replacement",
      updatable,
      { organizationId: "o" },
      { organizationId: UNKNOWN },
      { changed: ["organizationId"], replaces: ["organizationId"] },
    ],
    [
      "compares through normalize (email case)",
      updatable,
      { email: "Ada@Example.com" },
      { email: "ada@example.com" },
      { changed: [], replaces: [] },
    ],
    [
      "compares objects regardless of key order",
      updatable,
      { settings: { a: 1, b: 2 } },
      { settings: { b: 2, a: 1 } },
      { changed: [], replaces: [] },
    ],
    [
      "sees drift that refresh wrote into the state",
      updatable,
      { name: "renamed in the UI" },
      { name: "a" },
      { changed: ["name"], replaces: [] },
    ],
    [
      "replaces on any change when the spec has no update",
      immutable,
      { roleId: "r1" },
      { roleId: "r2" },
      { changed: ["roleId"], replaces: ["roleId"] },
    ],
    ["never diffs __provider", updatable, { __provider: "old" }, { __provider: "new" }, { changed: [], replaces: [] }],
  ];
  it.each(cases)("%s", (_name, spec, olds, news, expected) => {
    expect(computeChanges(spec, olds, news, NOW)).toEqual(expected);
  });
});

describe("computeChanges with a spec's refineDiff", () => {
  it("hands the input changes, the state, the inputs and PostHog's time to refineDiff, and returns its answer", () => {
    const refineDiff = jest.fn(() => ({ changed: ["status"], replaces: ["status"] }));
    const spec: AnySpec = { ...updatable, refineDiff };
    const state = { name: "a", status: "pending" };
    expect(computeChanges(spec, state, { name: "b" }, 1_700_000_000_000)).toEqual({
      changed: ["status"],
      replaces: ["status"],
    });
    expect(refineDiff).toHaveBeenCalledWith(
      { changed: ["name"], replaces: [] },
      state,
      { name: "b" },
      1_700_000_000_000,
    );
  });
});
