//! Typed state kept per app and per window (Tauri's `manage()` / `State<T>`): one value per type.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::listeners::lock;

/// One value of each type, shared as `Arc<T>`.
#[derive(Default)]
pub(crate) struct Extensions {
    values: Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
}

impl Extensions {
    /// Keeps `value`; false (and `value` is dropped) when a value of its type is kept already.
    pub(crate) fn insert<T: Send + Sync + 'static>(&self, value: T) -> bool {
        let mut values = lock(&self.values);
        if values.contains_key(&TypeId::of::<T>()) {
            return false;
        }
        values.insert(TypeId::of::<T>(), Arc::new(value));
        true
    }

    /// The value of type `T`, if one is kept.
    pub(crate) fn get<T: Send + Sync + 'static>(&self) -> Option<Arc<T>> {
        let value = lock(&self.values).get(&TypeId::of::<T>()).cloned()?;
        value.downcast::<T>().ok()
    }

    /// The value of type `T`, made with `make` if none is kept yet.
    pub(crate) fn get_or_insert_with<T: Send + Sync + 'static>(
        &self,
        make: impl FnOnce() -> T,
    ) -> Arc<T> {
        let mut values = lock(&self.values);
        let value = values
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Arc::new(make()))
            .clone();
        drop(values);
        value
            .downcast::<T>()
            .unwrap_or_else(|_| unreachable!("values are kept under their own type's id"))
    }

    /// Drops every value (a window closed): values may hold handles that keep others alive.
    pub(crate) fn clear(&self) {
        let values = std::mem::take(&mut *lock(&self.values));
        drop(values);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_value_per_type() {
        let extensions = Extensions::default();
        assert!(extensions.insert(1_u32));
        assert!(!extensions.insert(2_u32));
        assert_eq!(*extensions.get::<u32>().expect("kept"), 1);
        assert!(extensions.get::<u64>().is_none());
        assert_eq!(*extensions.get_or_insert_with(|| 7_u64), 7);
        assert_eq!(*extensions.get_or_insert_with(|| 8_u64), 7);
        extensions.clear();
        assert!(extensions.get::<u32>().is_none());
    }
}
