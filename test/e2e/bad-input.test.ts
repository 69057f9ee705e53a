import { previewRefusal, useStack } from "../helpers/e2e";

// Bad input fails at preview with a message that names the property and the fix, and nothing is
// sent to PostHog: no request at all where the inputs alone show the problem, no write where a
// read-only lookup was needed (is this person a member?).
describe("bad input is refused at preview", () => {
  const e2e = useStack("test/e2e/programs/bad-input", "E2E Bad Input");

  const failure = (which: string) => previewRefusal(e2e(), { case: which });

  const local: [string, RegExp[]][] = [
    ["empty role name", [/name must not be empty: give the role a name/]],
    ["201-character role name", [/name is longer than PostHog's limit of 200 characters: shorten it/]],
    ["empty project name", [/name must not be empty: give the project a name/]],
    ["unknown timezone", [/timezone "Mars\/Olympus_Mons" is not an IANA time zone; use a name like "Europe\/Berlin"/]],
    ["misspelled input", [/"nmae" is not an input of this resource\. Remove it or check its spelling\./]],
    ["membership without a member", [/Set exactly one of userUuid and email/]],
  ];
  it.each(local)("%s: fails at preview, says how to fix it, sends nothing", async (which, patterns) => {
    const { output, requests } = await failure(which);
    for (const p of patterns) expect(output).toMatch(p);
    expect(requests).toEqual([]);
  });

  it("same role name twice in any case: fails at preview like Pulumi's own errors, sends only the identity check", async () => {
    const { output, requests } = await failure("same role name twice in any case");
    expect(output).toMatch(/Role name "engineering" is declared twice, by "a" and by "b"/);
    expect(output).toMatch(/Rename or remove one of them/);
    // A pulumi.RunError: one line, no JavaScript stack.
    expect(output).not.toMatch(/\n\s+at .*\.js:\d+/);
    expect(output).not.toMatch(/claims\.(js|ts)/);
    // Role "a" is valid on its own and reaches the engine before "b" fails the program, so its
    // check runs the once-per-process connection check (GET /api/users/@me/); nothing else is sent.
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/users/@me/"]);
  });

  it("membership for a non-member, its role created in the same program: fails at preview naming email, sends only the reads the check needs", async () => {
    const { output, requests } = await failure("membership for a non-member");
    expect(output).toMatch(/stranger@example\.com is not a member of organization/);
    expect(output).toMatch(/Invite them first/);
    // The connection check and the organization's member list; no role is created, nothing written.
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /api/users/@me/",
      `GET /api/organizations/${e2e().boot.organization.id}/members/`,
    ]);
  });

  it("import: on a dynamic resource fails with one line pointing to adopt, sends nothing", async () => {
    const { output, requests } = await failure("import instead of adopt");
    expect(output).toMatch(/Role "r": the `import` option does not work for Pulumi dynamic resources/);
    expect(output).toMatch(/set `adopt: true`/);
    // Refused in the program, before the engine's import could crash the dynamic-provider host.
    expect(output).not.toMatch(/code must be a string/);
    expect(output).not.toMatch(/\n\s+at .*\.js:\d+/);
    expect(requests).toEqual([]);
  });
});
