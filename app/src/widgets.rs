//! Pieces several screens share: formatting for table cells and the CSS class of a problem.
//! Screens import from here, never from each other.

use gnbv_engine::diagnostics::Severity;

/// The CSS class of a problem's list item (`styles.css` colours its word).
#[must_use]
pub fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "diag error",
        Severity::Warning => "diag warning",
    }
}
