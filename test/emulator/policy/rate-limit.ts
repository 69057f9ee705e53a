// PostHog's burst + sustained throttles for personal-API-key requests (docs/posthog-api/FACTS.md §2.7), with DRF's
// SimpleRateThrottle history algorithm so the Retry-After values match the real service.
import type { Settings } from "../model/store";

interface Window {
  name: string;
  limit: number;
  durationMs: number;
}

/** RateLimiter keeps per-key request histories for the burst and sustained windows. */
export class RateLimiter {
  private readonly histories = new Map<string, number[]>();

  /** Forgets all histories. */
  reset(): void {
    this.histories.clear();
  }

  /**
   * Records a request for `key` at `now` (ms) and returns null when allowed, else the wait in
   * whole seconds (DRF: the largest wait of the failing throttles, rounded up).
   */
  check(key: string, now: number, settings: Settings): number | null {
    const windows: Window[] = [
      { name: "burst", limit: settings.burst_per_minute, durationMs: 60_000 },
      { name: "sustained", limit: settings.sustained_per_hour, durationMs: 3_600_000 },
    ];
    const waits: number[] = [];
    // Every throttle is consulted, and each one that allows the request records it (DRF check_throttles).
    for (const w of windows) {
      const id = `${w.name}:${key}`;
      const history = (this.histories.get(id) ?? []).filter((t) => t > now - w.durationMs);
      if (history.length >= w.limit) {
        // history is newest-first; the oldest entry decides when a slot frees up.
        const remaining = history.length ? w.durationMs - (now - history[history.length - 1]) : w.durationMs;
        const available = w.limit - history.length + 1;
        waits.push(available > 0 ? remaining / available : remaining);
        this.histories.set(id, history);
        continue;
      }
      history.unshift(now);
      this.histories.set(id, history);
    }
    if (waits.length === 0) return null;
    return Math.max(1, Math.ceil(Math.max(...waits) / 1000));
  }
}
