// Loading an org file: YAML parsed with positions kept, checked by the schema, then the rules that
// span entries (one entry per email, one per role name, roles that exist, projects that exist).
// Every problem names the file, line, column and field path, and says what to write instead; the
// loader never throws on bad input (it returns the problems), so a program can report them all at once.
import * as fs from "node:fs";
import { isMap, isScalar, LineCounter, parseDocument, visit, type Document, type Node } from "yaml";
import type { z } from "zod";
import { CREDENTIAL_KEY, OrgFile } from "./schema";

/** One problem in an org file, located. */
export interface OrgFileProblem {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** The field path, e.g. `people[3].level` (empty for the whole file). */
  path: string;
  message: string;
}

/** The problems of an org file, as one Pulumi-style error: one line per problem, no stack. */
export class OrgFileError extends Error {
  constructor(readonly problems: OrgFileProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "OrgFileError";
  }
}

/** `org.yaml:12:7: people[3].level: level must be …`. */
export function formatProblem(p: OrgFileProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.path || "(file)"}: ${p.message}`;
}

/** `people[3].level` from `["people", 3, "level"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((k, i) => {
      if (typeof k === "number") return `[${k}]`;
      const name = String(k);
      // A key that is not a plain name (empty, spaces, dots) is quoted, so the path never reads as empty.
      if (!/^[A-Za-z_$][\w$-]*$/.test(name)) return `[${JSON.stringify(name)}]`;
      return i === 0 ? name : `.${name}`;
    })
    .join("");
}

/** Parses and checks org file text; `file` names it in messages. Never throws. */
export function parseOrgFile(text: string, file: string): { value?: OrgFile; problems: OrgFileProblem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number, path: readonly PropertyKey[], message: string): OrgFileProblem => {
    const pos = lines.linePos(offset);
    return { file, line: pos.line, column: pos.col, path: formatPath(path), message };
  };
  if (doc.errors.length > 0) {
    // The first syntax error is the one to fix; later ones usually follow from it.
    const e = doc.errors[0];
    const message = e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    return { problems: [at(e.pos[0], [], `YAML syntax error: ${message}. Fix the YAML at this position.`)] };
  }
  let raw: unknown;
  try {
    // Aliases resolve here; one without its anchor (or one that expands too far) throws.
    raw = doc.contents === null ? {} : doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    let offset = 0;
    visit(doc, {
      Alias(_key, node) {
        if (node.resolve(doc) === undefined && node.range) {
          offset = node.range[0];
          return visit.BREAK;
        }
      },
    });
    const reason = (err as Error).message.split("\n")[0];
    return {
      problems: [
        at(
          offset,
          [],
          `YAML error: ${reason}. Define the anchor (&name) before its alias (*name), or write the value out.`,
        ),
      ],
    };
  }
  const locate = (path: readonly PropertyKey[]) => nodeOffset(doc, path);
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    return {
      problems: [
        at(
          0,
          [],
          "the org file must be a mapping of keys (people:, roles:, projects:, …), not a list or a single value.",
        ),
      ],
    };
  const result = OrgFile.safeParse(raw);
  if (!result.success) {
    // A misspelt key is one mistake, not two: the "missing" error of the key it should have been goes.
    const misspelt = result.error.issues
      .filter((i) => i.code === "unrecognized_keys")
      .map((i) => JSON.stringify(i.path));
    const issues = result.error.issues.filter(
      (i) =>
        i.code === "unrecognized_keys" ||
        valueAt(raw, i.path) !== undefined ||
        !misspelt.includes(JSON.stringify(i.path.slice(0, -1))),
    );
    return { problems: issues.map((issue) => problemOf(issue, doc, raw, at, locate)) };
  }
  const problems = crossChecks(result.data, (path, message) => at(locate(path), path, message));
  return problems.length > 0 ? { problems } : { value: result.data, problems: [] };
}

/** Reads and checks an org file; throws {@link OrgFileError} listing every problem. */
export function loadOrgFile(file: string, displayName = file): OrgFile {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new OrgFileError([
      {
        file: displayName,
        line: 1,
        column: 1,
        path: "",
        message: `cannot read the org file: ${(err as Error).message}`,
      },
    ]);
  }
  const { value, problems } = parseOrgFile(text, displayName);
  if (!value) throw new OrgFileError(problems);
  return value;
}

type At = (offset: number, path: readonly PropertyKey[], message: string) => OrgFileProblem;

