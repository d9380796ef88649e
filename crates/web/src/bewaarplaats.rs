//! What the server keeps of derived answers (kept pages, projects, session lookups): at most
//! `MAX` entries, the least recently used one let go first. Before, each cache emptied itself
//! wholly when full, so a working set just above the bound was read anew in bursts.

use std::hash::Hash;
use std::num::NonZeroUsize;
use std::sync::Mutex;

use lru::LruCache;

pub(crate) struct Bewaarplaats<K: Hash + Eq, V, const MAX: usize> {
    kept: Mutex<LruCache<K, V>>,
}

impl<K: Hash + Eq, V, const MAX: usize> Default for Bewaarplaats<K, V, MAX> {
    fn default() -> Self {
        Bewaarplaats {
            kept: Mutex::new(LruCache::new(
                NonZeroUsize::new(MAX).unwrap_or(NonZeroUsize::MIN),
            )),
        }
    }
}

impl<K: Hash + Eq, V: Clone, const MAX: usize> Bewaarplaats<K, V, MAX> {
    /// The entry under `key` if `geldig` accepts it (made at the current versions, not too
    /// old), marked as just used.
    pub(crate) fn get(&self, key: &K, geldig: impl FnOnce(&V) -> bool) -> Option<V> {
        let mut kept = self.kept.lock().ok()?;
        kept.get(key).filter(|v| geldig(v)).cloned()
    }

    /// Keeps `value` under `key`, letting go of the least recently used entry when full.
    pub(crate) fn put(&self, key: K, value: V) {
        if let Ok(mut kept) = self.kept.lock() {
            kept.put(key, value);
        }
    }

    pub(crate) fn remove(&self, key: &K) {
        if let Ok(mut kept) = self.kept.lock() {
            kept.pop(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Bewaarplaats;

    #[test]
    fn the_least_recently_used_goes_first_and_the_rest_stay() {
        let b: Bewaarplaats<u32, &str, 3> = Bewaarplaats::default();
        b.put(1, "een");
        b.put(2, "twee");
        b.put(3, "drie");
        assert_eq!(b.get(&1, |_| true), Some("een"), "1 is now the most recent");
        b.put(4, "vier");
        assert_eq!(b.get(&2, |_| true), None, "2 was the least recently used");
        for (k, v) in [(1, "een"), (3, "drie"), (4, "vier")] {
            assert_eq!(b.get(&k, |_| true), Some(v));
        }
        assert_eq!(b.get(&4, |v| *v == "anders"), None, "refused as stale");
        b.remove(&4);
        assert_eq!(b.get(&4, |_| true), None);
    }
}
