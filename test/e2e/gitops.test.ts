// The GitOps layer end to end, with the real pulumi CLI and the package's CLI against the emulator:
// export a 30-member org → up makes 0 writes; a deleted line is reviewed as exactly that removal;
// an out-of-band member is drift (exit 2) and authoritative mode removes them; each rail refuses
// with 0 writes; a fresh stack adopts who already joined with 0 invites; bad files fail with one
// located error.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startTestEmulator, type Bootstrapped, type TestEmulator } from "../helpers/emulator";
import { repoRoot, StackOperationError, TestStack } from "../helpers/stack";
import { seedOrg } from "./gitops-seed";

const cliPath = path.join(repoRoot, "dist/provider/gitops/cli.js");
const pad = (n: number) => String(n).padStart(2, "0");
const memberEmails = Array.from({ length: 29 }, (_, i) => `member-${pad(i + 1)}@example.com`);
const inviteEmails = Array.from({ length: 10 }, (_, i) => `invitee-${pad(i + 1)}@example.com`);

let emulator: TestEmulator;
let boot: Bootstrapped;
let env: Record<string, string>;
let scratch: string;
let orgFile: string;
let stack: TestStack;

/** Runs the posthog-org CLI; resolves with its exit code and output (asynchronously: the emulator answers in this process). */
function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cliPath, ...args], { env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function logged<T>(op: () => Promise<T>) {
  await emulator.control.clearRequests();
  const result = await op();
  const { requests } = await emulator.control.requests();
  return { result, requests, writes: requests.filter((r) => r.method !== "GET") };
}

const routes = (requests: { method: string; path: string }[]) =>
  requests.map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/g, "{id}")}`);

/** A preview's events written as an event-log file, for the CLI's --preview. */
async function previewFile(s: TestStack, name: string, opts: Record<string, unknown> = {}) {
  const { events, failed, message } = await s.previewEvents(opts);
  const file = path.join(scratch, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(events));
  return { file, failed, message };
}

const editFile = (edit: (text: string) => string) => fs.writeFileSync(orgFile, edit(fs.readFileSync(orgFile, "utf8")));
const liveEmails = async () => (await emulator.control.state()).memberships.length;
const isMember = async (email: string) => {
  const s = await emulator.control.state();
  const user = s.users.find((u) => u.email === email);
  return !!user && s.memberships.some((m) => m.user_uuid === user.uuid && m.organization_id === boot.organization.id);
};

/** A stack of the examples/gitops program (the root Pulumi.yaml) reading the org file `file`. */
const openOrgFileStack = (file: string) =>
  TestStack.open({
    projectDir: repoRoot,
    programModule: path.join(repoRoot, "dist/examples/gitops/index.js"),
    env,
    config: { orgFile: { value: file } },
  });
beforeAll(async () => {
  emulator = await startTestEmulator();
  boot = await emulator.control.bootstrap({ org_name: "GitOps Org", email: "owner@example.com" });
  env = {
    POSTHOG_HOST: emulator.url,
    POSTHOG_PERSONAL_API_KEY: boot.api_key,
    POSTHOG_ORGANIZATION_ID: boot.organization.id,
  };
  await seedOrg(emulator.url, boot.api_key, boot.organization.id, {
    members: memberEmails.map((email, i) => ({ email, level: i < 2 ? 8 : 1 })),
    invites: inviteEmails.map((email) => ({ email, level: 1 })),
    roles: Array.from({ length: 5 }, (_, r) => ({
      name: `Role ${r + 1}`,
      members: memberEmails.filter((_, i) => i % 5 === r),
    })),
    projects: ["Web", "Mobile"],
  });
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "pt-gitops-"));
  orgFile = path.join(scratch, "org.yaml");
  stack = await openOrgFileStack(orgFile);
});
afterAll(async () => {
  await stack?.close();
  await emulator?.close();
});

describe("GitOps: export, review, drift, authoritative mode", () => {
  it("exports the live org to a file that `up` adopts with 0 writes, then previews no changes", async () => {
    const exported = await logged(() => cli(["export", "--out", orgFile]));
    expect(exported.result.code).toBe(0);
    expect(exported.writes).toEqual([]);
    console.log(`export requests:\n${routes(exported.requests).join("\n")}`);
    const text = fs.readFileSync(orgFile, "utf8");
    expect(text.match(/- email: /g)).toHaveLength(40); // 30 members + 10 invitees
    expect(text).toContain("Role 5");

    const up = await logged(() => stack.up());
    expect(routes(up.writes)).toEqual([]);
    await stack.preview({ expectNoChanges: true });
  });

  it("reviews a deleted person's line as exactly that removal, and up removes them", async () => {
    editFile((t) =>
      t.replace(/ {2}- email: member-07@example\.com\n {4}level: member\n( {4}roles:\n( {6}- .*\n)+)?/, ""),
    );
    const { file, failed } = await previewFile(stack, "removal");
    expect(failed).toBe(false);
    const review = await cli(["review", "--preview", file]);
    expect(review.code).toBe(0);
    console.log(`review of the removal:\n${review.stdout}`);
    const json = JSON.parse((await cli(["review", "--preview", file, "--format", "json"])).stdout);
    expect(json.losses).toEqual([
      { email: "member-07@example.com", level: "member", status: "member", action: "removed from the organization" },
    ]);
    expect(json.roleChanges).toEqual([{ role: "Role 2", email: "member-07@example.com", change: "removed" }]);
    expect([json.gains, json.levelChanges, json.reinvites, json.other]).toEqual([[], [], [], {}]);
    expect(review.stdout).toContain("- member-07@example.com (member, member): removed from the organization");
    expect(review.stdout).toMatch(/✅ passed: 1 of 30 members removed/);

    await stack.up();
    expect(await isMember("member-07@example.com")).toBe(false);
    expect(await liveEmails()).toBe(29);
  });

  it("reports a member added out of band as drift (exit 2), naming them", async () => {
    const user = await emulator.control.createUser({ email: "intruder@example.com" });
    await emulator.control.addMembership({ organization_id: boot.organization.id, user_uuid: user.uuid, level: 8 });
    const { file } = await previewFile(stack, "drift", { refresh: true });
    const drift = await logged(() => cli(["drift", "--preview", file, "--file", orgFile]));
    console.log(`drift requests:\n${routes(drift.requests).join("\n")}`);
    expect(drift.writes).toEqual([]);
    expect(drift.result.code).toBe(2);
    expect(drift.result.stdout).toContain("- member intruder@example.com (admin)");
    const json = await cli(["drift", "--preview", file, "--file", orgFile, "--format", "json"]);
    expect(JSON.parse(json.stdout).unmanaged.members).toEqual([{ email: "intruder@example.com", level: "admin" }]);
  });

  it("authoritative mode shows the removal in the preview, then removes them on up", async () => {
    editFile((t) => t.replace("people: additive", "people: authoritative"));
    const { file } = await previewFile(stack, "authoritative");
    const review = JSON.parse((await cli(["review", "--preview", file, "--format", "json"])).stdout);
    expect(review.losses).toEqual([
      {
        email: "intruder@example.com",
        level: "",
        status: "undeclared",
        action: "removed (policy.people: authoritative)",
      },
    ]);
    expect(await isMember("intruder@example.com")).toBe(true);
    await stack.up();
    expect(await isMember("intruder@example.com")).toBe(false);
    await stack.preview({ expectNoChanges: true });
    editFile((t) => t.replace("people: authoritative", "people: additive"));
  });
});

describe("GitOps rails refuse at preview, before any write", () => {
  const refused = async (edit: (t: string) => string, rail: string) => {
    const before = fs.readFileSync(orgFile, "utf8");
    editFile(edit);
    try {
      const { writes, result } = await logged(() =>
        stack.up().then(
          () => undefined,
          (err: unknown) => err,
        ),
      );
      expect(result).toBeInstanceOf(StackOperationError);
      expect((result as StackOperationError).message).toContain(`rail ${rail}:`);
      expect(writes).toEqual([]);
      return (result as StackOperationError).message;
    } finally {
      fs.writeFileSync(orgFile, before);
    }
  };

  it("minOwners", async () => {
    const message = await refused((t) => t.replace("minOwners: 1", "minOwners: 2"), "minOwners");
    expect(message).toContain("leaves 1 owner(s), the file requires at least 2");
  });
  it("protectKeyUser: the API key's own user is never demoted", async () => {
    const message = await refused(
      (t) => t.replace("- email: owner@example.com\n    level: owner", "- email: owner@example.com\n    level: admin"),
      "protectKeyUser",
    );
    expect(message).toContain("owner@example.com");
  });
  it("maxRemovedPercent: 8 of 29 members is above 25 %", async () => {
    const message = await refused((t) => {
      let out = t;
      for (let i = 10; i < 18; i++)
        out = out.replace(
          new RegExp(`  - email: member-${pad(i)}@example.com\\n    level: member\\n(    roles:\\n(      - .*\\n)+)?`),
          "",
        );
      return out;
    }, "maxRemovedPercent");
    expect(message).toContain("removes 8 of 29 members (28 %), above the cap of 25 %");
  });
});

describe("GitOps on a fresh stack and with bad files", () => {
  let fresh: TestStack;
  let freshFile: string;
  beforeAll(async () => {
    freshFile = path.join(scratch, "fresh.yaml");
    fresh = await openOrgFileStack(freshFile);
  });
  afterAll(() => fresh?.close());

  it("adopts a person who already joined and takes over a pending invite: 0 invites sent", async () => {
    fs.writeFileSync(
      freshFile,
      `policy:\n  onRemove: retain\npeople:\n  - email: Member-01@example.com\n    level: admin\n  - email: invitee-01@example.com\n    level: member\n`,
    );
    const up = await logged(() => fresh.up());
    expect(routes(up.writes).filter((r) => r.includes("invites"))).toEqual([]);
    const outputs = await fresh.exportStack();
    const people = outputs.deployment.resources.filter((r: any) => r.type.endsWith(":Person"));
    expect(people.map((p: any) => [p.outputs.email, p.outputs.status]).sort()).toEqual([
      ["invitee-01@example.com", "invited"],
      ["member-01@example.com", "member"],
    ]);
  });

  it("follows an invite until it is accepted (no re-invite), and re-sends one that expired", async () => {
    const invites = async () => (await emulator.control.state()).invites;
    fs.writeFileSync(
      freshFile,
      fs.readFileSync(freshFile, "utf8") + "  - email: invitee-02@example.com\n    level: member\n",
    );
    const up = await logged(() => fresh.up());
    expect(routes(up.writes)).toEqual([]);
    // invitee-01 accepts: the Person follows the member, nothing is re-sent.
    const invite = (await invites()).find((i) => i.target_email === "invitee-01@example.com")!;
    await emulator.control.acceptInvite(invite.id);
    await fresh.refresh();
    const accepted = await logged(() => fresh.preview({ expectNoChanges: true }));
    expect(accepted.writes).toEqual([]);
    const statusOf = async (email: string) =>
      (await fresh.exportStack()).deployment.resources.find((r: any) => r.id === email)?.outputs.status;
    expect(await statusOf("invitee-01@example.com")).toBe("member");
    // Past PostHog's 3 days, invitee-02's invite is re-sent on up, in place (the id is the email).
    await emulator.control.advanceClock(4 * 24 * 3600);
    const expired = await logged(() => fresh.up());
    expect(routes(expired.writes).filter((r) => r.startsWith("POST") && r.includes("invites"))).toHaveLength(1);
    expect((await invites()).filter((i) => i.target_email === "invitee-02@example.com")).toHaveLength(1);
    expect(await statusOf("invitee-02@example.com")).toBe("invited");
  });

  const bad: [string, string, RegExp][] = [
    [
      "an unknown key",
      "people:\n  - email: a@example.com\n    levle: member\n",
      /org\.yaml:3:5: people\[0\]\.levle: unknown key/,
    ],
    [
      "a duplicate email",
      "people:\n  - email: a@example.com\n    level: member\n  - email: A@example.com\n    level: admin\n",
      /org\.yaml:4:12: people\[1\]\.email: A@example\.com is declared twice/,
    ],
    [
      "a level typo",
      "people:\n  - email: a@example.com\n    level: ownr\n",
      /org\.yaml:3:12: people\[0\]\.level: level must be/,
    ],
    ["a role named twice", "roles:\n  - Eng\n  - eng\n", /org\.yaml:3:5: roles\[1\]: role "eng" is named twice/],
    ["a YAML syntax error", "people:\n  - email: [a@example.com\n", /org\.yaml:\d+:\d+: \(file\): YAML syntax error/],
  ];
  it.each(bad)("%s: one error with line and field, nothing sent", async (_name, text, expected) => {
    fs.writeFileSync(freshFile, text);
    const { result, writes } = await logged(() =>
      fresh.preview().then(
        () => undefined,
        (err: unknown) => err,
      ),
    );
    expect(result).toBeInstanceOf(StackOperationError);
    // The CLI prints the program's error in its progress and again in its diagnostics.
    const found = (result as StackOperationError).message.match(/fresh\.yaml:\d+:\d+: .*/g) ?? [];
    const errors = [...new Set(found.map((l) => l.trim()))];
    expect(errors).toHaveLength(1);
    expect(errors[0].replace("fresh.yaml", "org.yaml")).toMatch(expected);
    // Pulumi's own one-line form: no JavaScript stack.
    expect((result as StackOperationError).message).not.toMatch(/\n\s+at .*\.js:\d+/);
    expect(writes).toEqual([]);
  });
});
