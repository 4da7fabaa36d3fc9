//! What an analysis may spend, and a way to stop it.
//!
//! Every lens runs under a [`Budget`]: a deadline and a cancellation token,
//! both optional. The facade checks it between lenses and between issues,
//! and hands the engines' inner loops a check (Monte Carlo evaluates no more
//! runs once it is spent), so that a caller — the app's request timeout, a
//! user's Ctrl-C — can stop an analysis without the engines knowing about
//! either. What a spent budget stops is never reported as a result: the lens
//! says it was not finished, and why.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// A token any thread can cancel; clones share it.
#[derive(Clone, Debug, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// A deadline and a cancellation token; the default has neither.
#[derive(Clone, Debug, Default)]
pub struct Budget {
    pub deadline: Option<Instant>,
    pub cancel: Cancel,
}

impl Budget {
    /// Why the budget is spent, if it is.
    pub fn spent(&self) -> Option<&'static str> {
        if self.cancel.is_cancelled() {
            Some("the analysis was cancelled")
        } else if self.deadline.is_some_and(|d| Instant::now() >= d) {
            Some("the analysis ran out of its time budget")
        } else {
            None
        }
    }

    pub fn is_spent(&self) -> bool {
        self.spent().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_is_spent_by_cancelling_or_by_its_deadline() {
        let b = Budget::default();
        assert_eq!(b.spent(), None);
        let shared = b.clone();
        shared.cancel.cancel();
        assert_eq!(b.spent(), Some("the analysis was cancelled"));
        let late = Budget {
            deadline: Some(Instant::now()),
            ..Budget::default()
        };
        assert_eq!(
            late.spent(),
            Some("the analysis ran out of its time budget")
        );
    }
}
