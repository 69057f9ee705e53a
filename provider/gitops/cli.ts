#!/usr/bin/env node
// posthog-org: the GitOps command line (the package's `bin`). Settings come from the environment,
// as for the provider: POSTHOG_HOST, POSTHOG_PERSONAL_API_KEY, POSTHOG_ORGANIZATION_ID. The key is
// never printed.
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { getClient } from "../client";
import { resolveConfig } from "../config";
import { readLive } from "./live";
import { loadOrgFile } from "./load";
import { loadPreview } from "./preview";
import { auditMarkdown, auditReport, driftMarkdown, driftReport, exportOrgFile, orgFileYaml } from "./reports";
import { buildReview, reviewMarkdown } from "./review";

const EXIT_CODES = `Exit codes: 0 success (drift: no drift), 1 error, 2 drift found (drift) or change refused (review).`;

const HELP: Record<string, string> = {
  "": `posthog-org: review, drift, export and audit for a PostHog organization declared in an org file.

Usage: posthog-org <command> [options]   (posthog-org <command> --help for its options)

Commands:
  review   turn a Pulumi preview into a Markdown pull-request comment
  drift    a refresh-preview plus access not in the org file (Markdown or JSON)
  export   write an org file that adopts the live organization (up right after makes no change)
  audit    2FA, stale logins, owners and admins, stale invites, unverified domains

Settings: POSTHOG_HOST, POSTHOG_PERSONAL_API_KEY, POSTHOG_ORGANIZATION_ID (or --organization).
${EXIT_CODES}`,
  review: `posthog-org review [--preview FILE] [--stack NAME] [--cwd DIR] [--out FILE]

Summarises a preview for a reviewer who never saw Pulumi: who gains and loses access, level changes
(owner and admin grants highlighted), role membership changes, invites re-sent and why, other changes
counted by kind, and the rails' verdicts.
  --preview FILE  read \`pulumi preview --json\` output or an event log (\`--event-log\`) from FILE;
                  without it, runs \`pulumi preview --json\` in --cwd for --stack
  --out FILE      write the Markdown there (default: standard output)
Exit codes: 0 summary written, 2 the preview was refused (a rail or an error; the summary says why), 1 error.`,
  drift: `posthog-org drift [--preview FILE] [--file org.yaml] [--format markdown|json] [--stack NAME] [--cwd DIR]

Reports declared objects that differ in PostHog (a refresh-preview) and members, invites, roles and
role memberships the org file does not declare (read from the API).
  --preview FILE  read \`pulumi preview --refresh --json\` output or an event log from FILE;
                  without it, runs \`pulumi preview --refresh --json\`
  --file FILE     the org file (default org.yaml)
  --format F      markdown (default) or json
Exit codes: 0 no drift, 2 drift found, 1 error.`,
  export: `posthog-org export [--out org.yaml] [--organization UUID]

Reads the live organization (members, pending invites, roles and their members, projects, domains,
proxy records) and writes an org file that adopts it: \`pulumi up\` right after makes no change.
Expired invites and batch exports are listed as comments, not declared.
Exit codes: 0 written, 1 error.`,
  audit: `posthog-org audit [--days N] [--format markdown|json] [--organization UUID]

Lists members without 2FA, members who have not logged in for N days (default 90), owners and admins,
pending invites older than their 3-day validity, and unverified domains.
Exit codes: 0 report written, 1 error.`,
};

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  preview: { type: "string" },
  stack: { type: "string" },
  cwd: { type: "string" },
  out: { type: "string" },
  file: { type: "string" },
  format: { type: "string" },
  organization: { type: "string" },
  days: { type: "string" },
} as const;

function connect(organization: string | undefined) {
  const settings = resolveConfig(undefined);
  const org = organization ?? settings.organizationId;
  if (!org) throw new Error("no organization: pass --organization <uuid> or set POSTHOG_ORGANIZATION_ID.");
  return { client: getClient(settings), org };
}

function write(out: string | undefined, text: string) {
  if (out) fs.writeFileSync(out, text);
  else process.stdout.write(text);
}

/** Runs one command line; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command = "", ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "") {
    console.log(HELP[""]);
    return command === "" ? 1 : 0;
  }
  if (!(command in HELP)) {
    console.error(`unknown command "${command}": use review, drift, export or audit (posthog-org --help).`);
    return 1;
  }
  const { values } = parseArgs({ args: rest, options: OPTIONS, strict: true });
  if (values.help) {
    console.log(HELP[command]);
    return 0;
  }
  const format = values.format ?? "markdown";
  if (format !== "markdown" && format !== "json")
    throw new Error(`--format must be markdown or json, not "${format}".`);
  switch (command) {
    case "review": {
      const preview = loadPreview({ from: values.preview, stack: values.stack, cwd: values.cwd });
      const review = buildReview(preview);
      write(values.out, format === "json" ? JSON.stringify(review, null, 2) + "\n" : reviewMarkdown(review));
      return preview.failed ? 2 : 0;
    }
    case "drift": {
      const preview = loadPreview({ from: values.preview, stack: values.stack, cwd: values.cwd, refresh: true });
      const fileName = values.file ?? "org.yaml";
      const file = loadOrgFile(fileName);
      const { client, org } = connect(values.organization ?? file.organization);
      const report = driftReport(preview, file, await readLive(client, org, "people"));
      write(values.out, format === "json" ? JSON.stringify(report, null, 2) + "\n" : driftMarkdown(report));
      return report.drift ? 2 : 0;
    }
    case "export": {
      const { client, org } = connect(values.organization);
      const { file, skipped } = exportOrgFile(await readLive(client, org, "all"));
      const yaml = orgFileYaml(file, skipped, `Exported from PostHog organization ${org} by posthog-org export.`);
      write(values.out ?? "org.yaml", yaml);
      if (values.out !== "-")
        console.error(
          `wrote ${values.out ?? "org.yaml"}: ${file.people?.length ?? 0} people, ${file.roles?.length ?? 0} roles, ${file.projects?.length ?? 0} projects`,
        );
      return 0;
    }
    case "audit": {
      const days = values.days === undefined ? 90 : Number(values.days);
      if (!Number.isInteger(days) || days < 1)
        throw new Error(`--days must be a whole number of days, not "${values.days}".`);
      const { client, org } = connect(values.organization);
      const live = await readLive(client, org, "all");
      const now = client.serverClock?.now() ?? Date.now();
      const report = auditReport(live, now, days);
      write(values.out, format === "json" ? JSON.stringify(report, null, 2) + "\n" : auditMarkdown(report));
      return 0;
    }
  }
  return 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`posthog-org: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
