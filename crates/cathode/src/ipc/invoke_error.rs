//! `InvokeError`: a structured rejection of a page's `ipcRenderer.invoke`.
//!
//! A handler registered with [`crate::IpcMain::handle`] may fail with any `Display` error; the
//! page's promise then rejects with `new Error("Error invoking remote method '<channel>': <error>")`,
//! as in Electron. When the handler fails with an [`InvokeError`] instead, the page's Error also
//! gets the error's `name`, and its `data` (any JSON value) as the Error's `data` property:
//!
//! ```text
//! main:  Err(InvokeError::new("age must be positive").with_name("ValidationError")
//!            .with_data(json!({"field": "age"})))
//! wire:  {"v":1,"kind":"result","id":7,"error":{"message":"Error invoking remote method
//!            'save': age must be positive","name":"ValidationError","data":{"field":"age"}}}
//! page:  error.name === 'ValidationError', error.message === "Error invoking remote method
//!            'save': age must be positive", error.data.field === 'age'
//! ```
//!
//! `handle` tells an `InvokeError` from other errors at run time (`std::any::Any`), so its
//! signature stays `E: Display + 'static` and existing handlers compile unchanged.

use std::any::Any;
use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::envelope::{Outcome, PageError};
use crate::error::BoxError;

/// Electron's text for a rejected invoke.
pub(crate) fn invoke_error(channel: &str, message: impl std::fmt::Display) -> Outcome {
    Outcome::Error(PageError::new(format!(
        "Error invoking remote method '{channel}': {message}"
    )))
}

/// An error that rejects a page's `ipcRenderer.invoke` with a name and data, not only a message
/// (Electron keeps only the message; this is what Tauri commands and typed APIs want).
///
/// The page's Error has:
/// - `message`: Electron's `Error invoking remote method '<channel>': <message>`;
/// - `name`: [`InvokeError::name`] (`"Error"` unless set);
/// - `data`: [`InvokeError::data`] when there is some; no `data` property otherwise.
///
/// ```no_run
/// use cathode::InvokeError;
/// use serde_json::json;
///
/// # fn demo(ipc: &cathode::IpcMain) -> cathode::Result<()> {
/// ipc.handle("set-age", |_event, age: i64| async move {
///     if age < 0 {
///         return Err(InvokeError::new("age must not be negative")
///             .with_name("ValidationError")
///             .with_data(json!({"field": "age", "got": age})));
///     }
///     Ok(age)
/// })?;
/// # Ok(()) }
/// ```
///
/// In the page:
///
/// ```js
/// try {
///   await ipcRenderer.invoke('set-age', -1);
/// } catch (error) {
///   error.name;    // 'ValidationError'
///   error.message; // "Error invoking remote method 'set-age': age must not be negative"
///   error.data;    // { field: 'age', got: -1 }
/// }
/// ```
///
/// The handler's error type must be `InvokeError` itself (or a [`crate::BoxError`] holding one)
/// to be recognised; an app's own error type reaches it through `From` and `?` (or
/// `map_err(Into::into)`), for instance with [`InvokeError::from_serializable`]. Any other error type rejects as before, with its `Display`
/// text as the message and the name `Error`.
///
/// The error counts towards the app's message size limit like a result does: a rejection whose
/// data makes it too large is replaced by the size error (name `Error`, no data).
#[derive(Debug, Clone, PartialEq)]
pub struct InvokeError {
    /// The page's `error.name`; `"Error"` unless set.
    pub name: String,
    /// The message, after Electron's `Error invoking remote method '<channel>': ` prefix.
    pub message: String,
    /// The page's `error.data`; without it the Error has no `data` property.
    pub data: Option<Value>,
}

impl InvokeError {
    /// An error named `Error` with this message and no data.
    ///
    /// ```
    /// let error = cathode::InvokeError::new("not found");
    /// assert_eq!((error.name.as_str(), error.message.as_str()), ("Error", "not found"));
    /// assert_eq!(error.data, None);
    /// ```
    pub fn new(message: impl Into<String>) -> InvokeError {
        InvokeError {
            name: "Error".to_string(),
            message: message.into(),
            data: None,
        }
    }

