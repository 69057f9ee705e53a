import { secretLeaks } from "../helpers/secret-scan";

// The e2e harness's secret scan (TestStack.close) must find what it looks for, and must not print
// the secret it found.
describe("the e2e secret scan", () => {
  const key = "phx_0123456789abcdefghij";
  it("names every place that holds a secret, by the secret's first four characters only", () => {
    const leaks = secretLeaks(
      [key, "phc_projecttoken"],
      [
        ["the state file", `{"inputs":{"apiKey":"${key}"}}`],
        ["CLI output #1", "Updating (test)\n + posthog:Role created"],
        ["CLI output #2", `error: 401 for key phc_projecttoken`],
      ],
    );
    expect(leaks).toEqual([
      "the state file holds a secret in plain text (phx_…)",
      "CLI output #2 holds a secret in plain text (phc_…)",
    ]);
    expect(leaks.join("\n")).not.toContain(key);
  });

  it("finds nothing in ciphertext or masked values", () => {
    const texts: [string, string][] = [["the state file", '{"ciphertext":"v1:AbCd","mask_value":"phx_...ghij"}']];
    expect(secretLeaks([key], texts)).toEqual([]);
  });
});
