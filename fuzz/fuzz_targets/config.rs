//! A config file of any bytes: parsed and validated, and when it loads, run against no files
//! (every source then fails to read, which must be an error, not a panic).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mlgate_core::MemoryInputs;
use mlgate_engine::{RunOptions, host};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(loaded) = mlgate_engine::load("mlgate.yaml", &text) {
        let _ = host::needs(&loaded, 1_700_000_000.0);
        let _ = mlgate_engine::run(&loaded, &MemoryInputs::new(), &RunOptions::default());
    }
});
