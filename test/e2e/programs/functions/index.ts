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
export const invites = posthog.getInvites().then((is) => is.map((i) => `${i.email}:${i.level}`));
export const inviteForGrace = posthog
  .getInvitesOutput({ email: "GRACE@example.com" })
  .apply((is) => is.map((i) => i.email));
// The Output forms take Inputs, e.g. an id only known once another read resolved.
const firstProjectId = posthog.getProjects().then((ps) => ps[0].id);
export const projectByOutput = posthog.getProjectOutput({ id: firstProjectId }).apply((p) => p.name);
export const supportByOutput = posthog.getRoleOutput({ name: "support" }).apply((r) => r.name);
export const tokenByOutput = posthog.getProjectApiTokenOutput({ id: firstProjectId });
export const membersByOutput = posthog.getMembersOutput({ email: "ada@example.com" }).apply((ms) => ms.length);
