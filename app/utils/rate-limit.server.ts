// Fixed-window counters in memory: enough for one server process; a restart forgets them.
type Window = { startedAt: number; count: number };

export function createRateLimiter(limit: number, windowMs: number) {
  const windows = new Map<string, Window>();
  return {
    /** Counts one hit for `key`; false when the key is over its limit in the current window. */
    hit(key: string, now = Date.now()): boolean {
      const current = windows.get(key);
      if (!current || now - current.startedAt >= windowMs) {
        windows.set(key, { startedAt: now, count: 1 });
        if (windows.size > 100_000) sweep(now);
        return true;
      }
      current.count++;
      return current.count <= limit;
    },
    isBlocked(key: string, now = Date.now()): boolean {
      const current = windows.get(key);
      return !!current && now - current.startedAt < windowMs && current.count >= limit;
    },
    reset(key: string) {
      windows.delete(key);
    },
  };

  function sweep(now: number) {
    for (const [key, w] of windows) if (now - w.startedAt >= windowMs) windows.delete(key);
  }
}
