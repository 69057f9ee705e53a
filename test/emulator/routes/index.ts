// The route registry: one line per API area.
import type { RouteDef } from "../http/router";
import { batchExportRoutes } from "./batch-exports";
import { domainRoutes } from "./domains";
import { inviteRoutes } from "./invites";
import { memberRoutes } from "./members";
import { organizationRoutes } from "./organizations";
import { projectRoutes } from "./projects";
import { proxyRecordRoutes } from "./proxy-records";
import { roleMembershipRoutes } from "./role-memberships";
import { roleRoutes } from "./roles";
import { userRoutes } from "./users";

/** Every emulated PostHog route. */
export const allRoutes: RouteDef[] = [
  ...userRoutes,
  ...organizationRoutes,
  ...memberRoutes,
  ...inviteRoutes,
  ...roleRoutes,
  ...roleMembershipRoutes,
  ...domainRoutes,
  ...proxyRecordRoutes,
  ...projectRoutes,
  ...batchExportRoutes,
];
