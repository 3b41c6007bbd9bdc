//! The one lock helper of the cathode crates.

use std::sync::{Mutex, MutexGuard};

/// Locks `mutex`, also when a panic elsewhere poisoned it. Every critical section in the cathode
/// crates leaves its data consistent (single inserts, removes and replacements), so a poisoned
/// lock is still safe to use, and one panicking listener must not stop the main process.
///
/// ```
/// let counter = std::sync::Mutex::new(0);
/// *cathode_cdp::sync::lock(&counter) += 1;
/// assert_eq!(*cathode_cdp::sync::lock(&counter), 1);
/// ```
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
