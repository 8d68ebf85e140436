//! STUB: the JavaScript API (issue 4).
