//! See `iamsim_fuzz::checks::share_link` for the input's shape and what is checked.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| iamsim_fuzz::checks::share_link(data));
