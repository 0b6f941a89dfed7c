/** A map of at most `capacity` entries (none at 0): reading or writing an entry makes it the newest, and the oldest goes first. */
export function leastRecentlyUsed<K, V>(capacity: number) {
  const entries = new Map<K, V>();
  return {
    get(key: K): V | undefined {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key: K, value: V) {
      if (capacity <= 0) return;
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > capacity) entries.delete(entries.keys().next().value!);
    },
    delete(key: K) {
      entries.delete(key);
    },
  };
}
