//! The native CLI reads large CSV files block by block; the wasm build reads them whole. Both
//! must give the same table, and every block-by-block failure must fall back to the whole read.

use std::io::Cursor;

use mlgate_data::gate::Format;
use mlgate_data::read::{csv_from_stream_in_blocks, table};

/// 500 rows with quoted fields holding separators, quotes and line breaks, nulls, dates and a BOM.
fn tricky_csv() -> String {
    let mut csv = String::from("\u{feff}id,name,note,when,score\n");
    for i in 0..500 {
        let note = match i % 4 {
            0 => "\"a, b\"".to_string(),
            1 => "\"line\nbreak\"".to_string(),
            2 => "\"say \"\"hi\"\"\"".to_string(),
            _ => String::new(),
        };
        let score = if i % 7 == 0 {
            String::new()
        } else {
            format!("{}.{}", i, i % 10)
        };
        csv.push_str(&format!("{i},n{i},{note},2024-01-{:02},{score}\n", 1 + i % 28));
    }
    csv
}

#[test]
fn blocks_give_the_table_of_the_whole_read() {
    let csv = tricky_csv();
    let whole = table("t.csv", csv.as_bytes(), None, None, &[]).unwrap();
    for block in [64, 100, 1000, 4096, 1 << 20] {
        let streamed =
            csv_from_stream_in_blocks("t.csv", &mut Cursor::new(csv.as_bytes()), Format::Csv, None, &[], block)
                .unwrap_or_else(|| panic!("block {block}: fell back"));
        assert_eq!(streamed.frame.height(), 500, "block {block}");
        assert_eq!(streamed.frame.schema(), whole.frame.schema(), "block {block}");
        assert!(
            streamed.frame.equals_missing(&whole.frame),
            "block {block}: same values"
        );
    }
}

#[test]
fn what_blocks_cannot_read_falls_back_to_the_whole_read() {
    // A value of another type after the first block's inference window.
    let mut late = String::from("v\n");
    for i in 0..300 {
        late.push_str(&format!("{i}\n"));
    }
    late.push_str("oops\n");
    // A ragged row, and invalid UTF-8, in a later block.
    let mut ragged = late.replace("oops", "1");
    ragged.push_str("2,3\n");
    let mut invalid = late.replace("oops", "1").into_bytes();
    invalid.extend_from_slice(b"\xff\n");
    for (what, bytes) in [
        ("late text", late.into_bytes()),
        ("ragged", ragged.into_bytes()),
        ("invalid UTF-8", invalid),
    ] {
        let streamed = csv_from_stream_in_blocks("t.csv", &mut Cursor::new(&bytes), Format::Csv, None, &[], 256);
        assert!(streamed.is_none(), "{what}: must fall back");
    }
}

#[test]
fn a_file_that_fits_one_block_is_the_whole_read() {
    let csv = "a,b\n1,x\n";
    let streamed = csv_from_stream_in_blocks(
        "t.csv",
        &mut Cursor::new(csv.as_bytes()),
        Format::Csv,
        None,
        &[],
        1 << 20,
    )
    .unwrap();
    assert_eq!(streamed.frame.height(), 1);
    // Other formats are never streamed.
    assert!(csv_from_stream_in_blocks("t.json", &mut Cursor::new(b"[]"), Format::Json, None, &[], 64).is_none());
}

/// Text checks walk a streamed table chunk by chunk: sample rows count from the file's start,
/// nulls are skipped in every chunk, values longer than a string view's 12 inline bytes are
/// compared by their text, and the results equal those on the whole read.
#[test]
fn text_checks_on_a_table_of_many_chunks_equal_the_whole_read() {
    use mlgate_data::checks::evaluate;
    use mlgate_data::gate::ColumnChecks;
    use serde_json::json;

    let cities = [
        "Berlin",
        "Frankfurt am Main",
        "",
        "Köln",
        "Saint-Étienne-du-Rouvray",
        "Paris",
    ];
    let mut csv = String::from("id,city\n");
    for i in 0..600 {
        csv.push_str(&format!("{i},{}\n", cities[i % cities.len()]));
    }
    let whole = table("t.csv", csv.as_bytes(), None, None, &[]).unwrap();
    let streamed =
        csv_from_stream_in_blocks("t.csv", &mut Cursor::new(csv.as_bytes()), Format::Csv, None, &[], 512).unwrap();
    assert!(streamed.frame.column("city").unwrap().n_chunks() > 5);
    let checks: ColumnChecks = serde_json::from_value(json!({
        "allowed": ["Berlin", "Frankfurt am Main", "Köln", "Paris"],
        "forbidden": ["Saint-Étienne-du-Rouvray"],
        "regex": "[A-Z][a-z]+",
        "length": { "max": 17 },
    }))
    .unwrap();
    let on_blocks = evaluate("g", "city", &checks, &streamed, 20);
    assert_eq!(on_blocks, evaluate("g", "city", &checks, &whole, 20));
    let by_check = |name: &str| on_blocks.iter().find(|c| c.check == name).unwrap();
    // 600 rows, every sixth null: 500 values; the long city is a sixth of them.
    let allowed = by_check("allowed");
    assert_eq!(
        (allowed.element_count, allowed.unexpected_count),
        (Some(500), Some(100))
    );
    let rows: Vec<u64> = allowed.samples.iter().flatten().map(|s| s.row).collect();
    assert_eq!(rows, (0..20).map(|k| 4 + 6 * k).collect::<Vec<u64>>());
    assert_eq!(by_check("forbidden").unexpected_count, Some(100));
    // Not one word of ASCII letters: "Frankfurt am Main", "Köln" and the long one.
    assert_eq!(by_check("regex").unexpected_count, Some(300));
    // "Köln" is 4 characters (5 bytes); "Saint-Étienne-du-Rouvray" 24; "Frankfurt am Main" 17.
    assert_eq!(by_check("length").unexpected_count, Some(100));
}
