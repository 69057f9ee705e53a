import { ServerClock } from "../../../provider/client";
import { json, mockApi, ORG } from "./helpers";

const LOCAL = Date.parse("2026-11-03T12:00:00.000Z");

describe("ServerClock", () => {
  it("is the local clock until a response was seen", () => {
    const clock = new ServerClock(() => LOCAL);
    expect(clock.observed).toBe(false);
    expect(clock.now()).toBe(LOCAL);
  });

  it("follows the server's Date header, half a second into the second it names", () => {
    let local = LOCAL;
    const clock = new ServerClock(() => local);
    clock.observe("Fri, 06 Nov 2026 12:00:01 GMT"); // three days ahead of the local clock
    expect(clock.observed).toBe(true);
    expect(clock.now()).toBe(Date.parse("2026-11-06T12:00:01.500Z"));
    local += 10_000;
    expect(clock.now()).toBe(Date.parse("2026-11-06T12:00:11.500Z"));
  });

  it("keeps the newest observation and ignores missing or unparsable dates", () => {
    const clock = new ServerClock(() => LOCAL);
    clock.observe(["Tue, 03 Nov 2026 12:00:05 GMT"]);
    clock.observe(undefined);
    clock.observe("yesterday-ish");
    expect(clock.now()).toBe(Date.parse("2026-11-03T12:00:05.500Z"));
    clock.observe("Tue, 03 Nov 2026 11:59:00 GMT");
    expect(clock.now()).toBe(Date.parse("2026-11-03T11:59:00.500Z"));
  });

  it("is set by the Date header of the client's responses", async () => {
    const api = mockApi();
    api.pool
      .intercept({ path: `/api/organizations/${ORG}/roles/`, method: "GET" })
      .reply(
        200,
        { count: 0, next: null, previous: null, results: [] },
        { headers: { ...json.headers, date: "Sat, 07 Nov 2026 08:00:00 GMT" } },
      );
    await api.client.roles.listAll(ORG);
    expect(Math.abs(api.client.serverClock.now() - Date.parse("2026-11-07T08:00:00.500Z"))).toBeLessThan(5_000);
    await api.finish();
  });
});
