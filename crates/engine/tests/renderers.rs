//! Every renderer over fixture reports: one with every kind of check and status, one with hostile
//! strings, one too large for a pull-request comment. Snapshots are in tests/snapshots/ (each
//! read and judged by hand); the markdown is also rendered with a CommonMark + GFM renderer
//! (comrak, with GitHub's tag filter) and the JUnit XML validated against the Jenkins xunit XSD.

#![allow(
    clippy::too_many_lines,
    reason = "a test reads top to bottom, as the story it checks"
)]

use std::path::Path;
use std::process::Command;

use mlgate_core::report::{ArmQuantiles, Judgement, Sample, ScoreThresholds};
use mlgate_core::{CheckResult, GateKind, GateReport, Report, Severity, Status};
use mlgate_engine::render::{self, TextOptions};
use serde_json::{Map, Value, json};

fn obj(v: Value) -> Option<Map<String, Value>> {
    v.as_object().cloned()
}

fn check(id: &str, kind: &str, status: Status, message: &str) -> CheckResult {
    CheckResult {
        id: id.into(),
        check: kind.into(),
        status,
        message: message.into(),
        ..CheckResult::default()
    }
}

fn metrics_gate() -> GateReport {
    let mut checks = vec![
        CheckResult {
            metric: Some("accuracy".into()),
            severity: Some(Severity::Fail),
            observed: Some(json!(0.912)),
            expected: obj(json!({"direction": "higher", "min": 0.85, "max_regression": 0.01})),
            baseline: Some(json!(0.905)),
            delta: Some(0.007),
            delta_rel: Some(0.0077),
            config_line: Some(11),
            ..check(
                "model.accuracy",
                "threshold",
                Status::Pass,
                "0.912 meets min 0.85, max_regression 0.01 (baseline 0.905, delta +0.007)",
            )
        },
        CheckResult {
            metric: Some("f1".into()),
            observed: Some(json!(0.842)),
            expected: obj(json!({"direction": "higher", "min": 0.8, "max_regression": 0.02})),
            baseline: Some(json!(0.884)),
            delta: Some(-0.042),
            delta_rel: Some(-0.0475),
            config_line: Some(12),
            ..check(
                "model.f1",
                "threshold",
                Status::Fail,
                "worse than baseline 0.884 by 0.042 (max_regression 0.02)",
            )
        },
        CheckResult {
            metric: Some("eval.auc".into()),
            severity: Some(Severity::Warn),
            observed: Some(json!(0.947)),
            expected: obj(json!({"direction": "higher", "min": 0.95})),
            config_line: Some(13),
            ..check("model.eval.auc", "threshold", Status::Warn, "0.947 is below min 0.95")
        },
        CheckResult {
            metric: Some("latency_p95_ms".into()),
            expected: obj(json!({"direction": "lower", "max": 120})),
            config_line: Some(14),
            ..check(
                "model.latency_p95_ms",
                "threshold",
                Status::Error,
                "latency_p95_ms in metrics/eval.json is a string \"n/a\"; expected a number",
            )
        },
    ];
    checks.push(CheckResult {
        metric: Some("recall".into()),
        expected: obj(json!({"direction": "higher", "min": 0.7})),
        config_line: Some(15),
        ..check(
            "model.recall",
            "threshold",
            Status::Fail,
            "recall not found in metrics/eval.json",
        )
    });
    GateReport {
        duration_ms: 0,
        ..GateReport::from_checks("model", GateKind::Metrics, checks)
    }
}

