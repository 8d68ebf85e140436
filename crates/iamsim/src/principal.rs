//! The request principal: what kind it is, its account, its ARNs. STUB: owned by the matching work.
