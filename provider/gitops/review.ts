// `review`: a preview as a pull-request comment a reviewer who never saw Pulumi can read: who
// gains access, who loses it, level changes (owner and admin grants highlighted), role membership
// changes, invites re-sent and why, other changes counted by kind, and the rails' verdicts.
import type { Kind } from "../runtime";
import { messages, type Preview, type Step } from "./preview";

/** The facts of a review, before they are written as Markdown. */
export interface Review {
  gains: { email: string; level: string }[];
  losses: { email: string; level: string; status: string; action: string }[];
  levelChanges: { email: string; from: string; to: string; status: string }[];
  roleChanges: { role: string; email: string; change: "added" | "removed" }[];
  reinvites: { email: string; reason: string }[];
  other: Record<string, number>;
  rails: { verdict: "passed" | "refused"; message: string }[];
  unmanaged: string[];
  errors: string[];
}

/** Whether the step is of `kind`: a kind this package does not serve does not compile. */
const is = (s: Step, kind: Kind | "Org" | "Stack") => s.kind === kind;
const isChange = (s: Step) => s.op !== "same" && s.op !== "read" && s.op !== "refresh";
const granted = (level: string) => level === "owner" || level === "admin";

function removalAction(s: Step): string {
  const policy = s.olds.onRemove ?? s.oldInputs.onRemove ?? "remove";
  const invited = s.olds.status !== "member";
  if (policy === "retain") return "stops being managed; keeps access (policy retain)";
  if (invited) return "pending invite revoked";
  return policy === "downgrade" ? "level set to member (policy downgrade)" : "removed from the organization";
}

/** Extracts the review facts from a preview. */
export function buildReview(preview: Preview): Review {
  const r: Review = {
    gains: [],
    losses: [],
    levelChanges: [],
    roleChanges: [],
    reinvites: [],
    other: {},
    rails: [],
    unmanaged: [],
    errors: [],
  };
  for (const s of preview.steps.filter(isChange)) {
    if (is(s, "Person")) {
      const email = s.news.email ?? s.olds.email;
      if (s.op === "create") r.gains.push({ email, level: s.news.level });
      else if (s.op === "delete")
        r.losses.push({ email, level: s.olds.level, status: s.olds.status, action: removalAction(s) });
      else if (s.op === "update" || s.op === "replace") {
        if (s.olds.level !== s.news.level)
          r.levelChanges.push({ email, from: s.olds.level, to: s.news.level, status: s.olds.status });
        if (s.olds.status !== "member" && (s.diffs.includes("status") || s.olds.level !== s.news.level))
          r.reinvites.push({
            email,
            reason:
              s.olds.level !== s.news.level
                ? `the level changed to ${s.news.level}; PostHog cannot edit an invite, so a new one is sent`
                : `the invite sent ${s.olds.invitedAt ?? "earlier"} expired ${s.olds.expiresAt ?? ""} (policy onExpired: reinvite)`
                    .replace(/ \(/, " (")
                    .trim(),
          });
      }
      continue;
    }
    if (is(s, "RoleMembership") && (s.op === "create" || s.op === "delete")) {
      const parts = s.name.split("/");
      const email = s.news.email ?? s.olds.memberEmail ?? parts[parts.length - 1];
      const role = parts.length >= 3 ? parts.slice(1, -1).join("/") : (s.olds.roleId ?? "?");
      r.roleChanges.push({ role, email, change: s.op === "create" ? "added" : "removed" });
      continue;
    }
    if (is(s, "Roster") && Array.isArray(s.news.remove) && s.news.remove.length > 0) {
      for (const email of s.news.remove)
        r.losses.push({ email, level: "", status: "undeclared", action: "removed (policy.people: authoritative)" });
      continue;
    }
    if (is(s, "Roster") || is(s, "Org") || is(s, "Stack")) continue;
    const key = `${s.kind} ${s.op}`;
    r.other[key] = (r.other[key] ?? 0) + 1;
  }
  for (const m of [...messages(preview, "warning"), ...messages(preview, "info")]) {
    if (/^rails: /.test(m))
      r.rails.push({ verdict: "passed", message: m.replace(/^rails: /, "").replace(/: passed\.$/, ".") });
    else if (/unmanaged access|undeclared access/.test(m)) r.unmanaged.push(m);
  }
  // The program reads PostHog before the run: someone this change removes still shows there as
  // undeclared. Only what stays after the change is worth a reviewer's attention.
  const leaving = new Set(r.losses.map((l) => l.email.toLowerCase()));
  r.unmanaged = r.unmanaged.filter((m) =>
    (m.match(/[^\s,;:()]+@[^\s,;:()]+/g) ?? []).some((e) => !leaving.has(e.toLowerCase())),
  );
  for (const m of messages(preview, "error")) {
    const rails = m.match(/rail \w+: [^\n]*/g);
    if (rails) for (const rail of rails) r.rails.push({ verdict: "refused", message: rail });
    else
      r.errors.push(
        m
          .split("\n")
          .filter((l) => l.trim())
          .slice(-3)
          .join(" "),
      );
  }
  return r;
}

const bold = (level: string) => (granted(level) ? `**${level}** ⚠️` : level);

/** Writes the review as Markdown for a pull-request comment. */
export function reviewMarkdown(r: Review): string {
  const out: string[] = ["## PostHog organization: what this change does", ""];
  const refused = r.rails.some((x) => x.verdict === "refused") || r.errors.length > 0;
  if (refused) out.push("**This change is refused: nothing will be applied until the problems below are fixed.**", "");
  const section = (title: string, rows: string[], none: string) => {
    out.push(`### ${title}`, "", ...(rows.length ? rows : [`_${none}_`]), "");
  };
  section(
    "Who gains access",
    r.gains.map(
      (g) =>
        `- ${g.email} as ${bold(g.level)} (invited by email, or taken over if they already joined or hold a pending invite)`,
    ),
    "Nobody.",
  );
  section(
    "Who loses access",
    r.losses.map((l) => `- ${l.email}${l.level ? ` (${l.level}, ${l.status})` : ""}: ${l.action}`),
    "Nobody.",
  );
  section(
    "Level changes",
    r.levelChanges.map(
      (c) => `- ${c.email}: ${c.from} → ${bold(c.to)}${c.status === "member" ? "" : " (not joined yet)"}`,
    ),
    "None.",
  );
  section(
    "Role membership changes",
    r.roleChanges.map((c) => `- ${c.email} ${c.change === "added" ? "added to" : "removed from"} role ${c.role}`),
    "None.",
  );
  section(
    "Invites re-sent",
    r.reinvites.map((i) => `- ${i.email}: ${i.reason}`),
    "None.",
  );
  const other = Object.entries(r.other).sort();
  section(
    "Other changes",
    other.map(([k, n]) => `- ${k}: ${n}`),
    "None.",
  );
  section(
    "Safety rails",
    r.rails.map((x) => `- ${x.verdict === "refused" ? "❌ refused" : "✅ passed"}: ${x.message}`),
    "No verdict in this preview (no org file roster).",
  );
  if (r.unmanaged.length)
    section(
      "Access not in the org file",
      r.unmanaged.map((u) => `- ${u}`),
      "",
    );
  if (r.errors.length)
    section(
      "Errors",
      r.errors.map((e) => `- ${e}`),
      "",
    );
  return out.join("\n").trimEnd() + "\n";
}