fn canary_gate() -> GateReport {
    let q = |b: [f64; 4], c: [f64; 4]| {
        Some(ArmQuantiles {
            q: vec![0.5, 0.9, 0.95, 0.99],
            baseline: b.to_vec(),
            canary: c.to_vec(),
        })
    };
    let checks = vec![
        CheckResult {
            metric: Some("latency_ms".into()),
            classification: Some("high".into()),
            n_baseline: Some(600),
            n_canary: Some(600),
            statistic: Some(265864.5),
            p_value: Some(2.04e-46),
            p_value_adjusted: Some(4.09e-46),
            estimate: Some(27.32),
            ci: Some([23.16, 31.56]),
            confidence: Some(0.98),
            effect: obj(json!({"mean_ratio": 1.357})),
            quantiles: q([80.1, 125.0, 140.2, 180.5], [107.3, 160.2, 181.0, 230.9]),
            config_line: Some(22),
            ..check(
                "checkout.latency_ms",
                "mann_whitney",
                Status::Fail,
                "canary higher: shift +27.32 [23.16, 31.56] at 98%, band ±6.83",
            )
        },
        CheckResult {
            metric: Some("cpu".into()),
            classification: Some("pass".into()),
            n_baseline: Some(600),
            n_canary: Some(600),
            p_value: Some(0.6),
            p_value_adjusted: Some(0.6),
            estimate: Some(-0.8),
            ci: Some([-4.4, 2.8]),
            confidence: Some(0.98),
            quantiles: q([0.4, 0.6, 0.7, 0.9], [0.41, 0.6, 0.69, 0.88]),
            config_line: Some(23),
            ..check(
                "checkout.cpu",
                "mann_whitney",
                Status::Pass,
                "shift -0.8 [-4.4, 2.8] at 98%, band ±0.2; p = 0.6",
            )
        },
        CheckResult {
            metric: Some("queue_depth".into()),
            classification: Some("nodata".into()),
            n_baseline: Some(3),
            n_canary: Some(0),
            config_line: Some(24),
            ..check(
                "checkout.queue_depth",
                "mann_whitney",
                Status::Nodata,
                "no data: 3 baseline and 0 canary values after NaN and outlier handling; min_samples is 10",
            )
        },
        CheckResult {
            metric: Some("error_rate".into()),
            classification: Some("high".into()),
            n_baseline: Some(10000),
            n_canary: Some(10000),
            p_value: Some(0.00049),
            p_value_adjusted: Some(0.00098),
            estimate: Some(0.0012),
            confidence: Some(0.98),
            effect: obj(json!({"method": "fisher", "rate_baseline": 0.0, "rate_canary": 0.0012})),
            config_line: Some(25),
            ..check(
                "checkout.error_rate",
                "proportion",
                Status::Fail,
                "canary higher: canary rate 0.0012 (12/10000) vs baseline 0 (0/10000); Fisher's exact test, p = 0.00049",
            )
        },
    ];
    GateReport {
        name: "checkout".into(),
        kind: GateKind::Canary,
        verdict: Status::Fail,
        duration_ms: 0,
        score: Some(0.0),
        judgement: Some(Judgement::Fail),
        score_thresholds: Some(ScoreThresholds {
            pass: 95.0,
            marginal: 75.0,
        }),
        confusion: None,
        sources: Vec::new(),
        checks,
    }
}

fn data_gate() -> GateReport {
    let checks = vec![
        CheckResult {
            column: Some("age".into()),
            observed: Some(json!(130)),
            expected: obj(json!({"max": 120})),
            element_count: Some(100000),
            unexpected_count: Some(3),
            unexpected_fraction: Some(0.00003),
            samples: Some(vec![
                Sample {
                    row: 17,
                    value: json!(130),
                },
                Sample {
                    row: 4242,
                    value: json!(125),
                },
            ]),
            config_line: Some(30),
            ..check(
                "train.columns.age.max",
                "max",
                Status::Fail,
                "3 of 100000 values above 120 (max 130)",
            )
        },
        CheckResult {
            column: Some("age".into()),
            observed: Some(json!(0.0)),
            expected: obj(json!({"max": 0.01})),
            config_line: Some(31),
            ..check(
                "train.columns.age.null_fraction",
                "null_fraction",
                Status::Pass,
                "no nulls",
            )
        },
        CheckResult {
            column: Some("email".into()),
            config_line: Some(33),
            ..check(
                "train.columns.email.regex",
                "regex",
                Status::Skipped,
                "column email is integer, not string: regex skipped",
            )
        },
        CheckResult {
            column: Some("income".into()),
            observed: Some(json!(51234.5)),
            expected: obj(json!({"max": 50000})),
            config_line: Some(35),
            ..check(
                "train.columns.income.warn.mean",
                "mean",
                Status::Warn,
                "mean 51234.5 is above 50000",
            )
        },
        CheckResult {
            column: Some("income".into()),
            method: Some("ks".into()),
            threshold: Some(0.05),
            statistic: Some(0.04),
            p_value: Some(0.31),
            config_line: Some(40),
            ..check(
                "train.drift.income",
                "drift",
                Status::Pass,
                "ks statistic 0.04, p = 0.31: no drift at 0.05",
            )
        },
        CheckResult {
            column: Some("city".into()),
            method: Some("js".into()),
            threshold: Some(0.1),
            statistic: Some(0.23),
            config_line: Some(41),
            ..check(
                "train.drift.city",
                "drift",
                Status::Fail,
                "jensen-shannon distance 0.23 is above 0.1",
            )
        },
    ];
    GateReport {
        duration_ms: 0,
        ..GateReport::from_checks("train", GateKind::Data, checks)
    }
}

