// The route registry: one line per API area.
import type { RouteDef } from "../router";
import { memberRoutes } from "./members";
import { organizationRoutes } from "./organizations";
import { roleMembershipRoutes } from "./role-memberships";
import { roleRoutes } from "./roles";
import { userRoutes } from "./users";

/** Every emulated PostHog route. */
export const allRoutes: RouteDef[] = [...userRoutes, ...organizationRoutes, ...memberRoutes, ...roleRoutes, ...roleMembershipRoutes];
