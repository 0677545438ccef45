//! A problem with one field of a form or an imported row, in words a teacher can act on.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The form field's id, so the form can show the message beside it.
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        FieldError {
            field,
            message: message.into(),
        }
    }
}

/// Trims and collapses runs of spaces, as names pasted from other systems often carry them.
pub fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