fn all_kinds() -> Report {
    Report::new(
        "examples/quickstart/mlgate.yaml",
        vec![data_gate(), metrics_gate(), canary_gate()],
    )
}

fn hostile() -> Report {
    let evil = "a|b `code` <script>alert('x')</script> @octocat\nnew line **bold** [link](http://x) ![img](http://x/i.png) %0A ::error::x, y: z";
    let long = "x".repeat(5000);
    let checks = vec![
        CheckResult {
            metric: Some(evil.into()),
            observed: Some(json!(evil)),
            expected: obj(json!({"min": 1})),
            baseline: Some(json!(long)),
            config_line: Some(3),
            ..check(
                &format!("g|<b>.{evil}"),
                "threshold",
                Status::Fail,
                &format!("{evil} {long}"),
            )
        },
        CheckResult {
            column: Some("<img src=x onerror=alert(1)>".into()),
            samples: Some(vec![Sample {
                row: 0,
                value: json!("</td></tr></table><script>x</script>"),
            }]),
            ..check(
                "g.columns.<img src=x onerror=alert(1)>.max",
                "max",
                Status::Warn,
                "@here <details>open</details> -->",
            )
        },
    ];
    Report::new(
        "conf--> <script>/mlgate.yaml",
        vec![GateReport::from_checks("g|<b>", GateKind::Data, checks)],
    )
}

fn oversized() -> Report {
    let failing: Vec<CheckResult> = (0..3000)
        .map(|i| CheckResult {
            metric: Some(format!("metric_{i:04}")),
            observed: Some(json!(i)),
            expected: obj(json!({"max": 0})),
            config_line: Some(i + 10),
            ..check(
                &format!("big.metric_{i:04}"),
                "threshold",
                Status::Fail,
                &format!("{i} is above max 0 — {}", "detail ".repeat(10)),
            )
        })
        .collect();
    let passing: Vec<CheckResult> = (0..2000)
        .map(|i| check(&format!("big.ok_{i:04}"), "threshold", Status::Pass, "fine"))
        .collect();
    let data: Vec<CheckResult> = (0..200)
        .map(|i| CheckResult {
            samples: Some(
                (0..20)
                    .map(|r| Sample {
                        row: r,
                        value: json!(r * 1000),
                    })
                    .collect(),
            ),
            ..check(&format!("data.columns.c{i}.max"), "max", Status::Fail, "too big")
        })
        .collect();
    Report::new(
        "big.yaml",
        vec![
            GateReport::from_checks("big", GateKind::Metrics, failing.into_iter().chain(passing).collect()),
            GateReport::from_checks("data", GateKind::Data, data),
        ],
    )
}

fn gfm_html(markdown: &str) -> String {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    options.extension.tagfilter = true;
    // GitHub lets <details> through; user strings must not rely on that, so allow raw HTML here
    // and check that none of theirs survives.
    options.render.r#unsafe = true;
    comrak::markdown_to_html(markdown, &options)
}

#[test]
fn markdown_of_every_kind_of_check() {
    let md = render::markdown(&all_kinds(), None);
    insta::assert_snapshot!("markdown_all_kinds", md);
    let html = gfm_html(&md);
    assert!(html.matches("<table>").count() >= 6, "tables: {html}");
    assert!(html.contains("<details>") && html.contains("<summary>"));
    assert!(
        html.contains("<code class=\"language-mermaid\">xychart-beta"),
        "mermaid block"
    );
    assert!(md.starts_with("<!-- mlgate-report config=examples/quickstart/mlgate.yaml -->\n"));
}

