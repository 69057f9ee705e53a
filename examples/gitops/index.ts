// GitOps: the whole organization declared from one reviewed file (org.yaml), the root program.
//
//   pulumi config set posthog:organizationId <your organization's UUID>
//   pulumi config set --secret posthog:apiKey phx_...      (or export POSTHOG_PERSONAL_API_KEY)
//   pulumi config set orgFile path/to/org.yaml               (default: org.yaml here)
//   pulumi up
//
// A program can mix the file with hand-written resources: `org.projects["Web app"].projectId`.
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as posthog from "pulumi-posthog-org";

/** The org file: `orgFile` from stack config (relative to the project directory), else the org.yaml of this example. */
function orgFile(): string {
  const configured = new pulumi.Config().get("orgFile");
  // The compiled program runs from dist/examples/gitops; the file stays next to the source.
  const source = path.resolve(__dirname, "../../..");
  const candidates = configured
    ? [path.resolve(configured), path.resolve(source, configured)]
    : [path.join(__dirname, "org.yaml"), path.join(source, "examples/gitops/org.yaml")];
  return candidates.find((c) => fs.existsSync(c)) ?? candidates[0];
}

const org = new posthog.Org("org", { file: orgFile() });

/** Members, invites, roles and role memberships in PostHog that the file does not declare. */
export const unmanaged = org.unmanaged;
/** Roles waiting for their person to accept the invite. */
export const pendingRoles = org.pendingRoles;
