import * as pulumi from "@pulumi/pulumi";
import * as posthog from "pulumi-posthog-org";

const config = new pulumi.Config();
const cases: Record<string, () => void> = {
  "empty role name": () => new posthog.Role("r", { name: "" }),
  "201-character role name": () => new posthog.Role("r", { name: "x".repeat(201) }),
  "empty project name": () => new posthog.Project("p", { name: "  " }),
  "unknown timezone": () => new posthog.Project("p", { name: "Web", timezone: "Mars/Olympus_Mons" }),
  "same role name twice in any case": () => {
    new posthog.Role("a", { name: "Engineering" });
    new posthog.Role("b", { name: "engineering" });
  },
  "misspelled input": () => new posthog.Role("r", { name: "Eng", nmae: "x" } as any),
  "membership without a member": () =>
    new posthog.RoleMembership("m", { roleId: "0190b1a5-0000-7000-8000-000000000000" }),
  // The shape users write: the role is created in the same program, so roleId is unknown at preview.
  "membership for a non-member": () => {
    const role = new posthog.Role("r", { name: "Engineering" });
    new posthog.RoleMembership("m", { roleId: role.id, email: "stranger@example.com" });
  },
  "import instead of adopt": () =>
    new posthog.Role("r", { name: "Engineering" }, { import: "0190b1a5-0000-7000-8000-000000000000" }),
};
cases[config.require("case")]();
