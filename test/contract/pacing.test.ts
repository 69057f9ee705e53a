// The pacing test: 600 requests fired at once at an emulator enforcing PostHog's limits
// (480/minute burst, 4,800/hour sustained, DRF sliding windows) in real time. The client's shared
// pacer should hold the last 120 back until the minute window has room, so PostHog never answers
// 429. Prints the 429 count (goal 0) and the elapsed time; asserts only on correctness.
import { Agent } from "undici";
import { PostHogClient } from "../../provider/client";
import { Pacer } from "../../provider/client/pacer";
import { withEmulator } from "../helpers/emulator";

const REQUESTS = 600;

describe("pacing (contract, real time, ~1 minute)", () => {
  const emulator = withEmulator({ rateLimit: true });

  it(`sends ${REQUESTS} creates within one minute's window without a 429 and without duplicates`, async () => {
    const { control, url } = emulator();
    await control.reset();
    const settings = await control.settings({
      rate_limit_enabled: true,
      burst_per_minute: 480,
      sustained_per_hour: 4800,
    });
    const boot = await control.bootstrap({ org_name: "Pacing Org" });
    const agent = new Agent({ connections: 16, keepAliveTimeout: 10, keepAliveMaxTimeout: 10 });
    // Default pacing (480/min, 4,800/h): what every resource in a provider process shares.
    const client = new PostHogClient({ host: url, apiKey: boot.api_key, dispatcher: agent, pacer: new Pacer() });
    const org = boot.organization.id;
    const names = Array.from({ length: REQUESTS }, (_, i) => `pace-${String(i).padStart(3, "0")}`);
    const started = Date.now();
    const roles = await Promise.all(names.map((name) => client.roles.create(org, { name })));
    const elapsedMs = Date.now() - started;
    await agent.close();

    const log = await control.requests();
    const serverThrottled = log.requests.filter((r) => r.status === 429).length;
    const m = client.metrics.snapshot();
    console.log(
      `pacing: ${REQUESTS} requests, limits ${settings.burst_per_minute}/min + ${settings.sustained_per_hour}/h: ` +
        `429s received = ${m.throttled} (server sent ${serverThrottled}), elapsed = ${(elapsedMs / 1000).toFixed(1)} s, ` +
        `HTTP requests = ${m.totalRequests}, retries = ${m.retries}, client waited ${(m.waitMs / 1000).toFixed(1)} s in total across requests`,
    );

    // Correctness: every create answered, once each, and exactly the requested roles exist.
    expect(new Set(roles.map((r) => r.id)).size).toBe(REQUESTS);
    expect(roles.map((r) => r.name)).toEqual(names);
    const stored = (await control.state()).roles.filter((r) => r.organization_id === org);
    expect(stored).toHaveLength(REQUESTS);
    expect(new Set(stored.map((r) => r.name.toLowerCase())).size).toBe(REQUESTS);
    expect(log.counts["POST /api/organizations/{organization_id}/roles/"]).toBe(REQUESTS + serverThrottled);
  }, 240_000);
});
