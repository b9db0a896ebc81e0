//! The pull-request comment and job summary (GitHub-flavoured markdown).
//!
//! Layout: a hidden marker carrying the config path (the Action finds its own comment by it),
//! the verdict line, a link to the HTML report when the caller uploaded it somewhere (the Action's
//! `upload-report`, the CLI's `--html-report-url`), then one section per gate with the checks that need attention in a table
//! and the passing ones in a collapsed `<details>`:
//! - metrics gates: `metric | baseline | current | Δ | Δ% | bound | status` (as `dvc metrics diff --md`);
//!   a metric judged per slice adds its slices, worst first (`slice | n | value [interval] |
//!   baseline | Δ | p / adjusted p | status`, collapsed beyond ten rows) and a mermaid bar chart of
//!   the metric per slice;
//! - canary gates: score and judgement, per metric the estimate with its interval, p / adjusted p
//!   and n per arm, and a mermaid `xychart-beta` chart of baseline (bars) and canary (line)
//!   quantiles for continuous metrics;
//! - data gates: `check | observed | expected | status`, failing-row samples collapsed, and drift
//!   checks in their own table, `column | method | statistic | threshold | p | status`, always
//!   shown (drift values are reported also when they pass).
//!
//! Every user-provided string (names, values, messages, paths) goes through [`cell`], which
//! escapes markdown and HTML, breaks `@mentions` and keeps each value on one table row.
//! Bodies over [`MAX_CHARS`] are shortened deterministically: passing details go first, then row
//! samples and charts, then failing rows beyond the first of each gate; the body says what was left out.

use mlgate_core::report::{format_rounded, format_signed};
use mlgate_core::{CheckResult, GateKind, GateReport, Report, Status};
use serde_json::Value;

use super::words::{self, check_label, judgement_word, status_counts};

/// GitHub refuses comments over 65,536 characters; stay clear of it.
pub const MAX_CHARS: usize = 65_000;

/// The longest a single table cell may get.
const MAX_CELL: usize = 300;

/// What to include; shortened step by step when the body is too long.
#[derive(Debug, Clone, Copy)]
struct Detail {
    passing: bool,
    samples_and_charts: bool,
    /// Most failing rows per gate (None: all).
    failing_rows: Option<usize>,
}

/// The marker line that identifies the comment of one config.
pub fn marker(config: &str) -> String {
    // An HTML comment must not contain `--` or `>`: percent-encode everything unusual.
    let safe: String = config
        .chars()
        .flat_map(|c| {
            if c.is_ascii_alphanumeric() || "._/".contains(c) {
                vec![c]
            } else {
                format!("%{:02X}", c as u32 & 0xFF).chars().collect()
            }
        })
        .collect();
    format!("<!-- mlgate-report config={safe} -->")
}

/// The report as markdown, at most [`MAX_CHARS`] characters; `html_report_url`: where the HTML
/// report of the same run can be opened (an http or https URL), linked under the verdict line.
pub fn markdown(report: &Report, html_report_url: Option<&str>) -> String {
    let steps = [
        Detail {
            passing: true,
            samples_and_charts: true,
            failing_rows: None,
        },
        Detail {
            passing: false,
            samples_and_charts: true,
            failing_rows: None,
        },
        Detail {
            passing: false,
            samples_and_charts: false,
            failing_rows: None,
        },
        Detail {
            passing: false,
            samples_and_charts: false,
            failing_rows: Some(50),
        },
        Detail {
            passing: false,
            samples_and_charts: false,
            failing_rows: Some(10),
        },
        Detail {
            passing: false,
            samples_and_charts: false,
            failing_rows: Some(1),
        },
    ];
    let mut body = String::new();
    for (i, detail) in steps.iter().enumerate() {
        body = render(report, *detail, i > 0, html_report_url);
        if body.chars().count() <= MAX_CHARS {
            return body;
        }
    }
    // Even one row per gate is too much (thousands of gates): cut at a line boundary.
    let mut cut: String = body.chars().take(MAX_CHARS - 200).collect();
    if let Some(i) = cut.rfind('\n') {
        cut.truncate(i + 1);
    }
    cut.push_str("\n_The report was cut here to fit a pull-request comment; the JSON report has everything._\n");
    cut
}

