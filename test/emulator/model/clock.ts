// The emulator's notion of "now". Tests move it forward (invite expiry, rate-limit windows)
// instead of sleeping, so everything time-based reads this clock and never Date.now() directly.

/** Clock represents the emulator's controllable time: real time plus an offset tests can grow. */
export class Clock {
  private offsetMs = 0;

  /** Current time in epoch milliseconds. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Moves time forward (a negative value is refused: time never runs backwards for PostHog). */
  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError("seconds must be a non-negative number");
    this.offsetMs += seconds * 1000;
  }

  /** Current offset from real time in seconds. */
  offsetSeconds(): number {
    return this.offsetMs / 1000;
  }

  /** Back to real time. */
  reset(): void {
    this.offsetMs = 0;
  }

  /** Current time as PostHog renders datetimes. */
  iso(): string {
    return formatTime(this.now());
  }
}

/**
 * Formats epoch milliseconds the way DRF renders an aware datetime: Python's isoformat with
 * `+00:00` replaced by `Z`, and microseconds only when non-zero.
 */
export function formatTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  const millis = ms % 1000;
  return millis === 0 ? iso.replace(/\.000Z$/, "Z") : iso.replace(/\.(\d{3})Z$/, ".$1000Z");
}
