// GET /api/users/@me/ — the caller's identity, used by clients to find their organizations.
import { notFound } from "../http/errors";
import type { RouteDef } from "../http/router";
import { organizationRepr, teamBasic, userBasic } from "../model/serializers";

/** Routes of the users area. */
export const userRoutes: RouteDef[] = [
  {
    template: "/api/users/{uuid}/",
    kind: "user",
    // UNCONFIRMED: docs/posthog-api/FACTS.md does not cover /api/users/; PostHog's UserViewSet has scope_object "user",
    // so a scoped key needs user:read here.
    scopeObject: "user",
    ops: [
      {
        method: "GET",
        action: "retrieve",
        handler: (ctx) => {
          const { user, store } = ctx;
          // The users queryset holds only the caller, so any other uuid is a 404.
          if (ctx.params.uuid !== "@me" && ctx.params.uuid !== user.uuid) throw notFound();
          const memberships = store.state.memberships.filter((m) => m.user_uuid === user.uuid);
          const current = user.current_organization_id ? store.organization(user.current_organization_id) : undefined;
          const team = user.current_team_id !== null ? store.project(user.current_team_id) : undefined;
          return {
            status: 200,
            body: {
              ...userBasic(user),
              date_joined: user.date_joined,
              pending_email: null,
              is_staff: false,
              is_impersonated: false,
              has_password: true,
              organization: current ? organizationRepr(store, current, user) : null,
              team: team ? teamBasic(team) : null,
              organizations: memberships.flatMap((m) => {
                const org = store.organization(m.organization_id);
                return org
                  ? [
                      {
                        id: org.id,
                        name: org.name,
                        slug: org.slug,
                        logo_media_id: org.logo_media_id,
                        membership_level: m.level,
                      },
                    ]
                  : [];
              }),
            },
          };
        },
      },
    ],
  },
];