fn render(report: &Report, detail: Detail, shortened: bool, html_report_url: Option<&str>) -> String {
    let mut out = String::new();
    out.push_str(&marker(&report.config));
    out.push('\n');
    out.push_str(&format!("### {}\n\n", verdict_line(report)));
    let s = &report.summary;
    let mut counts = vec![format!("{} checks", s.checks)];
    counts.extend(status_counts(s));
    let config = if report.config.is_empty() {
        String::new()
    } else {
        format!(" · {}", cell(&report.config))
    };
    out.push_str(&format!(
        "<sub>mlgate {}{config} · {}</sub>\n",
        cell(&report.mlgate_version),
        counts.join(", ")
    ));
    if let Some(url) = html_report_url {
        out.push_str(&format!(
            "\n📊 [The HTML report]({}): every check with the charts behind its verdict.\n",
            link_target(url)
        ));
    }
    if !report.errors.is_empty() {
        // Each error on its own line, escaped as table cells are (it quotes the user's files).
        out.push('\n');
        for error in &report.errors {
            out.push_str(&format!("- {}\n", cell(&error.message)));
        }
    }
    for gate in &report.gates {
        out.push('\n');
        gate_section(&mut out, gate, detail);
    }
    if shortened {
        let mut left = Vec::new();
        if !detail.passing {
            left.push("passing checks");
        }
        if !detail.samples_and_charts {
            left.push("failing-row samples and charts");
        }
        if detail.failing_rows.is_some() {
            left.push("some failing checks");
        }
        out.push_str(&format!(
            "\n_Shortened to fit a pull-request comment: {} left out; the JSON report has everything._\n",
            left.join(", ")
        ));
    }
    out
}

fn emoji(status: Status) -> &'static str {
    match status {
        Status::Pass => "✅",
        Status::Warn => "⚠️",
        Status::Fail => "❌",
        Status::Error => "🛑",
        Status::Skipped => "⏭️",
        Status::Nodata => "❔",
    }
}

fn verdict_line(report: &Report) -> String {
    let s = &report.summary;
    let gates = report.gates.len();
    let gates_with = |st: Status| {
        report
            .gates
            .iter()
            .filter(|g| g.checks.iter().any(|c| c.status == st))
            .count()
    };
    let plural = |n: usize, w: &str| {
        if n == 1 {
            format!("{n} {w}")
        } else {
            format!("{n} {w}s")
        }
    };
    let text = match report.verdict {
        Status::Error if !report.errors.is_empty() => {
            format!("mlgate could not judge: {}", plural(report.errors.len(), "error"))
        }
        Status::Error => format!(
            "mlgate could not judge: {} in error in {} of {}",
            plural(s.error, "check"),
            gates_with(Status::Error),
            plural(gates, "gate")
        ),
        Status::Fail => {
            let failing = report.gates.iter().filter(|g| g.verdict == Status::Fail).count();
            if s.fail == 0 {
                format!("mlgate: {} of {} failed", failing, plural(gates, "gate"))
            } else {
                format!(
                    "mlgate: {} failed in {} of {}",
                    plural(s.fail, "check"),
                    gates_with(Status::Fail).max(failing),
                    plural(gates, "gate")
                )
            }
        }
        Status::Warn => format!(
            "mlgate passed with {} in {} of {}",
            plural(s.warn.max(1), "warning"),
            gates_with(Status::Warn).max(1),
            plural(gates, "gate")
        ),
        _ => format!(
            "mlgate passed: {} in {}",
            plural(s.checks, "check"),
            plural(gates, "gate")
        ),
    };
    format!("{} {text}", emoji(report.verdict))
}

fn gate_section(out: &mut String, gate: &GateReport, detail: Detail) {
    // A slice below min_support is not judged: it is shown with its slices, not as needing attention.
    let needs_attention: Vec<&CheckResult> = gate
        .checks
        .iter()
        .filter(|c| c.status != Status::Pass && !(c.slice.is_some() && c.status == Status::Skipped))
        .collect();
    let passing: Vec<&CheckResult> = gate
        .checks
        .iter()
        .filter(|c| c.status == Status::Pass && c.slice.is_none())
        .collect();
    let score = match (gate.score, gate.judgement) {
        (Some(score), Some(j)) => format!(", score {} ({})", format_rounded(score), judgement_word(j)),
        _ => String::new(),
    };
    out.push_str(&format!(
        "#### {} {} gate {}{score}: {} of {} need attention\n\n",
        emoji(gate.verdict),
        gate.kind.as_str(),
        cell(&gate.name),
        needs_attention.len(),
        gate.checks.len()
    ));
    let (shown, hidden) = match detail.failing_rows {
        Some(n) if needs_attention.len() > n => (&needs_attention[..n], needs_attention.len() - n),
        _ => (&needs_attention[..], 0),
    };
    if !shown.is_empty() {
        table(out, gate, shown, true);
        if hidden > 0 {
            out.push_str(&format!(
                "\n_{hidden} more checks that need attention are not shown._\n"
            ));
        }
        if detail.samples_and_charts {
            samples(out, shown);
        }
    }
    if detail.passing && !passing.is_empty() {
        let n = passing.len();
        out.push_str(&format!(
            "\n<details><summary>{n} passing check{}</summary>\n\n",
            if n == 1 { "" } else { "s" }
        ));
        table(out, gate, &passing, false);
        out.push_str("\n</details>\n");
    }
    if detail.samples_and_charts && gate.kind == GateKind::Canary {
        charts(out, gate);
    }
    if detail.passing {
        slices(out, gate, detail.samples_and_charts);
    }
    drift(out, gate);
}

