//! A page's large messages come in pieces: this gathers each JavaScript context's pieces into its
//! message, within the app's size limit.
//!
//! Chromium copies a binding's argument several times on its way out of the renderer. Strings of
//! up to some tens of KiB stay in its pools of small objects; a larger one takes fresh pages of
//! memory at every copy, and the page faults cost more than the copies. So the renderer runtime
//! sends a message longer than [`PIECE_LENGTH`] characters as several binding calls, each piece
//! starting with a marker: [`FIRST_MARKER`], then [`MORE_MARKER`], and [`LAST_MARKER`] for the
//! last. A message of 1 MiB goes about twice as fast so (`payload_1mib_raw_page_to_main` in the
//! `ipc` bench). A JSON message never starts with a marker, so a whole message needs none.
//!
//! Pieces a page script sends itself (a page with node integration can reach the binding) cannot
//! spoil a later message: a first piece or a whole message ends what its context left unfinished,
//! and a piece that continues nothing is dropped, each with a warning.

use std::collections::HashMap;

use crate::envelope::floor_char_boundary;

/// The character that starts the first piece of a message.
pub(crate) const FIRST_MARKER: char = '\u{1}';

/// The character that starts every piece of a message between its first and its last.
pub(crate) const MORE_MARKER: char = '\u{2}';

/// The character that starts the last piece of a message.
pub(crate) const LAST_MARKER: char = '\u{3}';

/// The length of a piece, in UTF-16 code units (the runtime keeps a surrogate pair in one piece,
/// so a piece may be one shorter).
pub(crate) const PIECE_LENGTH: usize = 32 * 1024;

/// How much of a message too large to keep is kept, for its header (kind, id, channel).
const KEPT_HEAD: usize = 1024;

/// What a binding call completed.
#[derive(Debug, PartialEq)]
pub(crate) enum Gathered {
    /// No message yet: a piece, kept or dropped.
    Unfinished,
    /// A whole message.
    Whole(String),
    /// A message over the limit: its first bytes and its whole size in bytes.
    TooLarge { head: String, size: usize },
}

/// One context's message so far.
enum Pending {
    Kept(String),
    /// Over the limit: only its head is kept.
    Dropped {
        head: String,
        size: usize,
    },
}

/// The messages in progress of one window's contexts.
pub(crate) struct Pieces {
    window_id: u32,
    pending: HashMap<i64, Pending>,
}

impl Pieces {
    /// No message in progress yet in the window `window_id`'s contexts.
    pub(crate) fn new(window_id: u32) -> Pieces {
        Pieces {
            window_id,
            pending: HashMap::new(),
        }
    }

    /// Takes one binding call's payload from `context`: a piece, or a whole message. `limit` is
    /// the app's largest message, in bytes of UTF-8.
    pub(crate) fn gather(&mut self, context: i64, payload: &str, limit: usize) -> Gathered {
        let mut chars = payload.chars();
        let marker = chars.next();
        let piece = chars.as_str();
        let pending = match marker {
            Some(FIRST_MARKER) => {
                self.end_unfinished(context);
                Pending::Kept(String::new())
            }
            Some(MORE_MARKER | LAST_MARKER) => match self.pending.remove(&context) {
                Some(pending) => pending,
                None => {
                    tracing::warn!(
                        window_id = self.window_id,
                        context,
                        "dropped a piece of a message that never started"
                    );
                    return Gathered::Unfinished;
                }
            },
            _ => {
                self.end_unfinished(context);
                return whole_or_too_large(payload.to_string(), limit);
            }
        };
        let pending = match pending {
            Pending::Kept(mut message) if message.len() + piece.len() <= limit => {
                message.push_str(piece);
                Pending::Kept(message)
            }
            Pending::Kept(message) => {
                let size = message.len() + piece.len();
                let mut head = message;
                head.push_str(&piece[..floor_char_boundary(piece, KEPT_HEAD)]);
                head.truncate(floor_char_boundary(&head, KEPT_HEAD));
                Pending::Dropped { head, size }
            }
            Pending::Dropped { head, size } => Pending::Dropped {
                head,
                size: size + piece.len(),
            },
        };
        if marker != Some(LAST_MARKER) {
            self.pending.insert(context, pending);
            return Gathered::Unfinished;
        }
        match pending {
            Pending::Kept(message) => whole_or_too_large(message, limit),
            Pending::Dropped { head, size } => Gathered::TooLarge { head, size },
        }
    }

    /// Drops what `context` left unfinished, with a warning: a new message started.
    fn end_unfinished(&mut self, context: i64) {
        if self.pending.remove(&context).is_some() {
            tracing::warn!(
                window_id = self.window_id,
                context,
                "dropped the unfinished pieces of a message: another one started"
            );
        }
    }

