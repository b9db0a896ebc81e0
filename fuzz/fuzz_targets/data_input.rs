//! A dataset of any bytes, as CSV or JSON Lines (the first byte picks), through a small gate
//! with a check of each kind (integer bounds beyond 2^53 and u64 members among them), and drift
//! against itself. A CSV is also read in blocks, as the CLI reads large files: when both reads
//! give a table, it must be the same table. The input is cut into 2 to 7 blocks (each block is
//! one polars parse: fixed blocks of a few bytes made a long input hundreds of parses).
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use mlgate_data::DataGateConfig;
use mlgate_data::config::Format;
use mlgate_data::read::{csv_from_stream_in_blocks, table};
use mlgate_core::{Gate, MemoryInputs, Settings};
use serde_json::json;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let path = if pick % 2 == 0 { "d.csv" } else { "d.jsonl" };
    let gate: DataGateConfig = serde_json::from_value(json!({
        "name": "g",
        "path": path,
        "table": { "row_count": { "min": 1 }, "unique": [["a", "b"]] },
        "columns": {
            "a": { "type": "integer", "nullable": false, "min": 0, "max": 100, "unique": true, "monotonic": "increasing", "mean": { "max": 50 }, "quantile": { "q": 0.9, "max": 90 } },
            "b": { "allowed": ["x", "y"], "regex": "[a-z]+", "length": { "max": 5 }, "mostly": 0.5 },
            "c": { "type": "float", "std": { "max": 1 }, "median": { "min": 0 }, "n_unique": { "max": 10 } },
            "d": {
                "min": -9_007_199_254_740_993i64, "max": 18_446_744_073_709_551_615u64,
                "allowed": [18_446_744_073_709_551_615u64, 9_007_199_254_740_993i64, "x"],
                "sum": { "max": 9_007_199_254_740_993i64 }, "max_value": { "min": 1 }, "median": { "max": 2 },
            },
        },
        "drift": { "reference": path, "method": "auto" },
    }))
    .expect("the fuzz gate is valid");
    let mut inputs = MemoryInputs::new();
    inputs.insert(path, bytes.to_vec());
    let _ = gate.evaluate(&inputs, &Settings::default());
    if path == "d.csv"
        && let Ok(whole) = table(path, bytes, None, None, &[])
    {
        let block = (bytes.len() / (2 + usize::from(pick / 2) % 6)).max(16);
        let streamed = csv_from_stream_in_blocks(path, &mut Cursor::new(bytes), Format::Csv, None, &[], block);
        if let Some(streamed) = streamed {
            assert!(
                streamed.frame.equals_missing(&whole.frame),
                "blocks of {block} bytes read another table than the whole read"
            );
        }
    }
});