/// Most slice rows shown open; a longer table is collapsed.
const OPEN_SLICE_ROWS: usize = 10;

/// Per metric judged by slice: every slice, worst first (the gate's order), in a table and a
/// mermaid bar chart of the metric per slice.
fn slices(out: &mut String, gate: &GateReport, with_chart: bool) {
    let mut metrics: Vec<&str> = Vec::new();
    for c in gate.checks.iter().filter(|c| c.slice.is_some()) {
        if let Some(m) = c.metric.as_deref().filter(|m| !metrics.contains(m)) {
            metrics.push(m);
        }
    }
    for metric in metrics {
        let rows: Vec<&CheckResult> = gate
            .checks
            .iter()
            .filter(|c| c.slice.is_some() && c.metric.as_deref() == Some(metric))
            .collect();
        let count = |st: Status| rows.iter().filter(|c| c.status == st).count();
        let mut said = vec![format!("{} slices", rows.len())];
        for (st, word) in [
            (Status::Fail, "fail"),
            (Status::Warn, "warn"),
            (Status::Error, "in error"),
            (Status::Skipped, "not judged (fewer examples than min_support)"),
        ] {
            if count(st) > 0 {
                said.push(format!("{} {word}", count(st)));
            }
        }
        let title = format!("{} by slice, worst first: {}", cell(metric), said.join(", "));
        let collapsed = rows.len() > OPEN_SLICE_ROWS;
        if collapsed {
            out.push_str(&format!("\n<details><summary>{title}</summary>\n\n"));
        } else {
            out.push_str(&format!("\n**{title}**\n\n"));
        }
        out.push_str("| slice | n | value [interval] | baseline | Δ | p / adjusted p | status |\n|---|---:|---|---:|---:|---:|---|\n");
        for c in &rows {
            let value = match (c.observed.as_ref(), c.ci) {
                (Some(v), Some([lo, hi])) => format!("{} [{}, {}]", value(v), format_rounded(lo), format_rounded(hi)),
                (Some(v), None) => value(v),
                _ => "—".into(),
            };
            let p = match (c.p_value, c.p_value_adjusted) {
                (Some(p), Some(a)) => format!("{} / {}", format_rounded(p), format_rounded(a)),
                (Some(p), None) => format_rounded(p),
                _ => "—".into(),
            };
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} {} |\n",
                cell(&slice_label(c)),
                c.element_count.map(|n| n.to_string()).unwrap_or_default(),
                value,
                c.baseline.as_ref().map(self::value).unwrap_or_default(),
                c.delta.map(format_signed).unwrap_or_default(),
                p,
                emoji(c.status),
                c.status
            ));
        }
        if with_chart {
            slice_chart(out, metric, &rows);
        }
        if collapsed {
            out.push_str("\n</details>\n");
        }
    }
}

/// A mermaid bar chart of a metric per slice, in the table's order.
fn slice_chart(out: &mut String, metric: &str, rows: &[&CheckResult]) {
    let charted: Vec<(String, f64)> = rows
        .iter()
        .filter_map(|c| Some((slice_label(c), c.observed.as_ref()?.as_f64()?)))
        .collect();
    if !charted.is_empty() {
        let labels: Vec<String> = charted
            .iter()
            .map(|(l, _)| format!("\"{}\"", chart_text(&l.replace(", ", " "))))
            .collect();
        let values: Vec<String> = charted.iter().map(|(_, v)| format_rounded(*v)).collect();
        out.push_str(&format!(
            "\n```mermaid\nxychart-beta\n    title \"{} by slice\"\n    x-axis [{}]\n    y-axis \"{}\"\n    bar [{}]\n```\n",
            chart_text(metric),
            labels.join(", "),
            chart_text(metric),
            values.join(", ")
        ));
    }
}

