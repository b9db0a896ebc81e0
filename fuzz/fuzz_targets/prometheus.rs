//! A Prometheus API response (or any sample file) of any bytes: parsed into samples.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(set) = mlgate_canary::sources::parse("p.json", data) {
        let _ = set.get("latency", true);
        let _ = set.get("latency", false);
    }
});
