import { PostHogShim } from "./posthog-shim";

export = new PostHogShim("Organization");