/// A slice as `country=BR` or `device=mobile, plan=free`.
fn slice_label(c: &CheckResult) -> String {
    c.slice
        .iter()
        .flatten()
        .map(|(column, v)| format!("{column}={}", v.as_str().map_or_else(|| v.to_string(), str::to_string)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Drift checks: the statistic of every column against its threshold, passing or not.
fn drift(out: &mut String, gate: &GateReport) {
    let rows: Vec<&CheckResult> = gate.checks.iter().filter(|c| c.check == "drift").collect();
    if rows.is_empty() {
        return;
    }
    out.push_str("\n| column | method | statistic | threshold | p | status |\n|---|---|---:|---:|---:|---|\n");
    for c in rows {
        let num = |x: Option<f64>| x.map(format_rounded).unwrap_or_else(|| "—".into());
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} {} |\n",
            cell(c.column.as_deref().unwrap_or(&c.id)),
            cell(c.method.as_deref().unwrap_or("—")),
            num(c.statistic),
            num(c.threshold),
            num(c.p_value),
            emoji(c.status),
            c.status
        ));
    }
}

/// Long on purpose: one table layout per kind of gate, side by side so they stay alike.
#[allow(
    clippy::too_many_lines,
    reason = "one table layout per kind of gate, side by side so they stay alike"
)]
fn table(out: &mut String, gate: &GateReport, checks: &[&CheckResult], with_message: bool) {
    let kind = gate.kind;
    let message_head = if with_message { " message |" } else { "" };
    let message_cell = |c: &CheckResult| {
        if with_message {
            format!(" {} |", cell(&c.message))
        } else {
            String::new()
        }
    };
    let message_rule = if with_message { "---|" } else { "" };
    match kind {
        GateKind::Metrics => {
            // What an MLflow source resolved to, under its column's name.
            let head = |column: &str| match words::resolved_source(gate, column) {
                Some(source) => format!("{column}<br><sub>{}</sub>", cell(&source.describe())),
                None => column.to_string(),
            };
            out.push_str(&format!(
                "| metric | {} | {} | Δ | Δ% | bound | status |{message_head}\n",
                head("baseline"),
                head("current")
            ));
            out.push_str(&format!("|---|---:|---:|---:|---:|---|---|{message_rule}\n"));
            for c in checks {
                let bound = bounds_text(c, &["direction"]);
                let msg = message_cell(c);
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} | {} | {} {} |{msg}\n",
                    cell(check_label(c)),
                    c.baseline.as_ref().map(value).unwrap_or_default(),
                    c.observed.as_ref().map(value).unwrap_or_else(|| "—".into()),
                    c.delta.map(format_signed).unwrap_or_default(),
                    c.delta_rel
                        .map(|d| format!("{}%", format_signed(100.0 * d)))
                        .unwrap_or_default(),
                    cell(&bound),
                    emoji(c.status),
                    c.status
                ));
            }
        }
        GateKind::Canary => {
            out.push_str(&format!("| metric | test | estimate [interval] | p / adjusted p | n baseline / canary | result |{message_head}\n"));
            out.push_str(&format!("|---|---|---|---|---|---|{message_rule}\n"));
            for c in checks {
                let estimate = match (c.estimate, c.ci) {
                    (Some(e), Some([lo, hi])) => {
                        format!("{} [{}, {}]", format_signed(e), format_rounded(lo), format_rounded(hi))
                    }
                    (Some(e), None) => format_signed(e),
                    _ => "—".into(),
                };
                let p = match (c.p_value, c.p_value_adjusted) {
                    (Some(p), Some(a)) => format!("{} / {}", format_rounded(p), format_rounded(a)),
                    (Some(p), None) => format_rounded(p),
                    _ => "—".into(),
                };
                let n = match (c.n_baseline, c.n_canary) {
                    (Some(b), Some(k)) => format!("{b} / {k}"),
                    _ => "—".into(),
                };
                let class = c.classification.as_deref().unwrap_or(c.status.as_str());
                let msg = message_cell(c);
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} | {} {} |{msg}\n",
                    cell(c.metric.as_deref().unwrap_or(&c.id)),
                    cell(&c.check),
                    estimate,
                    p,
                    n,
                    emoji(c.status),
                    cell(class)
                ));
            }
        }
        GateKind::Data => {
            out.push_str(&format!("| check | observed | expected | status |{message_head}\n"));
            out.push_str(&format!("|---|---|---|---|{message_rule}\n"));
            for c in checks {
                let expected = bounds_text(c, &[]);
                let msg = message_cell(c);
                let observed = c
                    .observed
                    .as_ref()
                    .map(value)
                    .or_else(|| c.statistic.map(format_rounded));
                out.push_str(&format!(
                    "| {} | {} | {} | {} {} |{msg}\n",
                    cell(check_label(c)),
                    observed.unwrap_or_else(|| "—".into()),
                    cell(&expected),
                    emoji(c.status),
                    c.status
                ));
            }
        }
    }
}

