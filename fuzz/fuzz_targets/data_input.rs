//! A dataset of any bytes, as CSV or JSON Lines (the first byte picks), through a small gate
//! with a check of each kind (integer bounds beyond 2^53, u64 members, dates, formats among them),
//! and drift against a fixed small reference. A CSV is also read in blocks, as the CLI reads
//! large files: when both reads give a table, it must be the same table. Every read is a polars
//! parse, the cost of an execution: the input is cut into 2 or 3 blocks (where one cut falls is
//! what the block reader gets wrong, not how many there are), and the reference is not the input
//! read again.
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
            "e": { "type": "date", "min": "2000-01-01", "max": "today+1d", "format": "%Y-%m-%d" },
            "d": {
                "min": -9_007_199_254_740_993i64, "max": 18_446_744_073_709_551_615u64,
                "allowed": [18_446_744_073_709_551_615u64, 9_007_199_254_740_993i64, "x"],
                "sum": { "max": 9_007_199_254_740_993i64 }, "max_value": { "min": 1 }, "median": { "max": 2 },
            },
        },
        "drift": { "reference": "r.csv", "method": "auto" },
    }))
    .expect("the fuzz gate is valid");
    let mut inputs = MemoryInputs::new();
    inputs.insert(path, bytes.to_vec());
    inputs.insert("r.csv", "a,b,c,e\n1,x,0.5,2024-01-01\n2,y,0.7,2024-02-01\n3,x,0.1,\n".as_bytes().to_vec());
    let settings = Settings { now_ns: Some(1_765_000_000_000_000_000), ..Settings::default() };
    let _ = gate.evaluate(&inputs, &settings);
    if path == "d.csv"
        && let Ok(whole) = table(path, bytes, None, None, &[])
    {
        let block = (bytes.len() / (2 + usize::from(pick / 2) % 2)).max(16);
        let streamed = csv_from_stream_in_blocks(path, &mut Cursor::new(bytes), Format::Csv, None, &[], block);
        if let Some(streamed) = streamed {
            assert!(
                streamed.frame.equals_missing(&whole.frame),
                "blocks of {block} bytes read another table than the whole read"
            );
        }
    }
});
