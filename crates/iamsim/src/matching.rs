//! Matching of actions, resources and principals. STUB: owned by the matching work.