/// A check's `expected` as `min 0.85, max_regression 0.01`, leaving out the keys in `skip`.
fn bounds_text(c: &CheckResult, skip: &[&str]) -> String {
    c.expected
        .iter()
        .flatten()
        .filter(|(k, _)| !skip.contains(&k.as_str()))
        .map(|(k, v)| match v {
            // Raw text: the caller escapes the whole cell once.
            Value::Number(n) => format!("{k} {}", n.as_f64().map_or_else(|| n.to_string(), format_rounded)),
            Value::String(t) => format!("{k} {t}"),
            other => format!("{k} {other}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Failing-row samples, collapsed, one block per check that has them.
fn samples(out: &mut String, checks: &[&CheckResult]) {
    for c in checks {
        let Some(rows) = c.samples.as_ref().filter(|s| !s.is_empty()) else {
            continue;
        };
        out.push_str(&format!(
            "\n<details><summary>failing rows of {}</summary>\n\n| row | value |\n|---:|---|\n",
            cell(&c.id)
        ));
        for s in rows {
            // Values as found in the data, not rounded: the user looks them up.
            let found = match &s.value {
                Value::Number(n) => n.to_string(),
                other => value(other),
            };
            out.push_str(&format!("| {} | {} |\n", s.row, found));
        }
        out.push_str("\n</details>\n");
    }
}

/// Mermaid charts of baseline (bars) and canary (line) quantiles, collapsed.
fn charts(out: &mut String, gate: &GateReport) {
    let with_quantiles: Vec<&CheckResult> = gate.checks.iter().filter(|c| c.quantiles.is_some()).collect();
    if with_quantiles.is_empty() {
        return;
    }
    out.push_str("\n<details><summary>quantiles: baseline (bars) and canary (line)</summary>\n");
    for c in with_quantiles {
        let Some(q) = &c.quantiles else { continue };
        let labels: Vec<String> = q.q.iter().map(|p| format!("p{}", format_rounded(100.0 * p))).collect();
        let nums = |v: &[f64]| v.iter().map(|x| format_rounded(*x)).collect::<Vec<_>>().join(", ");
        out.push_str(&format!(
            "\n```mermaid\nxychart-beta\n    title \"{}\"\n    x-axis [{}]\n    y-axis \"value\"\n    bar [{}]\n    line [{}]\n```\n",
            chart_text(c.metric.as_deref().unwrap_or(&c.id)),
            labels.join(", "),
            nums(&q.baseline),
            nums(&q.canary)
        ));
    }
    out.push_str("\n</details>\n");
}

/// A title inside a mermaid block: plain characters only, so it cannot end the block or the string.
fn chart_text(s: &str) -> String {
    s.chars()
        .take(80)
        .map(|c| {
            if c.is_alphanumeric() || " _-.:/%=".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A JSON value for a table cell: numbers rounded, strings escaped.
fn value(v: &Value) -> String {
    match v {
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), format_rounded),
        Value::String(s) => cell(s),
        other => cell(&other.to_string()),
    }
}

/// Checks a URL given for the HTML report before it is linked: an http or https URL.
pub fn check_html_report_url(url: &str) -> Result<(), String> {
    let scheme_ok = ["http://", "https://"]
        .iter()
        .any(|s| url.len() > s.len() && url[..s.len()].eq_ignore_ascii_case(s));
    if scheme_ok && !url.chars().any(char::is_control) {
        Ok(())
    } else {
        Err(format!(
            "expected an http or https URL for the HTML report, found {url:?}"
        ))
    }
}

/// A URL as a markdown link target: characters that would end the link or break out of it
/// (spaces, brackets, quotes, angle brackets, backslashes, controls) percent-encoded.
fn link_target(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_ascii_graphic() && !"()<>[]\"'`\\".contains(c) {
            out.push(c);
        } else {
            let mut bytes = [0; 4];
            for b in c.encode_utf8(&mut bytes).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// A user-provided string made safe for a markdown table cell: on one line, at most [`MAX_CELL`]
/// characters, markdown punctuation escaped, HTML turned into text, `@mentions` broken with a
/// zero-width space so nobody is notified.
pub fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (count, c) in s.chars().enumerate() {
        if count == MAX_CELL {
            out.push('…');
            break;
        }
        match c {
            '\r' | '\n' | '\t' => out.push(' '),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '@' => out.push_str("@\u{200B}"),
            // With `[` and `]` escaped no link or image can form, so `(`, `)` and `!` stay as they are.
            '\\' | '`' | '*' | '_' | '[' | ']' | '~' | '|' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}
