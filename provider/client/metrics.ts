// Counters for tests and benchmarks: how many HTTP requests each endpoint got, how many were
// retries, how many 429s came back and how long the client waited (pacing, Retry-After, backoff).

/** MetricsSnapshot represents the client's counters at one moment. */
export interface MetricsSnapshot {
  /** HTTP requests sent (attempts, retries included), keyed by `"<METHOD> <route template>"`. */
  requests: Record<string, number>;
  /** Sum of `requests`. */
  totalRequests: number;
  /** Attempts that repeated an earlier one (429, 5xx, connection errors, after reconcile). */
  retries: number;
  /** 429 responses received. */
  throttled: number;
  /** Milliseconds spent waiting before sending: pacing, Retry-After and backoff, summed over requests. */
  waitMs: number;
  /** Unknown-outcome POST/PATCH requests settled by a reconcile lookup instead of a repeat. */
  reconciled: number;
  /** `listAll` calls answered from the read cache (including joining an in-flight read). */
  cacheHits: number;
  /** `listAll` calls that had to read from PostHog. */
  cacheMisses: number;
}

/** ClientMetrics collects request counts, retries, 429s and waits for one client. */
export class ClientMetrics {
  private data: MetricsSnapshot = ClientMetrics.empty();

  private static empty(): MetricsSnapshot {
    return {
      requests: {},
      totalRequests: 0,
      retries: 0,
      throttled: 0,
      waitMs: 0,
      reconciled: 0,
      cacheHits: 0,
      cacheMisses: 0,
    };
  }

  /** @internal Counts one HTTP request sent to `route` (`"GET /api/organizations/{id}/roles/"`). */
  recordRequest(route: string): void {
    this.data.requests[route] = (this.data.requests[route] ?? 0) + 1;
    this.data.totalRequests++;
  }

  /** @internal */
  recordRetry(): void {
    this.data.retries++;
  }

  /** @internal */
  recordThrottled(): void {
    this.data.throttled++;
  }

  /** @internal */
  recordWait(ms: number): void {
    if (ms > 0) this.data.waitMs += ms;
  }

  /** @internal */
  recordReconciled(): void {
    this.data.reconciled++;
  }

  /** @internal */
  recordCache(hit: boolean): void {
    if (hit) this.data.cacheHits++;
    else this.data.cacheMisses++;
  }

  /** snapshot returns a copy of the counters. */
  snapshot(): MetricsSnapshot {
    return { ...this.data, requests: { ...this.data.requests } };
  }

  /** reset sets every counter back to zero. */
  reset(): void {
    this.data = ClientMetrics.empty();
  }
}
