//! Policy variables. STUB: owned by the conditions work.