#[test]
fn markdown_with_hostile_strings() {
    let md = render::markdown(&hostile(), None);
    insta::assert_snapshot!("markdown_hostile", md);
    let html = gfm_html(&md);
    for raw in ["<script", "<img", "<b>", "</td></tr></table>", "<details>open"] {
        assert!(!html.contains(raw), "{raw} survived:\n{html}");
    }
    assert!(
        !html.contains("@octocat") && !html.contains("@here"),
        "mentions must be broken"
    );
    assert!(!html.contains("<a href"), "user links must stay text");
    // Pipes and newlines cannot split rows or cells: the checks table has a header and 2 rows of
    // 5 cells, the samples table a header and 1 row of 2 cells.
    assert_eq!(html.matches("<tr>").count(), 3 + 2, "{html}");
    assert_eq!(html.matches("<td").count(), 2 * 5 + 2, "{html}");
    let marker = md.lines().next().unwrap();
    assert!(
        !marker[4..marker.len() - 3].contains("--") && !marker[4..].trim_end_matches("-->").contains('>'),
        "{marker}"
    );
}

#[test]
fn markdown_links_the_html_report_and_keeps_the_url_inside_its_link() {
    let url = "https://github.com/o/r/actions/runs/7/artifacts/42";
    let md = render::markdown(&all_kinds(), Some(url));
    let line = md.lines().find(|l| l.contains("HTML report")).expect("a link line");
    assert_eq!(
        line,
        format!("📊 [The HTML report]({url}): every check with the charts behind its verdict.")
    );
    // Right under the verdict and counts, before the first gate.
    assert!(md.find(line).unwrap() < md.find("\n#### ").unwrap(), "{md}");
    assert_eq!(
        md.replacen(&format!("\n{line}\n"), "", 1),
        render::markdown(&all_kinds(), None)
    );

    let hostile = "https://x.test/a b)<script>\"alert(1)\"[c]";
    let html = gfm_html(&render::markdown(&all_kinds(), Some(hostile)));
    assert!(
        html.contains(r#"<a href="https://x.test/a%20b%29%3Cscript%3E%22alert%281%29%22%5Bc%5D">The HTML report</a>"#),
        "{html}"
    );
    assert!(!html.contains("<script"), "{html}");
    for bad in ["file:///etc/passwd", "javascript:alert(1)", "http://", "https://x\n"] {
        assert!(render::markdown::check_html_report_url(bad).is_err(), "{bad}");
    }
    assert!(render::markdown::check_html_report_url(url).is_ok());
}

#[test]
fn markdown_of_an_oversized_report_is_shortened() {
    let md = render::markdown(&oversized(), None);
    assert!(
        md.chars().count() <= render::markdown::MAX_CHARS,
        "{} characters",
        md.chars().count()
    );
    assert!(md.contains("_Shortened to fit a pull-request comment: passing checks, failing-row samples and charts, some failing checks left out"));
    assert!(
        md.contains("_2950 more checks that need attention are not shown._"),
        "{}",
        &md[..2000]
    );
    let html = gfm_html(&md);
    assert!(html.contains("<table>"));
    let head: String = md.lines().take(8).collect::<Vec<_>>().join("\n");
    let tail: String = md
        .lines()
        .rev()
        .take(6)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("markdown_oversized_head_and_tail", format!("{head}\n[...]\n{tail}"));
    // Deterministic: the same report, the same bytes.
    assert_eq!(md, render::markdown(&oversized(), None));
}

#[test]
fn text_views() {
    insta::assert_snapshot!("text_all_kinds", render::text(&all_kinds(), TextOptions::default()));
    insta::assert_snapshot!(
        "text_all_kinds_verbose",
        render::text(
            &all_kinds(),
            TextOptions {
                color: false,
                verbose: true
            }
        )
    );
    insta::assert_snapshot!("text_hostile", render::text(&hostile(), TextOptions::default()));
}

#[test]
fn github_annotations() {
    insta::assert_snapshot!("github_all_kinds", render::github(&all_kinds()));
    insta::assert_snapshot!("github_hostile", render::github(&hostile()));
    let big = render::github(&oversized());
    assert_eq!(big.lines().filter(|l| l.starts_with("::error ")).count(), 10);
    assert_eq!(
        big.lines().last().unwrap(),
        "::notice title=mlgate::3190 more failing and 0 more warning checks are not annotated (GitHub shows 10 of each); see the report"
    );
}

fn xmllint_valid(xml: &str, name: &str) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let file = dir.join(format!("junit-{name}.xml"));
    std::fs::write(&file, xml).unwrap();
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/junit/junit-10.xsd");
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .arg(&file)
        .output()
        .expect("xmllint is installed (scripts/test.sh installs Debian's libxml2-utils)");
    assert!(
        out.status.success(),
        "{name}: not valid JUnit: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn junit_is_valid_against_the_jenkins_schema() {
    let xml = render::junit(&all_kinds());
    insta::assert_snapshot!("junit_all_kinds", xml);
    xmllint_valid(&xml, "all_kinds");
    let hostile = render::junit(&hostile());
    insta::assert_snapshot!("junit_hostile", hostile);
    xmllint_valid(&hostile, "hostile");
    xmllint_valid(&render::junit(&oversized()), "oversized");
}

/// A metric judged on 12 slices, one named with hostile text, one failing.
fn sliced() -> Report {
    let evil = "<script>x</script> | \"q\"\nline \u{202e}rtl @octocat";
    let mut checks = vec![CheckResult {
        metric: Some("accuracy".into()),
        observed: Some(json!(0.9)),
        expected: obj(json!({"min": 0.8})),
        ..check("m.accuracy", "predictions", Status::Pass, "accuracy 0.9 meets min 0.8")
    }];
    for k in 0..12 {
        let value = if k == 0 { evil.to_string() } else { format!("c{k:02}") };
        let status = if k == 1 { Status::Fail } else { Status::Pass };
        checks.push(CheckResult {
            metric: Some("accuracy".into()),
            slice: obj(json!({"country": value})),
            observed: Some(json!(0.7 + 0.01 * f64::from(k))),
            ci: Some([0.6, 0.95]),
            element_count: Some(100 + k as u64),
            expected: obj(json!({"min": 0.8})),
            ..check(&format!("m.accuracy[country={value}]"), "predictions", status, "slice")
        });
    }
    Report::new(
        "mlgate.yaml",
        vec![GateReport::from_checks("m", GateKind::Metrics, checks)],
    )
}

#[test]
fn markdown_of_many_slices_collapses_them_and_escapes_their_names() {
    let md = render::markdown(&sliced(), None);
    let html = gfm_html(&md);
    assert!(
        html.contains("<summary>accuracy by slice, worst first: 12 slices, 1 fail</summary>"),
        "more than ten slices are collapsed: {html}"
    );
    for raw in ["<script", "@octocat"] {
        assert!(!html.contains(raw), "{raw} survived:\n{html}");
    }
    // Tables: needing attention (header + the failing slice), passing (header + the whole set;
    // slices are not repeated there), and the slices (header + 12): the name cannot add a row.
    assert_eq!(html.matches("<tr>").count(), 2 + 2 + 13, "{html}");
    // The chart's labels are quoted plain text: 12 of them, none breaking out of its quotes.
    let axis = md
        .lines()
        .find(|l| l.trim_start().starts_with("x-axis"))
        .expect("a chart");
    let labels = axis.trim_start().trim_start_matches("x-axis [").trim_end_matches(']');
    assert_eq!(labels.matches('"').count(), 24, "{axis}");
    assert!(
        labels.starts_with("\"country=_script_x_/script_ _ _q__line _rtl _octocat\", "),
        "{axis}"
    );
}

#[test]
fn html_of_every_kind_of_check_and_of_hostile_strings() {
    let page = render::html(&all_kinds());
    assert!(page.starts_with("<!DOCTYPE html>\n"));
    assert!(page.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
    ));
    // Each check once, by id; the failing ones before the passing in each gate.
    for gate in &all_kinds().gates {
        for c in &gate.checks {
            let attr = c.id.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
            assert_eq!(page.matches(&format!("data-check=\"{attr}\"")).count(), 1, "{}", c.id);
        }
    }
    assert!(
        !page.contains("<script") && !page.contains(" src="),
        "nothing to run or load"
    );
    // The same report, the same bytes.
    assert_eq!(page, render::html(&all_kinds()));
    insta::assert_snapshot!("html_hostile", render::html(&hostile()));
}
