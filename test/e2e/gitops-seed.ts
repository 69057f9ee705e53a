// Seeds an emulator organization the way a team that "clicks in the UI" has it: members at their
// levels, pending invites, roles with members, projects. Shared by the GitOps e2e test and the demo.
import { getClient } from "../../provider/client";
import { resolveConfig } from "../../provider/config";
import { EmulatorControl } from "../helpers/emulator";

export interface Seed {
  members?: { email: string; level: 1 | 8 | 15; lastLogin?: string | null; twoFactor?: boolean }[];
  invites?: { email: string; level: 1 | 8 | 15 }[];
  roles?: { name: string; members: string[] }[];
  projects?: string[];
}

/** Creates what `seed` lists in organization `orgId` (members through control, the rest through the API). */
export async function seedOrg(url: string, apiKey: string, orgId: string, seed: Seed): Promise<void> {
  const control = new EmulatorControl(url);
  const client = getClient(resolveConfig(undefined, { POSTHOG_HOST: url, POSTHOG_PERSONAL_API_KEY: apiKey }));
  const uuids = new Map<string, string>();
  for (const m of seed.members ?? []) {
    const user = await control.createUser({ email: m.email });
    await control.addMembership({ organization_id: orgId, user_uuid: user.uuid, level: m.level });
    if (m.lastLogin !== undefined || m.twoFactor !== undefined)
      await control.patchObject("user", user.uuid, {
        ...(m.lastLogin !== undefined ? { last_login: m.lastLogin } : {}),
        ...(m.twoFactor !== undefined ? { has_totp_device: m.twoFactor } : {}),
      });
    uuids.set(m.email, user.uuid);
  }
  for (const i of seed.invites ?? []) await client.invites.create(orgId, { target_email: i.email, level: i.level });
  for (const r of seed.roles ?? []) {
    const role = await client.roles.create(orgId, { name: r.name });
    for (const email of r.members)
      await client.roleMemberships.create(orgId, role.id, { user_uuid: uuids.get(email)! });
  }
  for (const name of seed.projects ?? []) await client.projects.create(orgId, { name });
}