    /// The same error with the page's `error.name` set to `name` (`TypeError`,
    /// `ValidationError`, ...).
    ///
    /// ```
    /// let error = cathode::InvokeError::new("no such user").with_name("NotFound");
    /// assert_eq!(error.name, "NotFound");
    /// ```
    pub fn with_name(mut self, name: impl Into<String>) -> InvokeError {
        self.name = name.into();
        self
    }

    /// The same error carrying `data`, as JSON, to the page's `error.data`.
    ///
    /// `data` is serialized at once. A value serde cannot turn into JSON (a map with keys that
    /// are not strings, a `Serialize` impl that fails) leaves the error without data; that is
    /// logged as a warning.
    ///
    /// ```
    /// use serde_json::json;
    /// let error = cathode::InvokeError::new("bad input").with_data(json!({"field": "email"}));
    /// assert_eq!(error.data, Some(json!({"field": "email"})));
    /// ```
    pub fn with_data(mut self, data: impl Serialize) -> InvokeError {
        self.data = match serde_json::to_value(data) {
            Ok(data) => Some(data),
            Err(error) => {
                tracing::warn!(
                    name = self.name.as_str(),
                    message = self.message.as_str(),
                    %error,
                    "the data of an invoke error cannot be serialized; it is left out"
                );
                None
            }
        };
        self
    }

    /// An error whose message is `error`'s `Display` text and whose data is `error` serialized:
    /// for error types that derive both (Tauri commands return such errors).
    ///
    /// ```
    /// use serde_json::json;
    ///
    /// #[derive(serde::Serialize)]
    /// #[serde(tag = "kind")]
    /// enum DbError {
    ///     NotFound { id: u64 },
    /// }
    ///
    /// impl std::fmt::Display for DbError {
    ///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    ///         match self {
    ///             DbError::NotFound { id } => write!(f, "no row {id}"),
    ///         }
    ///     }
    /// }
    ///
    /// impl From<DbError> for cathode::InvokeError {
    ///     fn from(error: DbError) -> Self {
    ///         cathode::InvokeError::from_serializable(&error).with_name("DbError")
    ///     }
    /// }
    ///
    /// let error = cathode::InvokeError::from(DbError::NotFound { id: 7 });
    /// assert_eq!(error.message, "no row 7");
    /// assert_eq!(error.name, "DbError");
    /// assert_eq!(error.data, Some(json!({"kind": "NotFound", "id": 7})));
    /// ```
    pub fn from_serializable<E: fmt::Display + Serialize + ?Sized>(error: &E) -> InvokeError {
        InvokeError::new(error.to_string()).with_data(error)
    }

    /// How the page's promise for `channel` rejects with this error.
    pub(crate) fn into_outcome(self, channel: &str) -> Outcome {
        let mut outcome = invoke_error(channel, &self.message);
        if let Outcome::Error(page) = &mut outcome {
            page.name = self.name;
            page.data = self.data;
        }
        outcome
    }
}

/// As JavaScript's `Error.prototype.toString`: `name: message`, or whichever of the two is not
/// empty.
impl fmt::Display for InvokeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.name.is_empty(), self.message.is_empty()) {
            (true, _) => f.write_str(&self.message),
            (false, true) => f.write_str(&self.name),
            (false, false) => write!(f, "{}: {}", self.name, self.message),
        }
    }
}

impl std::error::Error for InvokeError {}

impl From<String> for InvokeError {
    fn from(message: String) -> InvokeError {
        InvokeError::new(message)
    }
}

impl From<&str> for InvokeError {
    fn from(message: &str) -> InvokeError {
        InvokeError::new(message)
    }
}