    /// Forgets what `context` sent so far: it is gone, or was refused.
    pub(crate) fn forget(&mut self, context: i64) {
        self.pending.remove(&context);
    }

    /// Forgets every context's pieces (the page's contexts were all cleared).
    pub(crate) fn clear(&mut self) {
        self.pending.clear();
    }
}

fn whole_or_too_large(mut message: String, limit: usize) -> Gathered {
    if message.len() <= limit {
        return Gathered::Whole(message);
    }
    let size = message.len();
    message.truncate(floor_char_boundary(&message, KEPT_HEAD));
    Gathered::TooLarge {
        head: message,
        size,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(text: &str) -> String {
        format!("{FIRST_MARKER}{text}")
    }

    fn more(text: &str) -> String {
        format!("{MORE_MARKER}{text}")
    }

    fn last(text: &str) -> String {
        format!("{LAST_MARKER}{text}")
    }

    /// A message begun in context 1 (`{"a":`) and one in context 2 (`{"b":`).
    fn started_in_two_contexts() -> Pieces {
        let mut pieces = Pieces::new(1);
        assert_eq!(
            pieces.gather(1, &first("{\"a\":"), 100),
            Gathered::Unfinished
        );
        assert_eq!(
            pieces.gather(2, &first("{\"b\":"), 100),
            Gathered::Unfinished
        );
        pieces
    }

    #[test]
    fn a_whole_message_passes_at_once() {
        let mut pieces = Pieces::new(1);
        assert_eq!(
            pieces.gather(1, "{\"v\":1}", 100),
            Gathered::Whole("{\"v\":1}".into())
        );
    }

    #[test]
    fn pieces_of_one_context_make_its_message_in_order() {
        let mut pieces = started_in_two_contexts();
        assert_eq!(pieces.gather(1, &more("\"é"), 100), Gathered::Unfinished);
        assert_eq!(
            pieces.gather(1, &last("\"}"), 100),
            Gathered::Whole("{\"a\":\"é\"}".into())
        );
        assert_eq!(
            pieces.gather(2, &last("2}"), 100),
            Gathered::Whole("{\"b\":2}".into())
        );
    }

    #[test]
    fn a_message_over_the_limit_keeps_only_its_head_and_counts_its_size() {
        let mut pieces = Pieces::new(1);
        let head = format!(
            "{{\"kind\":\"send\",\"channel\":\"big\",\"args\":[\"{}",
            "x".repeat(2000)
        );
        assert_eq!(pieces.gather(1, &first(&head), 3000), Gathered::Unfinished);
        assert_eq!(
            pieces.gather(1, &more(&"y".repeat(2000)), 3000),
            Gathered::Unfinished
        );
        let Gathered::TooLarge { head: kept, size } = pieces.gather(1, &last("\"]}"), 3000) else {
            panic!("a message of 4000 bytes passed a limit of 3000");
        };
        assert_eq!(size, head.len() + 2000 + 3);
        assert!(kept.len() <= KEPT_HEAD && head.starts_with(&kept), "{kept}");
        assert!(kept.contains("\"channel\":\"big\""));
        assert_eq!(
            pieces.gather(1, "{}", 3000),
            Gathered::Whole("{}".into()),
            "the next message starts afresh"
        );
    }

    #[test]
    fn a_single_message_over_the_limit_is_too_large() {
        let mut pieces = Pieces::new(1);
        let message = "é".repeat(1000);
        let Gathered::TooLarge { head, size } = pieces.gather(1, &message, 100) else {
            panic!("passed");
        };
        assert_eq!(size, 2000);
        assert_eq!(head.len(), KEPT_HEAD);
    }

    #[test]
    fn a_forgotten_context_starts_afresh() {
        let mut pieces = started_in_two_contexts();
        pieces.forget(1);
        assert_eq!(pieces.gather(1, &last("1}"), 100), Gathered::Unfinished);
        pieces.clear();
        assert_eq!(pieces.gather(2, &last("2}"), 100), Gathered::Unfinished);
    }

    #[test]
    fn stray_pieces_spoil_no_later_message() {
        let mut pieces = Pieces::new(1);
        assert_eq!(pieces.gather(1, &more("stray"), 100), Gathered::Unfinished);
        assert_eq!(pieces.gather(1, &last("stray"), 100), Gathered::Unfinished);
        assert_eq!(pieces.gather(1, &first("left"), 100), Gathered::Unfinished);
        assert_eq!(pieces.gather(1, "{}", 100), Gathered::Whole("{}".into()));
        assert_eq!(pieces.gather(1, &first("left"), 100), Gathered::Unfinished);
        assert_eq!(pieces.gather(1, &first("[1,"), 100), Gathered::Unfinished);
        assert_eq!(
            pieces.gather(1, &last("2]"), 100),
            Gathered::Whole("[1,2]".into())
        );
    }
}
