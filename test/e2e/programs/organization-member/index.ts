import * as pulumi from "@pulumi/pulumi";
import * as posthog from "pulumi-posthog-org";

type Level = "member" | "admin" | "owner";
const config = new pulumi.Config();
const member = new posthog.OrganizationMember(
  "teammate",
  {
    email: config.get("email"),
    userUuid: config.get("userUuid"),
    level: config.require("level") as Level,
    onDestroy: config.get("onDestroy") as "remove" | "retain" | "downgrade" | undefined,
  },
  { ignoreChanges: config.getBoolean("ignoreLevel") ? ["level"] : [] },
);
// The API key's own user, when `ownLevel` is set.
const ownLevel = config.get("ownLevel");
if (ownLevel) new posthog.OrganizationMember("me", { email: config.require("ownEmail"), level: ownLevel as Level });

export const userUuid = member.userUuid;
export const level = member.level;