/// How a handler's error rejects the page's promise for `channel`: an [`InvokeError`] (also one
/// boxed in a [`crate::BoxError`]) keeps its name and data; any other error becomes Electron's
/// message, named `Error`.
pub(crate) fn rejection<E: fmt::Display + 'static>(channel: &str, error: E) -> Outcome {
    let any = &error as &dyn Any;
    let found = any.downcast_ref::<InvokeError>().or_else(|| {
        any.downcast_ref::<BoxError>()
            .and_then(|boxed| boxed.downcast_ref::<InvokeError>())
    });
    match found {
        Some(found) => found.clone().into_outcome(channel),
        None => invoke_error(channel, error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::{InvokeResult, PageError};
    use serde_json::json;

    fn page_error(outcome: Outcome) -> PageError {
        match outcome {
            Outcome::Error(error) => error,
            Outcome::Ok(value) => panic!("expected an error, got {value}"),
        }
    }

    #[test]
    fn the_builder_sets_name_and_data() {
        let error = InvokeError::new("bad age")
            .with_name("ValidationError")
            .with_data(json!({"field": "age"}));
        assert_eq!(
            error,
            InvokeError {
                name: "ValidationError".into(),
                message: "bad age".into(),
                data: Some(json!({"field": "age"})),
            }
        );
        assert_eq!(InvokeError::from("plain"), InvokeError::new("plain"));
        assert_eq!(InvokeError::from(String::from("plain")).name, "Error");
    }

    #[test]
    fn data_serde_cannot_serialize_is_left_out() {
        let keyed_by_pairs: std::collections::HashMap<(u8, u8), u8> = [((1, 2), 3)].into();
        let error = InvokeError::new("m").with_data(keyed_by_pairs);
        assert_eq!(error.data, None);
        assert_eq!(error.message, "m");
    }

    #[test]
    fn display_reads_like_javascripts_error_to_string() {
        assert_eq!(InvokeError::new("boom").to_string(), "Error: boom");
        let named = InvokeError::new("boom").with_name("DbError");
        assert_eq!(named.to_string(), "DbError: boom");
        assert_eq!(
            InvokeError::new("").with_name("DbError").to_string(),
            "DbError"
        );
        assert_eq!(InvokeError::new("boom").with_name("").to_string(), "boom");
    }

    #[test]
    fn from_serializable_takes_the_message_from_display_and_the_data_from_serde() {
        #[derive(Serialize)]
        struct Missing {
            id: u64,
        }
        impl fmt::Display for Missing {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "no row {}", self.id)
            }
        }
        let error = InvokeError::from_serializable(&Missing { id: 7 });
        assert_eq!(error.message, "no row 7");
        assert_eq!(error.name, "Error");
        assert_eq!(error.data, Some(json!({"id": 7})));
    }

    #[test]
    fn an_invoke_error_keeps_name_and_data_after_electrons_prefix() {
        let error = InvokeError::new("bad age")
            .with_name("ValidationError")
            .with_data(json!([1, "two"]));
        let page = page_error(rejection("save", error));
        assert_eq!(page.message, "Error invoking remote method 'save': bad age");
        assert_eq!(page.name, "ValidationError");
        assert_eq!(page.data, Some(json!([1, "two"])));
    }

    #[test]
    fn a_boxed_invoke_error_is_found_too() {
        let boxed: BoxError = Box::new(InvokeError::new("inside").with_name("Boxed"));
        let page = page_error(rejection("c", boxed));
        assert_eq!(page.name, "Boxed");
        assert_eq!(page.message, "Error invoking remote method 'c': inside");
    }

    #[test]
    fn other_errors_reject_as_before() {
        let page = page_error(rejection("c", "no can do"));
        assert_eq!(
            page,
            PageError::new("Error invoking remote method 'c': no can do")
        );
        let boxed: BoxError = "boxed text".into();
        let page = page_error(rejection("c", boxed));
        assert_eq!(
            page,
            PageError::new("Error invoking remote method 'c': boxed text")
        );
        let io = std::io::Error::other("disk on fire");
        assert_eq!(page_error(rejection("c", io)).data, None);
    }

    #[test]
    fn the_wire_carries_data_only_when_there_is_some() {
        let with = rejection(
            "c",
            InvokeError::new("m")
                .with_name("N")
                .with_data(json!({"a": 1})),
        );
        assert_eq!(
            serde_json::to_value(InvokeResult::new(3, &with)).unwrap(),
            json!({"v": 1, "kind": "result", "id": 3, "error": {
                "message": "Error invoking remote method 'c': m", "name": "N", "data": {"a": 1}
            }})
        );
        let null = rejection("c", InvokeError::new("m").with_data(()));
        assert_eq!(
            serde_json::to_value(&null).unwrap(),
            json!({"error": {"message": "Error invoking remote method 'c': m", "name": "Error", "data": null}})
        );
        let without = rejection("c", InvokeError::new("m"));
        assert_eq!(
            serde_json::to_value(&without).unwrap(),
            json!({"error": {"message": "Error invoking remote method 'c': m", "name": "Error"}})
        );
    }
}
