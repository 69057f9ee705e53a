import * as os from "node:os";
import { engineParallelism, parallelFromArgv } from "../../../../provider/runtime/core/engine-parallel";

describe("engineParallelism", () => {
  it("reads --parallel from a pulumi command line, in each of its spellings", () => {
    expect(parallelFromArgv(["/usr/bin/pulumi", "up", "--parallel", "64", "--yes"])).toBe(64);
    expect(parallelFromArgv(["pulumi", "up", "--parallel=20"])).toBe(20);
    expect(parallelFromArgv(["pulumi", "destroy", "-p", "3"])).toBe(3);
    expect(parallelFromArgv(["pulumi", "up", "--yes"])).toBeUndefined();
    expect(parallelFromArgv(["node", "up", "--parallel", "64"])).toBeUndefined(); // not the CLI
    expect(parallelFromArgv(["pulumi", "up", "--parallel", "many"])).toBeUndefined();
  });

  it("prefers PULUMI_PARALLEL, else the engine's default of 4 per CPU when no pulumi process started this one", () => {
    expect(engineParallelism({ PULUMI_PARALLEL: "12" })).toBe(12);
    expect(engineParallelism({ PULUMI_PARALLEL: "0" }, 1)).toBe(4 * os.availableParallelism());
    expect(engineParallelism({}, 1)).toBe(4 * os.availableParallelism());
  });
});
