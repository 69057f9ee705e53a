// Proxy and batch exports: a managed reverse proxy on the company's own domain (so ad blockers
// do not drop events), and an hourly export of the project's events to an S3 bucket.
//
// The S3 credentials come from secret stack config, never from the program text:
//   pulumi config set --secret awsAccessKeyId AKIA...
//   pulumi config set --secret awsSecretAccessKey ...
import * as pulumi from "@pulumi/pulumi";
import * as posthog from "pulumi-posthog-org";

const config = new pulumi.Config();

const web = new posthog.Project("web", { name: "Web app", timezone: "UTC" });

// Publish a CNAME from the domain to `targetCname` at your DNS provider; PostHog then issues the
// certificate and the record's status becomes "valid".
const proxy = new posthog.ProxyRecord("tracking", { domain: config.get("proxyDomain") ?? "t.acme.example" });

const events = new posthog.BatchExport("events-to-s3", {
  projectId: web.projectId,
  name: "Events to S3",
  interval: "hour",
  destination: {
    type: "S3",
    config: {
      bucketName: config.get("bucket") ?? "acme-posthog-events",
      region: "eu-central-1",
      prefix: "posthog/events/",
      awsAccessKeyId: config.getSecret("awsAccessKeyId") ?? "AKIAEXAMPLEKEYID0001",
      awsSecretAccessKey: config.getSecret("awsSecretAccessKey") ?? "example-secret-access-key",
    },
  },
});

export const proxyTargetCname = proxy.targetCname;
export const proxyStatus = proxy.status;
export const batchExportId = events.id;
