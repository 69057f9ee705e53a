import * as pulumi from "@pulumi/pulumi";
import * as posthog from "pulumi-posthog-org";

const config = new pulumi.Config();
const invite = new posthog.Invite("invitee", {
  email: config.get("email") ?? "grace@example.com",
  level: config.get("level") as "member" | "admin" | "owner",
  firstName: "Grace",
  onExpired: config.get("onExpired") as "reinvite" | "keep" | undefined,
});
// Teammates, created in one run: their creates arrive together and go out through invites/bulk/.
const teammates = Array.from(
  { length: config.getNumber("count") ?? 0 },
  (_, i) =>
    new posthog.Invite(`teammate-${i}`, { email: `teammate${i}@example.com`, level: "member", sendEmail: false }),
);

export const inviteId = invite.id;
export const teammateIds = pulumi.all(teammates.map((t) => t.id));
