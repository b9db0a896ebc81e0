//! The HTML report in a real browser: Debian's headless Chromium (scripts/test.sh installs it)
//! opens each example's page from disk and gives back its DOM and its console. Every check id of
//! the JSON report is in the DOM, every chart has drawn marks, the page's own strict
//! Content-Security-Policy refuses nothing (there is nothing to refuse: no script, no load) and the
//! console is clean; the quickstart's page is screenshotted to target/html/ for review; hostile
//! names stay text.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{mlgate, require_tool, root, tempdir};
use serde_json::Value;

/// What Chromium made of a page: its serialised DOM and what it logged.
struct Opened {
    dom: String,
    log: String,
}

fn chromium(page: &Path, screenshot: Option<&Path>) -> Opened {
    let browser = require_tool("chromium", "it installs Debian's chromium");
    let profile = tempdir(&format!(
        "chromium-profile-{}",
        page.file_stem().unwrap().to_string_lossy()
    ));
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        "--enable-logging=stderr",
        "--v=0",
        "--window-size=1200,1600",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    match screenshot {
        Some(png) => cmd.arg(format!("--screenshot={}", png.display())),
        None => cmd.arg("--dump-dom"),
    };
    let out = cmd
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Opened {
        dom: String::from_utf8_lossy(&out.stdout).into_owned(),
        log: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The page of a config, written under target/html/, and its JSON report.
fn page(config: &str, name: &str) -> (PathBuf, Value) {
    let dir = root().join("target/html");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{name}.html"));
    let run = mlgate(&[
        "check",
        "-c",
        config,
        "--format",
        "json",
        "--report",
        &format!("html={}", file.display()),
    ]);
    assert!(matches!(run.code, 0 | 1), "{config}: {}", run.stderr);
    (file, serde_json::from_str(&run.stdout).expect("a JSON report"))
}

/// `&`, `<`, `>` and `"` as Chromium serialises them in an attribute value.
fn attribute(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Console messages and refusals the page caused (Chromium's own start-up chatter aside).
fn page_complaints(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Refused to") || l.contains("Content Security Policy"))
        .collect()
}

/// Every config of examples/ (a YAML file holding `version: 1`), as a path from the root.
fn example_configs() -> Vec<String> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(root().join("examples")).unwrap() {
        for file in std::fs::read_dir(dir.unwrap().path()).into_iter().flatten() {
            let path = file.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            if path.extension().is_some_and(|e| e == "yaml") && text.contains("version: 1") {
                out.push(path.strip_prefix(root()).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_example_page_holds_every_check_and_draws_its_charts() {
    let examples = example_configs();
    assert!(examples.len() >= 6, "{examples:?}");
    for config in &examples {
        // examples/quickstart/failing.yaml → quickstart-failing
        let name = config
            .trim_start_matches("examples/")
            .trim_end_matches(".yaml")
            .replace("/mlgate", "")
            .replace('/', "-");
        let name = name.as_str();
        // The pipeline example reads main's files from git: it runs in a clone of its own.
        let config = if name == "pipeline" {
            let clone = common::clone_of(&root().join("examples/pipeline"), "html-pipeline");
            clone.join("mlgate.yaml").to_string_lossy().into_owned()
        } else {
            config.clone()
        };
        let (file, report) = page(&config, name);
        let bytes = std::fs::metadata(&file).unwrap().len();
        assert!(bytes < 200 * 1024, "{name}: {bytes} bytes");
        let opened = chromium(&file, None);
        assert!(
            opened.dom.contains("<section class=\"gate\""),
            "{name}: no gate in the DOM"
        );
        let mut ids = 0;
        for gate in report["gates"].as_array().unwrap() {
            for check in gate["checks"].as_array().unwrap() {
                let id = check["id"].as_str().unwrap();
                assert!(
                    opened.dom.contains(&format!("data-check=\"{}\"", attribute(id))),
                    "{name}: check {id} is not in the DOM"
                );
                ids += 1;
            }
        }
        assert!(ids > 0, "{name}: no checks");
        // Each drift check has its distribution chart; a KS one its CDFs too.
        for gate in report["gates"].as_array().unwrap() {
            for check in gate["checks"].as_array().unwrap() {
                let Some(d) = check.get("distribution") else { continue };
                let column = attribute(check["column"].as_str().unwrap());
                assert!(
                    opened.dom.contains(&format!("data-chart=\"{column} distribution\"")),
                    "{name}: {column}"
                );
                if d.get("ks_gap").is_some() {
                    assert!(
                        opened.dom.contains(&format!("data-chart=\"{column} ecdf\"")),
                        "{name}: {column} CDFs"
                    );
                }
            }
        }
        // Each chart drew something: a dot, a line or a whisker.
        let charts: Vec<&str> = opened.dom.split("<svg").skip(1).collect();
        for chart in &charts {
            let body = &chart[..chart.find("</svg>").expect("a closed svg")];
            assert!(body.contains("class=\"mark"), "{name}: a chart without marks: {body}");
        }
        if name != "data-formats" {
            assert!(!charts.is_empty(), "{name}: no charts");
        }
        assert_eq!(page_complaints(&opened.log), Vec::<&str>::new(), "{name}: the console");
    }
}

#[test]
fn a_ks_drift_check_draws_both_cdfs_and_the_widest_gap() {
    let dir = tempdir("html-ks");
    let column = |shift: usize| -> String {
        let values: String = (0..60).map(|i| format!("{}\n", (i * 7) % 50 + shift)).collect();
        format!("x\n{values}")
    };
    std::fs::write(dir.join("current.csv"), column(8)).unwrap();
    std::fs::write(dir.join("reference.csv"), column(0)).unwrap();
    std::fs::write(
        dir.join("mlgate.yaml"),
        "version: 1\ndata:\n  - name: d\n    path: current.csv\n    drift: { reference: reference.csv, method: ks }\n",
    )
    .unwrap();
    let (file, report) = page(dir.join("mlgate.yaml").to_str().unwrap(), "ks");
    let check = &report["gates"][0]["checks"][0];
    assert_eq!(check["method"], "ks");
    let opened = chromium(&file, None);
    let ecdf = opened.dom.split("data-chart=\"x ecdf\"").nth(1).expect("the CDF chart");
    let chart = &ecdf[..ecdf.find("</svg>").unwrap()];
    assert_eq!(chart.matches("<polyline class=\"mark line").count(), 2, "both CDFs");
    let d = format!(
        "D = {}",
        mlgate_core::report::format_rounded(check["statistic"].as_f64().unwrap())
    );
    assert!(
        chart.contains("class=\"mark gap\"") && chart.contains(&d),
        "the gap, {d}: {chart}"
    );
    assert_eq!(page_complaints(&opened.log), Vec::<&str>::new());
}

#[test]
fn a_date_column_is_drawn_on_a_date_axis() {
    let dir = tempdir("html-dates");
    let column = |first_day: usize| -> String {
        let days: String = (0..80)
            .map(|i| format!("2024-03-{:02}\n", first_day + (i * 7) % 20))
            .collect();
        format!("signup\n{days}")
    };
    std::fs::write(dir.join("current.csv"), column(8)).unwrap();
    std::fs::write(dir.join("reference.csv"), column(1)).unwrap();
    std::fs::write(
        dir.join("mlgate.yaml"),
        "version: 1\ndata:\n  - name: d\n    path: current.csv\n    drift: { reference: reference.csv, method: ks }\n",
    )
    .unwrap();
    let (file, report) = page(dir.join("mlgate.yaml").to_str().unwrap(), "dates");
    let d = &report["gates"][0]["checks"][0]["distribution"];
    assert_eq!(d["temporal"], true, "{d}");
    let opened = chromium(&file, None);
    for chart in ["signup distribution", "signup ecdf"] {
        let at = opened
            .dom
            .split(&format!("data-chart=\"{chart}\""))
            .nth(1)
            .expect(chart);
        let svg = &at[..at.find("</svg>").unwrap()];
        // Ticks and bins as dates (March 2024), never as nanoseconds.
        assert!(svg.contains(">2024-03-"), "{chart}: {svg}");
        let longest_number = svg
            .split(|c: char| !c.is_ascii_digit())
            .map(str::len)
            .max()
            .unwrap_or(0);
        assert!(
            longest_number < 10 && !svg.contains("e18"),
            "{chart}: nanoseconds shown: {svg}"
        );
    }
    assert_eq!(page_complaints(&opened.log), Vec::<&str>::new());
}

/// A column of `rows` values of shape `kind` (drawn from `seed`), with a shift for the current file.
fn column_values(kind: usize, rows: usize, seed: u64, shift: f64) -> Vec<String> {
    // A 64-bit LCG's high bits: uniform in (0, 1), reproducible, no dependency.
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    let mut uniform = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    };
    (0..rows)
        .map(|_| {
            let u = uniform();
            match kind % 6 {
                // Lognormal-ish (a sum of uniforms as the normal), heavy right tail.
                0 => format!("{:.4}", ((u + uniform() + uniform() - 1.5) * 1.5 + shift).exp()),
                // Pareto, very heavy tail.
                1 => format!("{:.3}", (1.0 + shift) / u.powf(0.7)),
                // Few repeated integers.
                2 => format!("{}", (u * 7.0 + shift).floor()),
                // Uniform with a shift.
                3 => format!("{:.5}", u + shift / 10.0),
                // 12 categories, unevenly used.
                4 => format!("c{}", ((u * u + shift / 20.0).min(0.999) * 12.0) as usize),
                // High cardinality: thousands of ids (top 20 drawn, the rest as others).
                _ => format!("id{}", (u * 3_000.0) as usize + (shift * 100.0) as usize),
            }
        })
        .collect()
}

#[test]
fn a_fifty_column_drift_page_stays_under_two_megabytes() {
    let dir = tempdir("html-fifty");
    let rows = 20_000;
    let names: Vec<String> = (0..50).map(|j| format!("col{j:02}")).collect();
    for (file, shift) in [("reference.csv", 0.0), ("current.csv", 0.3)] {
        let columns: Vec<Vec<String>> = (0..50)
            .map(|j| {
                column_values(
                    j,
                    rows,
                    j as u64 + 1 + (shift * 1000.0) as u64,
                    if j % 2 == 0 { shift } else { 0.0 },
                )
            })
            .collect();
        let mut text = names.join(",") + "\n";
        for i in 0..rows {
            let row: Vec<&str> = columns.iter().map(|c| c[i].as_str()).collect();
            text += &row.join(",");
            text.push('\n');
        }
        std::fs::write(dir.join(file), text).unwrap();
    }
    // Every column by the default methods, and the numeric ones again by KS (its CDFs on the page).
    let numeric: Vec<&str> = names
        .iter()
        .enumerate()
        .filter(|(j, _)| j % 6 < 4)
        .map(|(_, n)| n.as_str())
        .collect();
    std::fs::write(
        dir.join("mlgate.yaml"),
        format!(
            "version: 1\ndata:\n  - name: all\n    path: current.csv\n    drift: {{ reference: reference.csv }}\n  \
             - name: ks\n    path: current.csv\n    drift: {{ reference: reference.csv, method: ks, columns: [{}] }}\n",
            numeric.join(", ")
        ),
    )
    .unwrap();
    let (file, report) = page(dir.join("mlgate.yaml").to_str().unwrap(), "fifty-columns");
    let drift_checks: usize = report["gates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            g["checks"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| c.get("distribution").is_some())
                .count()
        })
        .sum();
    assert_eq!(drift_checks, 50 + numeric.len(), "a chart per column and method");
    let bytes = std::fs::metadata(&file).unwrap().len();
    assert!(bytes < 2 * 1024 * 1024, "{bytes} bytes for 50 columns");
    let opened = chromium(&file, None);
    let charts = opened.dom.matches("data-chart=\"").count();
    assert!(
        charts >= drift_checks + numeric.len(),
        "{charts} charts: every distribution and CDF is drawn"
    );
    assert_eq!(page_complaints(&opened.log), Vec::<&str>::new());
}

#[test]
fn the_quickstart_page_is_screenshotted_for_review() {
    let (file, _) = page("examples/quickstart/mlgate.yaml", "quickstart-shot");
    let png = root().join("target/html/quickstart.png");
    let _ = std::fs::remove_file(&png);
    let opened = chromium(&file, Some(&png));
    let shot = std::fs::read(&png).expect("a screenshot");
    assert!(
        shot.starts_with(b"\x89PNG") && shot.len() > 10_000,
        "{} bytes",
        shot.len()
    );
    assert_eq!(page_complaints(&opened.log), Vec::<&str>::new());
}

#[test]
fn hostile_names_stay_text() {
    // A metric named with markup, quotes, a newline and a right-to-left override, in its file and its config.
    let dir = tempdir("html-hostile");
    let evil = "<img src=x onerror=alert(1)><script>alert(2)</script>\"' onload=\"alert(3)\u{202e}";
    let metrics = serde_json::json!({ evil: 0.5 });
    std::fs::write(dir.join("m.json"), metrics.to_string()).unwrap();
    let key = serde_json::to_string(evil).unwrap();
    std::fs::write(
        dir.join("mlgate.yaml"),
        format!(
            "version: 1\nmetrics:\n  - name: model\n    current: m.json\n    thresholds:\n      {key}: {{ min: 0.8 }}\n"
        ),
    )
    .unwrap();
    let file = dir.join("hostile.html");
    let config = dir.join("mlgate.yaml");
    let run = mlgate(&[
        "check",
        "-c",
        config.to_str().unwrap(),
        "--format",
        "html",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let opened = chromium(&file, None);
    let tags = tags(&opened.dom);
    for (name, attributes) in &tags {
        assert!(
            !matches!(name.as_str(), "img" | "script"),
            "a <{name}> element was injected"
        );
        for a in attributes {
            assert!(!a.starts_with("on"), "an attribute {a} was injected into <{name}>");
        }
    }
    assert!(tags.iter().any(|(n, _)| n == "svg"), "the page has its chart");
    assert!(
        opened.dom.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "the name is shown as text"
    );
    assert_eq!(page_complaints(&opened.log), Vec::<&str>::new());
}

/// Every element of a serialised DOM: its name and its attributes' names. Outside tags Chromium
/// writes `<` as `&lt;`, so each `<` opens a tag; inside one, `>` within quotes is a value's.
fn tags(dom: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut chars = dom.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '<' {
            continue;
        }
        // The tag's text outside quoted values.
        let (mut bare, mut quote) = (String::new(), None);
        for c in chars.by_ref() {
            match (quote, c) {
                (None, '>') => break,
                (None, '"' | '\'') => {
                    quote = Some(c);
                    bare.push(' ');
                }
                (Some(q), c) if c == q => quote = None,
                (None, c) => bare.push(c),
                _ => {}
            }
        }
        if bare.starts_with('/') || bare.starts_with('!') {
            continue;
        }
        let mut words = bare
            .split(|c: char| c.is_whitespace() || c == '/')
            .filter(|w| !w.is_empty());
        let name = words.next().unwrap_or_default().to_ascii_lowercase();
        let attributes = words
            .map(|w| w.split('=').next().unwrap_or_default().to_ascii_lowercase())
            .collect();
        out.push((name, attributes));
    }
    out
}
