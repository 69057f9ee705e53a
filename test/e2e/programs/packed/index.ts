// Compiled with `tsc --strict` against the packed package, in a fresh directory outside the repo
// (test/e2e/package.test.ts copies it there); not part of the repo build's program list.
import * as posthog from "pulumi-posthog-org";

const role = new posthog.Role("packed-role", { name: "Packed" });
export const roleName = role.name;
export const roles = posthog.getRolesOutput({ organizationId: role.organizationId }).apply((rs) => rs.length);
