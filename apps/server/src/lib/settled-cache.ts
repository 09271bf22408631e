import { LRUCache } from 'lru-cache';

/**
 * A short-lived in-process cache for configuration rows read on every request (programs, ledger policies).
 *
 * Two rules keep it honest. Only rows whose last change is older than `settleMs` are cached: a row read inside a
 * transaction might not be committed yet, but one changed ten seconds ago long since is (our transactions last
 * milliseconds). And entries live `ttlMs` at most, so a change made by another process shows within that time;
 * the process that makes a change evicts the entry at once.
 */
export class SettledCache<T extends object> {
  private readonly cache: LRUCache<string, T>;

  constructor(
    ttlMs: number,
    private readonly settleMs = 10_000,
    max = 5_000,
  ) {
    this.cache = new LRUCache<string, T>({ max, ttl: ttlMs });
  }

  get(key: string): T | undefined {
    return this.cache.get(key);
  }

  remember(key: string, value: T, changedAt: Date, now = Date.now()): T {
    if (now - changedAt.getTime() >= this.settleMs) this.cache.set(key, value);
    return value;
  }

  forget(key: string): void {
    this.cache.delete(key);
  }

  clear(): void {
    this.cache.clear();
  }
}