function problemOf(
  issue: z.core.$ZodIssue,
  doc: Document,
  raw: unknown,
  at: At,
  locate: (path: readonly PropertyKey[]) => number,
): OrgFileProblem {
  const path = issue.path;
  if (issue.code === "unrecognized_keys") {
    const unknown = issue.keys[0];
    const parent = doc.getIn(path, true);
    const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === unknown) : undefined;
    const offset = (pair?.key as Node | undefined)?.range?.[0] ?? locate(path);
    const allowed = allowedKeys(path);
    const near = allowed.find((k) => distance(k.toLowerCase(), unknown.toLowerCase()) <= 2);
    const hint =
      (near ? ` Did you mean "${near}"?` : "") +
      (allowed.length > 0 ? ` The keys here are: ${allowed.join(", ")}.` : "");
    const more = issue.keys.length > 1 ? ` (and ${issue.keys.length - 1} more unknown key(s) here)` : "";
    return at(offset, [...path, unknown], `unknown key "${unknown}"${more}: remove it or fix its spelling.${hint}`);
  }
  const missing = valueAt(raw, path) === undefined;
  const last = path[path.length - 1];
  const message = missing ? `${String(last)} is missing: ${issue.message}` : issue.message;
  return at(locate(path), path, message);
}

/** The offset of the node at `path`, or of its nearest existing ancestor. */
function nodeOffset(doc: Document, path: readonly PropertyKey[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
    if (node && typeof node === "object" && node.range) return node.range[0];
  }
  return 0;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v: any = raw;
  for (const k of path) v = v == null ? undefined : v[k as any];
  return v;
}

/** The keys the schema accepts at an object path (for "the keys here are" hints). */
function allowedKeys(path: readonly PropertyKey[]): string[] {
  let s: any = OrgFile;
  const unwrap = () => {
    while (s?._zod?.def?.type === "optional" || s?._zod?.def?.type === "default") s = s._zod.def.innerType;
  };
  unwrap();
  for (const k of path) {
    if (s?._zod?.def?.type === "array" && typeof k === "number") s = s._zod.def.element;
    else if (s?._zod?.def?.type === "object") s = s._zod.def.shape[k as string];
    else return [];
    unwrap();
  }
  return s?._zod?.def?.type === "object" ? Object.keys(s._zod.def.shape) : [];
}

/** The rules that span entries, which the schema alone cannot express. */
function crossChecks(file: OrgFile, problem: (path: PropertyKey[], message: string) => OrgFileProblem) {
  const problems: OrgFileProblem[] = [];
  const seen = new Map<string, number>();
  (file.roles ?? []).forEach((name, i) => {
    const k = name.toLowerCase();
    if (seen.has(k))
      problems.push(
        problem(
          ["roles", i],
          `role "${name}" is named twice (also roles[${seen.get(k)}], names ignore case): keep one.`,
        ),
      );
    else seen.set(k, i);
  });
  const emails = new Map<string, number>();
  (file.people ?? []).forEach((p, i) => {
    const k = p.email.toLowerCase();
    if (emails.has(k))
      problems.push(
        problem(
          ["people", i, "email"],
          `${p.email} is declared twice (also people[${emails.get(k)}], emails ignore case): keep one entry per person.`,
        ),
      );
    else emails.set(k, i);
    const mine = new Set<string>();
    (p.roles ?? []).forEach((r, j) => {
      const rk = r.toLowerCase();
      if (mine.has(rk))
        problems.push(problem(["people", i, "roles", j], `role "${r}" is listed twice for ${p.email}: keep one.`));
      else if (!seen.has(rk))
        problems.push(
          problem(["people", i, "roles", j], `role "${r}" is not declared: add it under roles:, or fix its spelling.`),
        );
      mine.add(rk);
    });
  });
  const projects = new Map<string, number>();
  (file.projects ?? []).forEach((p, i) => {
    if (projects.has(p.name))
      problems.push(
        problem(
          ["projects", i, "name"],
          `project "${p.name}" is declared twice (also projects[${projects.get(p.name)}]): keep one.`,
        ),
      );
    else projects.set(p.name, i);
  });
  const unique = (list: { domain: string }[] | undefined, key: string) => {
    const found = new Map<string, number>();
    (list ?? []).forEach((d, i) => {
      const k = d.domain.toLowerCase().replace(/\.$/, "");
      if (found.has(k))
        problems.push(
          problem([key, i, "domain"], `${d.domain} is declared twice (also ${key}[${found.get(k)}]): keep one.`),
        );
      else found.set(k, i);
    });
  };
  unique(file.domains, "domains");
  unique(file.proxyRecords, "proxyRecords");
  (file.batchExports ?? []).forEach((b, i) => {
    if (!projects.has(b.project))
      problems.push(
        problem(
          ["batchExports", i, "project"],
          `project "${b.project}" is not declared: add it under projects:, or fix the name.`,
        ),
      );
    for (const [k, v] of Object.entries(b.destination.config ?? {})) {
      if (CREDENTIAL_KEY.test(k) && (typeof v !== "object" || Array.isArray(v)))
        problems.push(
          problem(
            ["batchExports", i, "destination", "config", k],
            `${k} is a credential and must not be written in the file: write { secret: <config key> } and store it with \`pulumi config set --secret <config key> …\`.`,
          ),
        );
    }
  });
  return problems;
}

/** Levenshtein distance, for "did you mean" on misspelt keys. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}
