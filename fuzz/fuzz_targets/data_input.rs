//! A dataset of any bytes, as CSV or JSON Lines (the first byte picks), through a small gate
//! with a check of each kind, and drift against itself. A CSV is also read in small blocks, as
//! the CLI reads large files: when both reads give a table, it must be the same table.
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
        let block = 16 + usize::from(pick) % 64;
        let streamed = csv_from_stream_in_blocks(path, &mut Cursor::new(bytes), Format::Csv, None, &[], block);
        if let Some(streamed) = streamed {
            assert!(
                streamed.frame.equals_missing(&whole.frame),
                "blocks of {block} bytes read another table than the whole read"
            );
        }
    }
});
