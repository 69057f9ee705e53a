import * as posthog from "pulumi-posthog-org";

export const organization = posthog.getOrganization();
export const roles = posthog.getRoles().then((rs) => rs.map((r) => r.name).sort());
export const support = posthog.getRole({ name: "SUPPORT" }).then((r) => r.id);
export const members = posthog.getMembers().then((ms) => ms.map((m) => `${m.email}:${m.level}`).sort());
export const projects = posthog.getProjects().then((ps) => ps.map((p) => p.name));
export const firstProject = posthog
  .getProjects()
  .then((ps) => posthog.getProject({ id: ps[0].id }))
  .then((p) => p.name);
export const token = posthog.getProjects().then((ps) => posthog.getProjectApiToken({ id: ps[0].id }));
export const generatingDemoData = posthog.getProjects().then((ps) => posthog.isGeneratingDemoData({ id: ps[0].id }));
export const activity = posthog
  .getProjects()
  .then((ps) => posthog.getProjectActivity({ id: ps[0].id, limit: 5 }))
  .then((a) => Array.isArray(a));
