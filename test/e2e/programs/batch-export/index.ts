import * as pulumi from "@pulumi/pulumi";
import * as posthog from "pulumi-posthog-org";

// Credentials the e2e test (batch-export.test.ts) looks for in the raw state file: never in clear.
const ACCESS_KEY_ID = "AKIAE2EBATCHEXPORT01";
const SECRET_ACCESS_KEY = "e2e-batch-export-secret-access-key";

const config = new pulumi.Config();
// The "missing bucket" case stands for an untyped (JavaScript) program that omits a required key:
// the preview must refuse it naming the key, so the type is bypassed on purpose here.
const bucket = (config.get("case") === "missing bucket" ? {} : { bucketName: "acme-e2e-events" }) as {
  bucketName: string;
};
const exporter = new posthog.BatchExport("s3", {
  projectId: config.requireNumber("projectId"),
  name: config.get("name") ?? "Events to S3",
  interval: "hour",
  paused: config.getBoolean("paused"),
  destination: {
    type: "S3",
    config: {
      ...bucket,
      region: "us-east-1",
      prefix: "posthog/",
      awsAccessKeyId: ACCESS_KEY_ID,
      awsSecretAccessKey: SECRET_ACCESS_KEY,
    },
  },
});

export const exportId = exporter.id;
export const teamId = exporter.teamId;
export const lastPausedAt = exporter.lastPausedAt;
