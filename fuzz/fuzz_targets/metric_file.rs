//! A metric file of any bytes in each format (the first byte picks it): loaded and looked up.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mlgate_core::MemoryInputs;
use mlgate_metrics::files::MetricFile;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let path = ["m.json", "m.yaml", "m.toml", "m.csv", "m.tsv", "run/metrics/acc"][pick as usize % 6];
    let mut inputs = MemoryInputs::new();
    inputs.insert(path, bytes.to_vec());
    let path = if path.starts_with("run/") { "run" } else { path };
    if let Ok(file) = MetricFile::load(path, &inputs) {
        for name in ["accuracy", "acc", "eval.auc", "a.b.c", "\"x.y\".z", ""] {
            let _ = file.get(name);
        }
    }
});
