//! The renderers with arbitrary strings from inputs in every field a report shows: the
//! markdown (the pull-request comment) stays within its size and escapes what could become
//! markup — no raw HTML tag, link or image from an input survives.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mlgate_core::report::Sample;
use mlgate_core::{CheckResult, GateKind, GateReport, Report, Status};
use mlgate_engine::render::{self, TextOptions};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    // A JSON report as the CLI writes it, or a report built from NUL-separated strings.
    let report = match serde_json::from_slice::<Report>(data) {
        Ok(report) => report,
        Err(_) => {
            let text = String::from_utf8_lossy(data);
            let parts: Vec<&str> = text.split('\0').collect();
            let part = |i: usize| parts.get(i % parts.len()).copied().unwrap_or("").to_string();
            let checks = (0..parts.len().min(40))
                .map(|i| CheckResult {
                    id: part(i),
                    check: part(i + 1),
                    column: Some(part(i + 2)),
                    metric: Some(part(i + 3)),
                    status: [Status::Pass, Status::Warn, Status::Fail, Status::Error][i % 4],
                    message: part(i + 4),
                    observed: Some(Value::String(part(i + 5))),
                    samples: Some(vec![Sample {
                        row: i as u64,
                        value: Value::String(part(i + 6)),
                    }]),
                    ..CheckResult::default()
                })
                .collect();
            Report::new(part(7), vec![GateReport::from_checks(part(8), GateKind::Data, checks)])
        }
    };
    let markdown = render::markdown(&report, None);
    assert!(markdown.chars().count() <= render::markdown::MAX_CHARS);
    // The renderer writes no links and only its own few tags: from inputs, `<` is `&lt;` and
    // `]` is `\]`, so neither a tag nor a link `[text](url)` can form.
    let lower = markdown.to_lowercase();
    for markup in ["<script", "<img", "<a ", "<iframe", "<svg"] {
        assert!(!lower.contains(markup), "{markup} in the markdown");
    }
    for (i, _) in markdown.match_indices("](") {
        assert!(markdown[..i].ends_with('\\'), "a link formed at byte {i}");
    }
    let _ = render::github(&report);
    let _ = render::junit(&report);
    let _ = render::text(&report, TextOptions::default());
});
