// Prints how many emulator responses the last test run validated against the OpenAPI extract,
// summing the per-file tallies the harness writes. Run after the emulator tests:
//   scripts/node dist/test/emulator/openapi/openapi-report.js
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { TALLY_DIR } from "../tests/harness";

/** Sums the tallies and prints one line per test file plus the total. */
function report(): void {
  if (!existsSync(TALLY_DIR)) {
    console.log("No tallies yet: run the emulator tests first.");
    process.exitCode = 1;
    return;
  }
  const total = { validated: 0, errors: 0, unspecified: 0 };
  for (const file of readdirSync(TALLY_DIR).sort()) {
    const c = JSON.parse(readFileSync(join(TALLY_DIR, file), "utf8")) as typeof total;
    console.log(
      `${file.replace(/\.json$/, "").padEnd(36)} ${String(c.validated).padStart(5)} validated  ${String(c.errors).padStart(5)} error bodies  ${String(c.unspecified).padStart(4)} undocumented`,
    );
    total.validated += c.validated;
    total.errors += c.errors;
    total.unspecified += c.unspecified;
  }
  console.log(
    `TOTAL: ${total.validated} success responses validated against openapi-org.json; ${total.errors} error bodies checked against the envelope; ${total.unspecified} responses with no documented schema.`,
  );
}

report();
