// PostHog's clock as this process last saw it. Time-based rules that PostHog decides on its own
// clock (an invite expires 3 days after its `created_at`, docs/posthog-api/FACTS.md §5) are judged against the server's
// time, read from the `Date` header of every response, so a skewed local clock (or an emulator whose
// clock a test moved forward) cannot make an invite look fresh or expired when PostHog disagrees.

/** ServerClock represents PostHog's current time, estimated from the `Date` headers it sends. */
export class ServerClock {
  private offsetMs: number | undefined;

  constructor(private readonly localNow: () => number = Date.now) {}

  /**
   * observe records a response's `Date` header (an HTTP date, whole seconds). The server wrote it
   * somewhere within the second it names, so half a second is added; the newest observation wins.
   * Missing or unparsable values are ignored.
   */
  observe(dateHeader: string | string[] | undefined): void {
    const value = Array.isArray(dateHeader) ? dateHeader[0] : dateHeader;
    if (!value) return;
    const serverMs = Date.parse(value);
    if (Number.isNaN(serverMs)) return;
    this.offsetMs = serverMs + 500 - this.localNow();
  }

  /** now is the server's current time in epoch ms; the local time until a response was seen. */
  now(): number {
    return this.localNow() + (this.offsetMs ?? 0);
  }

  /** observed tells whether any response has set the clock yet. */
  get observed(): boolean {
    return this.offsetMs !== undefined;
  }
}
