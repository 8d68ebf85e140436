//! Condition operators. STUB: owned by the conditions work.
