import { execFileSync } from "node:child_process";
import * as path from "node:path";
import * as undici from "undici";
import { UNDICI_PARTS, undiciParts } from "../../../provider/client/transport";

// The transport loads undici's pool, retry interceptor and `request` from their own files rather than from
// undici's entry point, which loads all of undici. Those paths are undici's internals: an upgrade
// that moves one fails here, naming it (the transport falls back to the entry point meanwhile).
describe("undici parts", () => {
  it.each(Object.entries(UNDICI_PARTS))("%s is loaded from %s, the object undici exports", (name, file) => {
    expect(() => require.resolve(file)).not.toThrow();
    const exported = {
      Pool: undici.Pool,
      retry: undici.interceptors.retry,
      request: undici.Dispatcher.prototype.request,
    };
    expect(require(file)).toBe(exported[name as keyof typeof UNDICI_PARTS]);
  });

  it("are what the transport uses", () => {
    const parts = undiciParts();
    expect(parts.Pool).toBe(undici.Pool);
    expect(parts.retry).toBe(undici.interceptors.retry);
  });

  it("loading the provider's runtime loads neither undici's entry point nor its fetch", () => {
    const runtime = path.resolve(__dirname, "../../../provider/runtime");
    const loaded: string[] = JSON.parse(
      execFileSync(
        process.execPath,
        ["-e", `require(${JSON.stringify(runtime)}); console.log(JSON.stringify(Object.keys(require.cache)))`],
        { encoding: "utf8", stdio: "pipe" },
      ),
    );
    const undiciFiles = loaded.filter((f) => f.includes(`${path.sep}undici${path.sep}`));
    expect(undiciFiles).toContain(require.resolve(UNDICI_PARTS.Pool));
    expect(undiciFiles).not.toContain(require.resolve("undici"));
    expect(undiciFiles.filter((f) => f.includes(`${path.sep}fetch${path.sep}`))).toEqual([]);
  });
});
