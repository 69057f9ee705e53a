import { setWarningSinkForTesting, warn } from "../../../../provider/runtime/core/log";

afterEach(() => {
  setWarningSinkForTesting(undefined);
  jest.restoreAllMocks();
});

describe("warn", () => {
  it("shows each warning once per provider process", async () => {
    const seen: string[] = [];
    setWarningSinkForTesting(async (m) => void seen.push(m));
    await warn('Domain "example.com": not verified');
    await warn('Domain "example.com": not verified');
    await warn('Domain "example.org": not verified');
    expect(seen).toEqual(['Domain "example.com": not verified', 'Domain "example.org": not verified']);
  });

  it("falls back to stderr, and never throws, when the engine cannot take the warning", async () => {
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    setWarningSinkForTesting(async () => Promise.reject(new Error("engine gone")));
    await expect(warn("settings pending")).resolves.toBeUndefined();
    expect(stderr).toHaveBeenCalledWith("warning: settings pending\n");
  });

  it("writes to stderr outside the dynamic-provider host", async () => {
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    setWarningSinkForTesting(undefined);
    await warn("outside the host");
    expect(stderr).toHaveBeenCalledWith("warning: outside the host\n");
  });
});
