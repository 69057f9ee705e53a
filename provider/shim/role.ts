import { PostHogShim } from "./posthog-shim";

export = new PostHogShim("Role");
