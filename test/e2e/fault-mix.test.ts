import { audit } from "../helpers/audit";
import { org100 } from "../helpers/org100";

// One `up` converges under 20 % random faults (5xx, 429, resets before and after commit): a
// 100-resource organization at fixed seeds, then `preview --expect-no-changes`, with nothing
// duplicated, orphaned or dangling. The 429s carry `Retry-After: 0` to keep the suite's time down
// (the contract tests prove that longer waits are honoured); pacing and the emulator's rate limit
// are raised for the same reason.
const SEEDS = [11, 23, 37, 41, 59];
const RATE = 0.2;

describe("a 100-resource organization under 20 % random faults", () => {
  const rows: string[] = [];

  it.each(SEEDS)("seed %i: converges in one up, then previews no changes, nothing duplicated or lost", async (seed) => {
    const { emulator, boot, stack } = await org100(`Fault seed ${seed}`);
    try {
      await emulator.control.clearRequests();
      await emulator.control.setRandomFaults({ seed, rate: RATE, retry_after: 0 });
      const up = await stack.up();
      const report = (await emulator.control.randomFaults())!;
      await emulator.control.clearRandomFaults();
      expect(up.summary.result).toBe("succeeded");
      expect(up.summary.resourceChanges?.create).toBe(101); // 100 resources + the stack

      const found = audit((await stack.exportStack()).deployment, await emulator.control.state(), boot);
      expect(found).toEqual({ duplicates: [], orphans: [], dangling: [] });
      await stack.preview({ expectNoChanges: true });

      const faults = Object.values(report.fired).reduce((a, b) => a + b, 0);
      expect(faults).toBeGreaterThan(0);
      rows.push(
        [seed, 1, report.drawn, faults, found.duplicates.length, found.orphans.length, found.dangling.length].join(
          " | ",
        ),
      );
    } finally {
      await stack.close();
      await emulator.close();
    }
  });

  afterAll(() => {
    console.log(
      [
        "seed | ups | requests | faults | duplicates | orphans | dangling",
        "--- | --- | --- | --- | --- | --- | ---",
        ...rows,
      ].join("\n"),
    );
  });
});
