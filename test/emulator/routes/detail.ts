// The operations of an admin-written object's detail route, shared by the viewsets that differ only
// in their serializer and in what destroy does (domains, roles, role memberships, proxy records).
import type { Handler, Operation, Reply } from "../http/router";
import { adminWrite } from "../policy/permissions";

/** What one detail route serves; `update` (PUT, and PATCH when `partial` is true) only where PostHog has it. */
export interface DetailHandlers {
  retrieve: Handler;
  update?: (ctx: Parameters<Handler>[0], partial: boolean) => Reply | Promise<Reply>;
  destroy: Handler;
}

/** retrieve, update / partial_update when given, and destroy, each behind `adminWrite`. */
export function adminDetailOps({ retrieve, update, destroy }: DetailHandlers): Operation[] {
  const permissions = [adminWrite];
  const ops: Operation[] = [{ method: "GET", action: "retrieve", permissions, handler: retrieve }];
  if (update)
    ops.push(
      { method: "PUT", action: "update", permissions, handler: (ctx) => update(ctx, false) },
      { method: "PATCH", action: "partial_update", permissions, handler: (ctx) => update(ctx, true) },
    );
  ops.push({ method: "DELETE", action: "destroy", permissions, handler: destroy });
  return ops;
}
