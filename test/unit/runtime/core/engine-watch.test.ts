import * as net from "node:net";
import { stopWatchingEngine, watchEngine } from "../../../../provider/runtime/core/engine-watch";

describe("engine watch", () => {
  afterEach(() => stopWatchingEngine());

  it("calls back once the engine's address refuses connections, not while it accepts them", async () => {
    const server = net.createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    let gone = 0;
    expect(watchEngine(["node", "dynamic-provider", `127.0.0.1:${port}`], () => gone++, 50)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(gone).toBe(0);
    await new Promise<void>((r) => server.close(() => r()));
    await new Promise((r) => setTimeout(r, 300));
    expect(gone).toBe(1);
  });

  it("does nothing without an engine address", () => {
    expect(watchEngine(["node", "jest"], () => undefined, 50)).toBe(false);
  });
});
