import { parsePreview } from "../../../provider/gitops/preview";
import { buildReview, reviewMarkdown } from "../../../provider/gitops/review";

// The shape of `pulumi preview --json` (steps with oldState/newState, diagnostics); the event-log
// shape is exercised end to end in test/e2e/gitops.test.ts.
const urn = (type: string, name: string) =>
  `urn:pulumi:prod::posthog-org::posthog:gitops:Org$pulumi-nodejs:dynamic/posthog:${type}::${name}`;
const preview = {
  steps: [
    {
      op: "create",
      urn: urn("Person", "org/new@example.com"),
      newState: { type: "pulumi-nodejs:dynamic/posthog:Person", inputs: { email: "new@example.com", level: "owner" } },
    },
    {
      op: "update",
      urn: urn("Person", "org/late@example.com"),
      oldState: {
        type: "pulumi-nodejs:dynamic/posthog:Person",
        inputs: {},
        outputs: {
          email: "late@example.com",
          level: "member",
          status: "expired",
          invitedAt: "2026-11-01T00:00:00Z",
          expiresAt: "2026-11-04T00:00:00Z",
        },
      },
      newState: {
        type: "pulumi-nodejs:dynamic/posthog:Person",
        inputs: { email: "late@example.com", level: "member" },
      },
      diffReasons: ["status"],
    },
    {
      op: "update",
      urn: urn("Person", "org/bob@example.com"),
      oldState: {
        type: "pulumi-nodejs:dynamic/posthog:Person",
        outputs: { email: "bob@example.com", level: "member", status: "member" },
      },
      newState: { type: "pulumi-nodejs:dynamic/posthog:Person", inputs: { email: "bob@example.com", level: "admin" } },
      diffReasons: ["level"],
    },
    {
      op: "create",
      urn: urn("Project", "org/Web"),
      newState: { type: "pulumi-nodejs:dynamic/posthog:Project", inputs: { name: "Web" } },
    },
    { op: "same", urn: urn("Role", "org/Eng"), newState: { type: "pulumi-nodejs:dynamic/posthog:Role", inputs: {} } },
  ],
  diagnostics: [
    {
      severity: "warning",
      message: "rails: 0 of 5 members removed (cap 25 %), 2 owner(s) after (minimum 1): passed.\n",
    },
  ],
};

describe("review of a `pulumi preview --json`", () => {
  const review = buildReview(parsePreview(JSON.stringify(preview)));

  it("sorts steps into gains, level changes, re-sent invites and other changes", () => {
    expect(review.gains).toEqual([{ email: "new@example.com", level: "owner" }]);
    expect(review.levelChanges).toEqual([{ email: "bob@example.com", from: "member", to: "admin", status: "member" }]);
    expect(review.reinvites).toEqual([
      { email: "late@example.com", reason: expect.stringContaining("expired 2026-11-04T00:00:00Z") },
    ]);
    expect(review.other).toEqual({ "Project create": 1 });
    expect(review.rails).toEqual([{ verdict: "passed", message: expect.stringContaining("0 of 5 members removed") }]);
  });

  it("highlights owner and admin grants in the Markdown", () => {
    const md = reviewMarkdown(review);
    expect(md).toContain("- new@example.com as **owner** ⚠️");
    expect(md).toContain("- bob@example.com: member → **admin** ⚠️");
    expect(md).not.toContain("refused");
  });

  it("reads a refused preview's rails from its error diagnostics", () => {
    const refused = buildReview(
      parsePreview(
        JSON.stringify({
          diagnostics: [
            {
              severity: "error",
              message: "people: rail minOwners: this change leaves 0 owner(s), the file requires at least 1.",
            },
          ],
        }),
      ),
    );
    expect(refused.rails).toEqual([
      { verdict: "refused", message: expect.stringMatching(/^rail minOwners: .*0 owner/) },
    ]);
    expect(reviewMarkdown(refused)).toContain("This change is refused");
  });
});
