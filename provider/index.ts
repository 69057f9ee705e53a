// The public API: resource classes and their Args. Nothing here runs provider behaviour; that is
// loaded by the engine's provider process from `pulumi-posthog/runtime`.
export { Role, type RoleArgs } from "./resources/role";
