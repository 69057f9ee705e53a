import * as pulumi from "@pulumi/pulumi";
import * as posthog from "pulumi-posthog-org";

type Level = "member" | "admin" | "owner";
const config = new pulumi.Config();
const invite = new posthog.Invite("contractor", {
  email: config.require("inviteEmail"),
  level: "member",
  sendEmail: false,
});
const member = new posthog.OrganizationMember("teammate", {
  email: config.require("memberEmail"),
  level: config.require("memberLevel") as Level,
  onDestroy: "retain",
});

export const inviteId = invite.id;
export const memberLevel = member.level;
