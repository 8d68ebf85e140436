//! The fuzz targets' checks, as a library for the targets in `fuzz_targets/`.
pub mod checks;
