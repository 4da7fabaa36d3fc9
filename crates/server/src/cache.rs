//! What the app remembers between requests.
//!
//! A user moving one salience back and forth, reloading, or saving what
//! was just analysed asks for the same text again; the answer is kept
//! rather than recomputed. The geometry lens and the source texts depend
//! on a small part of the scenario that edits rarely touch, so each is
//! kept for the last value of that part.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Bytes;
use axum::http::StatusCode;

/// FNV-1a of a text (64 bits): the version token of a scenario text and
/// the first comparison of the result cache.
pub fn fnv(text: &str) -> u64 {
    fnv_bytes(text.as_bytes())
}

/// FNV-1a of bytes.
pub fn fnv_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The value computed for the last key seen.
pub struct Memo<T> {
    slot: Mutex<Option<(String, Arc<T>)>>,
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo {
            slot: Mutex::new(None),
        }
    }
}

impl<T> Memo<T> {
    /// The value for `key`, computed by `f` unless it is the last key seen.
    /// `f` runs outside the lock, so a slow computation does not hold up
    /// requests for the value already kept.
    pub fn get_or(&self, key: String, f: impl FnOnce() -> T) -> Arc<T> {
        if let Some((k, v)) = &*self.slot.lock().unwrap_or_else(PoisonError::into_inner)
            && *k == key
        {
            return v.clone();
        }
        let v = Arc::new(f());
        *self.slot.lock().unwrap_or_else(PoisonError::into_inner) = Some((key, v.clone()));
        v
    }
}

/// An answer: status and JSON body.
pub type Answer = (StatusCode, Bytes);

/// The answers for the last few texts analysed, most recent first.
pub struct Results {
    capacity: usize,
    entries: Mutex<VecDeque<(u64, Arc<str>, Answer)>>,
}

impl Results {
    pub fn new(capacity: usize) -> Results {
        Results {
            capacity,
            entries: Mutex::new(VecDeque::with_capacity(capacity)),
        }
    }

    /// The answer kept for `text`, moved to the front.
    pub fn get(&self, text: &str) -> Option<Answer> {
        let h = fnv(text);
        let mut e = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let at = e.iter().position(|(k, t, _)| *k == h && **t == *text)?;
        let hit = e.remove(at)?;
        let answer = hit.2.clone();
        e.push_front(hit);
        Some(answer)
    }

    /// Keeps `answer` for `text`, dropping the least recently used beyond
    /// the capacity. Only answers that depend on the text alone are kept
    /// (200 and 422), never a timeout or an internal error.
    pub fn put(&self, text: &str, answer: Answer) {
        if !matches!(answer.0, StatusCode::OK | StatusCode::UNPROCESSABLE_ENTITY)
            || self.capacity == 0
        {
            return;
        }
        let h = fnv(text);
        let mut e = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(at) = e.iter().position(|(k, t, _)| *k == h && **t == *text) {
            e.remove(at);
        }
        e.push_front((h, text.into(), answer));
        e.truncate(self.capacity);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> Answer {
        (StatusCode::OK, Bytes::copy_from_slice(s.as_bytes()))
    }

    #[test]
    fn least_recently_used_goes_first() {
        let r = Results::new(2);
        r.put("a", ok("A"));
        r.put("b", ok("B"));
        assert_eq!(r.get("a").unwrap().1, "A"); // a is now the most recent
        r.put("c", ok("C"));
        assert!(r.get("b").is_none());
        assert_eq!(r.get("a").unwrap().1, "A");
        assert_eq!(r.get("c").unwrap().1, "C");
    }

    #[test]
    fn failures_are_not_kept() {
        let r = Results::new(4);
        r.put(
            "a",
            (StatusCode::SERVICE_UNAVAILABLE, Bytes::from_static(b"busy")),
        );
        r.put(
            "b",
            (StatusCode::UNPROCESSABLE_ENTITY, Bytes::from_static(b"bad")),
        );
        assert!(r.get("a").is_none());
        assert_eq!(r.get("b").unwrap().0, StatusCode::UNPROCESSABLE_ENTITY);
    }

    #[test]
    fn memo_recomputes_only_for_a_new_key() {
        let m = Memo::default();
        let mut calls = 0;
        assert_eq!(
            *m.get_or("k".into(), || {
                calls += 1;
                1
            }),
            1
        );
        assert_eq!(
            *m.get_or("k".into(), || {
                calls += 1;
                2
            }),
            1
        );
        assert_eq!(
            *m.get_or("j".into(), || {
                calls += 1;
                3
            }),
            3
        );
        assert_eq!(calls, 2);
    }
}
