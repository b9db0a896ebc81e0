//! The report as one self-contained HTML page: inline CSS and SVG, no script, no font, image or
//! anything else to load, so it opens offline from a CI artifact under a strict
//! Content-Security-Policy, which the page itself declares (`default-src 'none'; style-src
//! 'unsafe-inline'; img-src data:`).
//!
//! Layout: the verdict and counts, the run's errors, then one section per gate with its checks that
//! need attention in a table, worst first (status, check, observed, expected, message; failing rows
//! under each check), the passing ones collapsed beneath, and the charts behind the verdicts:
//! - metrics gates: per metric the current value with its interval, main's value and the bounds;
//!   the predictions' confusion matrices, current and main's; per metric judged by slice, every
//!   slice's value and interval on one axis, worst first;
//! - canary gates: the score against its pass and marginal thresholds; per metric the baseline's
//!   and the canary's quantiles as two curves, and the Hodges–Lehmann estimate with its interval
//!   against 0;
//! - data gates: per drift check both sides' shares per bin (numeric) or category, and for KS the
//!   two empirical CDFs with the widest gap, D, marked.
//!
//! Deterministic: the same report gives the same bytes (wall times are left out), so the Action's
//! page equals the CLI's. Every user string is escaped and wrapped in `<bdi>` (a right-to-left
//! mark in a name cannot reorder the text around it).

use mlgate_core::report::{ConfusionMatrix, Distribution, format_rounded, format_signed};
use mlgate_core::{CheckResult, GateKind, GateReport, Report, Status};
use serde_json::Value;

use super::svg::{self, Gap, IntervalRow, Series, XAxis};
use super::words::{check_label, judgement_word, status_counts};
use super::xml::text as escape;

const STYLE: &str = "\
:root{color-scheme:light dark;--fg:#1f2328;--bg:#fff;--muted:#59636e;--line:#d1d9e0;--pass:#1a7f37;--warn:#9a6700;\
--fail:#cf222e;--error:#8250df;--skip:#59636e;--cur:#0969da;--base:#bc4c00;--bound:#cf222e}\
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9198a1;--line:#3d444d;--pass:#3fb950;\
--warn:#d29922;--fail:#f85149;--error:#ab7df8;--skip:#9198a1;--cur:#4493f8;--base:#f0883e;--bound:#f85149}}\
body{font:14px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;color:var(--fg);background:var(--bg);\
max-width:1100px;margin:0 auto;padding:16px}\
h1{font-size:20px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}h3{font-size:14px;margin:16px 0 6px}\
.muted{color:var(--muted)}.scroll{overflow-x:auto}\
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border-bottom:1px solid var(--line);padding:4px 8px;\
text-align:left;vertical-align:top;overflow-wrap:anywhere}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
td.check{min-width:11em}td.observed{min-width:5em;max-width:16em}code{font-size:12px}summary{cursor:pointer;margin:6px 0}\
.badge{display:inline-block;white-space:nowrap;min-width:52px;text-align:center;border-radius:10px;padding:0 8px;color:#fff;\
font-size:12px;font-weight:600}\
.pass{background:var(--pass)}.warn{background:var(--warn)}.fail{background:var(--fail)}.error{background:var(--error)}\
.skipped,.nodata{background:var(--skip)}\
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:12px;margin-top:12px}\
figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:8px}figcaption{font-weight:600;margin-bottom:4px}\
svg.chart{width:100%;height:auto}svg text{fill:var(--fg);font-size:11px}svg text.bound-label{fill:var(--bound);font-size:10px}\
.axis{stroke:var(--muted)}.grid{stroke:var(--line)}.bound{stroke:var(--bound);stroke-dasharray:4 3}\
.mark.cur{fill:var(--cur);stroke:var(--cur)}.mark.base{fill:none;stroke:var(--base);stroke-width:2}\
.mark.line{fill:none;stroke-width:2}.whisker{stroke-width:2}.mark.bar.base{fill:var(--base);stroke:none}\
.mark.gap{stroke:var(--bound);stroke-width:3}.mark.cell{fill:var(--cur)}svg text.gap-label{fill:var(--bound)}\
@media print{body{max-width:none}details{display:block}figure{break-inside:avoid}}\
";

/// The report as a self-contained HTML page.
pub fn html(report: &Report) -> String {
    let mut out = String::with_capacity(32 * 1024);
    let title = format!("mlgate: {}", report.verdict.as_str());
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body>\n",
        escape(&title)
    ));
    let s = &report.summary;
    let mut counts = vec![format!("{} checks", s.checks)];
    counts.extend(status_counts(s));
    out.push_str(&format!(
        "<header><h1>{} mlgate {}</h1><div class=\"muted\">{}mlgate {} · {} · {}</div></header>\n",
        badge(report.verdict),
        verdict_word(report.verdict),
        if report.config.is_empty() {
            String::new()
        } else {
            format!("{} · ", text(&report.config))
        },
        text(&report.mlgate_version),
        match report.gates.len() {
            1 => "1 gate".to_string(),
            n => format!("{n} gates"),
        },
        counts.join(", ")
    ));
    if !report.errors.is_empty() {
        out.push_str("<section><h2>Could not judge</h2><ul>");
        for e in &report.errors {
            out.push_str(&format!("<li>{}</li>", text(&e.message)));
        }
        out.push_str("</ul></section>\n");
    }
    for gate in &report.gates {
        gate_section(&mut out, gate);
    }
    out.push_str("</body></html>\n");
    out
}

fn verdict_word(status: Status) -> &'static str {
    match status {
        Status::Pass | Status::Skipped | Status::Nodata => "passed",
        Status::Warn => "passed with warnings",
        Status::Fail => "failed",
        Status::Error => "could not judge",
    }
}

/// A user string as HTML text, isolated for bidirectional text.
fn text(s: &str) -> String {
    format!("<bdi>{}</bdi>", escape(s))
}

fn badge(status: Status) -> String {
    format!("<span class=\"badge {0}\">{0}</span>", status.as_str())
}

/// Worst first: error, fail, warn, then the rest in report order.
fn attention_rank(status: Status) -> u8 {
    match status {
        Status::Error => 0,
        Status::Fail => 1,
        Status::Warn => 2,
        Status::Nodata => 3,
        Status::Skipped => 4,
        Status::Pass => 5,
    }
}

fn gate_section(out: &mut String, gate: &GateReport) {
    let score = match (gate.score, gate.judgement) {
        (Some(score), Some(j)) => format!(" · score {} ({})", format_rounded(score), judgement_word(j)),
        _ => String::new(),
    };
    out.push_str(&format!(
        "<section class=\"gate\" data-gate=\"{}\"><h2>{} {} gate {}{score}</h2>\n",
        escape(&gate.name),
        badge(gate.verdict),
        gate.kind.as_str(),
        text(&gate.name)
    ));
    if !gate.sources.is_empty() {
        let sources: Vec<String> = (gate.sources.iter())
            .map(|s| format!("{}: {}", text(&s.input), text(&s.describe())))
            .collect();
        out.push_str(&format!(
            "<p class=\"muted\">From MLflow · {}</p>\n",
            sources.join(" · ")
        ));
    }
    let mut attention: Vec<&CheckResult> = gate.checks.iter().filter(|c| c.status != Status::Pass).collect();
    attention.sort_by_key(|c| attention_rank(c.status));
    let passing: Vec<&CheckResult> = gate.checks.iter().filter(|c| c.status == Status::Pass).collect();
    if !attention.is_empty() {
        check_table(out, &attention);
    }
    if !passing.is_empty() {
        let n = passing.len();
        out.push_str(&format!(
            "<details><summary>{n} passing check{}</summary>",
            if n == 1 { "" } else { "s" }
        ));
        check_table(out, &passing);
        out.push_str("</details>\n");
    }
    match gate.kind {
        GateKind::Metrics => metrics_charts(out, gate),
        GateKind::Canary => canary_charts(out, gate),
        GateKind::Data => drift_charts(out, gate),
    }
    out.push_str("</section>\n");
}

fn check_table(out: &mut String, checks: &[&CheckResult]) {
    out.push_str(
        "<div class=\"scroll\"><table><thead><tr><th>status</th><th>check</th><th>observed</th><th>expected</th>\
         <th>message</th></tr></thead><tbody>\n",
    );
    for c in checks {
        check_row(out, c);
    }
    out.push_str("</tbody></table></div>\n");
}

fn check_row(out: &mut String, c: &CheckResult) {
    let observed = c
        .observed
        .as_ref()
        .map(value)
        .or_else(|| c.estimate.map(format_signed))
        .or_else(|| c.statistic.map(format_rounded))
        .unwrap_or_else(|| "—".into());
    let expected = c
        .expected
        .iter()
        .flatten()
        .map(|(k, v)| format!("{k} {}", value(v)))
        .collect::<Vec<_>>()
        .join(", ");
    out.push_str(&format!(
        "<tr data-check=\"{}\"><td>{}</td><td class=\"check\"><code>{}</code></td><td class=\"observed\">{}</td><td>{}</td><td>{}",
        escape(&c.id),
        badge(c.status),
        text(check_label(c)),
        text(&observed),
        text(&expected),
        text(&c.message)
    ));
    if let Some(rows) = c.samples.as_ref().filter(|s| !s.is_empty()) {
        out.push_str(&format!(
            "<details><summary>failing rows ({})</summary><table><thead><tr><th>row</th><th>value</th></tr></thead><tbody>",
            rows.len()
        ));
        for s in rows {
            let found = match &s.value {
                Value::Number(n) => n.to_string(),
                other => value(other),
            };
            out.push_str(&format!(
                "<tr><td class=\"num\">{}</td><td>{}</td></tr>",
                s.row,
                text(&found)
            ));
        }
        out.push_str("</tbody></table></details>");
    }
    out.push_str("</td></tr>\n");
}

/// A JSON value as plain text: numbers rounded, strings as they are.
fn value(v: &Value) -> String {
    match v {
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), format_rounded),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The bounds of a check's `expected` that are values on the metric's axis.
fn bounds(c: &CheckResult) -> Vec<(String, f64)> {
    c.expected
        .iter()
        .flatten()
        .filter(|(k, _)| matches!(k.as_str(), "min" | "max"))
        .filter_map(|(k, v)| Some((k.clone(), v.as_f64()?)))
        .collect()
}

/// Per metric of the whole test set: current (with its interval) against main and the bounds;
/// per metric judged by slice: every slice on one axis.
fn metrics_charts(out: &mut String, gate: &GateReport) {
    let mut figures = Vec::new();
    for c in gate.checks.iter().filter(|c| c.slice.is_none()) {
        let Some(v) = c.observed.as_ref().and_then(Value::as_f64) else {
            continue;
        };
        let label = check_label(c).to_string();
        let rows = [IntervalRow {
            label: "current".into(),
            value: v,
            ci: c.ci,
            baseline: c.baseline.as_ref().and_then(Value::as_f64),
        }];
        figures.push(Figure {
            name: label.clone(),
            caption: format!("{label}: current (dot, interval) and baseline (ring)"),
            chart: svg::intervals(&label, &rows, &bounds(c), &[]),
            numbers: interval_numbers(&rows),
        });
    }
    if let Some(m) = &gate.confusion {
        figures.push(confusion_figure(m));
    }
    let mut metrics: Vec<&str> = Vec::new();
    for c in gate.checks.iter().filter(|c| c.slice.is_some()) {
        if let Some(m) = c.metric.as_deref().filter(|m| !metrics.contains(m)) {
            metrics.push(m);
        }
    }
    for metric in metrics {
        let slices: Vec<&CheckResult> = gate
            .checks
            .iter()
            .filter(|c| c.slice.is_some() && c.metric.as_deref() == Some(metric))
            .collect();
        let rows: Vec<IntervalRow> = slices
            .iter()
            .filter_map(|c| {
                Some(IntervalRow {
                    label: slice_label(c),
                    value: c.observed.as_ref()?.as_f64()?,
                    ci: c.ci,
                    baseline: c.baseline.as_ref().and_then(Value::as_f64),
                })
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        let bounds = slices.first().map(|c| bounds(c)).unwrap_or_default();
        let title = format!("{metric} by slice");
        figures.push(Figure {
            name: title.clone(),
            caption: format!("{metric} by slice, worst first: value (dot, interval) and baseline (ring)"),
            chart: svg::intervals(&title, &rows, &bounds, &[]),
            numbers: interval_numbers(&rows),
        });
    }
    charts(out, &figures);
}

/// The predictions' confusion matrices, current and main's, with their counts as a table.
fn confusion_figure(m: &ConfusionMatrix) -> Figure {
    let mut drawn: Vec<(&str, &[Vec<u64>])> = vec![("current", &m.current)];
    if let Some(b) = &m.baseline {
        drawn.push(("baseline", b));
    }
    let mut numbers = String::from("<table><thead><tr><th></th><th>true</th>");
    for class in &m.classes {
        numbers.push_str(&format!("<th>predicted {}</th>", text(class)));
    }
    numbers.push_str("</tr></thead><tbody>");
    for (name, matrix) in &drawn {
        for (class, row) in m.classes.iter().zip(matrix.iter()) {
            numbers.push_str(&format!("<tr><td>{name}</td><td>{}</td>", text(class)));
            for count in row {
                numbers.push_str(&format!("<td class=\"num\">{count}</td>"));
            }
            numbers.push_str("</tr>");
        }
    }
    numbers.push_str("</tbody></table>");
    Figure {
        name: "confusion matrix".into(),
        caption:
            "predictions: confusion matrices, rows the true class, columns the predicted (shade: share of the row)"
                .into(),
        chart: svg::matrices("confusion matrices", &m.classes, &drawn),
        numbers,
    }
}

/// A slice as `country=BR, device=mobile`.
fn slice_label(c: &CheckResult) -> String {
    c.slice
        .iter()
        .flatten()
        .map(|(column, v)| format!("{column}={}", value(v)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The canary score against its thresholds; per canary metric both arms' quantiles as curves,
/// and the estimate with its interval against 0.
fn canary_charts(out: &mut String, gate: &GateReport) {
    let mut figures = Vec::new();
    if let (Some(score), Some(t)) = (gate.score, gate.score_thresholds) {
        let rows = [IntervalRow {
            label: "score".into(),
            value: score,
            ci: None,
            baseline: None,
        }];
        figures.push(Figure {
            name: "score".into(),
            caption: format!(
                "score {} of 100: pass from {}, marginal from {}",
                format_rounded(score),
                format_rounded(t.pass),
                format_rounded(t.marginal)
            ),
            chart: svg::intervals(
                "canary score",
                &rows,
                &[("marginal".into(), t.marginal), ("pass".into(), t.pass)],
                &[0.0, 100.0],
            ),
            numbers: interval_numbers(&rows),
        });
    }
    for c in &gate.checks {
        let label = check_label(c).to_string();
        if let Some(q) = &c.quantiles {
            let arm = |name: &str, class, values: &[f64]| Series {
                name: name.into(),
                class,
                points: q.q.iter().map(|p| 100.0 * p).zip(values.iter().copied()).collect(),
            };
            let series = [arm("baseline", "base", &q.baseline), arm("canary", "cur", &q.canary)];
            figures.push(Figure {
                name: format!("{label} quantiles"),
                caption: format!("{label}: quantiles of baseline and canary"),
                chart: svg::curves(
                    &format!("{label}: quantiles"),
                    ("quantile (%)", XAxis::Numbers),
                    &label,
                    &series,
                    None,
                ),
                numbers: curve_numbers(("quantile (%)", XAxis::Numbers), &series),
            });
        }
        if let Some(e) = c.estimate {
            let rows = [IntervalRow {
                label: c.check.clone(),
                value: e,
                ci: c.ci,
                baseline: None,
            }];
            figures.push(Figure {
                name: format!("{label} estimate"),
                caption: format!("{label}: canary − baseline ({}), with its interval", c.check),
                chart: svg::intervals(
                    &format!("{label}: estimate"),
                    &rows,
                    &[("no difference".into(), 0.0)],
                    &[],
                ),
                numbers: interval_numbers(&rows),
            });
        }
    }
    charts(out, &figures);
}

/// Per drift check: both sides' shares per bin (numeric columns) or per category; for KS also
/// both empirical CDFs with the widest gap, D, marked.
fn drift_charts(out: &mut String, gate: &GateReport) {
    let mut figures = Vec::new();
    for c in &gate.checks {
        let Some(d) = &c.distribution else { continue };
        let column = c.column.clone().unwrap_or_else(|| c.id.clone());
        let method = c.method.as_deref().unwrap_or("drift");
        if let Some(edges) = &d.edges {
            let series = sides(&d.reference, &d.current, edges);
            let kind = if d.temporal { XAxis::Instants } else { XAxis::Numbers };
            figures.push(Figure {
                name: format!("{column} distribution"),
                caption: format!("{column}: share of values per bin, reference and current ({method})"),
                chart: svg::histogram(&format!("{column}: reference and current"), (edges, kind), &series),
                numbers: curve_numbers(("bin from", kind), &series),
            });
            if let Some(gap) = d.ks_gap {
                figures.push(ecdf_figure(&column, edges, d, gap, c.statistic));
            }
        } else if let Some(categories) = &d.categories {
            figures.push(category_figure(&column, method, categories, d));
        }
    }
    charts(out, &figures);
}

/// Both sides of a drift check as two series over `xs`.
fn sides(reference: &[f64], current: &[f64], xs: &[f64]) -> [Series; 2] {
    [
        Series {
            name: "reference".into(),
            class: "base",
            points: xs.iter().copied().zip(reference.iter().copied()).collect(),
        },
        Series {
            name: "current".into(),
            class: "cur",
            points: xs.iter().copied().zip(current.iter().copied()).collect(),
        },
    ]
}

/// A KS check's two empirical CDFs, cumulated over the bins, with the widest gap marked.
fn ecdf_figure(column: &str, edges: &[f64], d: &Distribution, [x, fr, fc]: [f64; 3], statistic: Option<f64>) -> Figure {
    let cumulative = |shares: &[f64]| {
        let mut total = 0.0;
        std::iter::once(0.0)
            .chain(shares.iter().map(|p| {
                total += p;
                total
            }))
            .collect::<Vec<f64>>()
    };
    let series = sides(&cumulative(&d.reference), &cumulative(&d.current), edges);
    let kind = if d.temporal { XAxis::Instants } else { XAxis::Numbers };
    let span = edges.last().zip(edges.first()).map_or(0.0, |(hi, lo)| hi - lo);
    let gap = Gap {
        x,
        low: fr.min(fc),
        high: fr.max(fc),
        label: format!(
            "D = {}",
            statistic.map_or_else(|| format_rounded((fr - fc).abs()), format_rounded)
        ),
    };
    Figure {
        name: format!("{column} ecdf"),
        caption: format!(
            "{column}: empirical CDFs (binned) and the widest gap, D, at {}",
            kind.text(x, span)
        ),
        chart: svg::curves(
            &format!("{column}: empirical CDFs"),
            (column, kind),
            "share <= x",
            &series,
            Some(&gap),
        ),
        numbers: curve_numbers(("x", kind), &series),
    }
}

/// A categorical drift check: both sides' shares per category, the rest summed last.
fn category_figure(column: &str, method: &str, categories: &[String], d: &Distribution) -> Figure {
    let mut names = categories.to_vec();
    let (mut reference, mut current) = (d.reference.clone(), d.current.clone());
    if let Some([r, c]) = d.others {
        names.push("(all others)".into());
        reference.push(r);
        current.push(c);
    }
    let xs: Vec<f64> = (0..names.len()).map(|i| i as f64).collect();
    let series = sides(&reference, &current, &xs);
    let mut numbers =
        String::from("<table><thead><tr><th>category</th><th>reference</th><th>current</th></tr></thead><tbody>");
    for (i, name) in names.iter().enumerate() {
        numbers.push_str(&format!(
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            text(name),
            format_rounded(reference[i]),
            format_rounded(current[i])
        ));
    }
    numbers.push_str("</tbody></table>");
    Figure {
        name: format!("{column} distribution"),
        caption: format!("{column}: share of values per category, reference and current ({method})"),
        chart: svg::category_bars(&format!("{column}: reference and current"), &names, &series),
        numbers,
    }
}

/// One chart with its caption and the numbers it shows, as a table.
struct Figure {
    name: String,
    caption: String,
    chart: String,
    numbers: String,
}

/// Figures in a grid, each a caption, its chart and its numbers (collapsed).
fn charts(out: &mut String, figures: &[Figure]) {
    if figures.is_empty() {
        return;
    }
    out.push_str("<div class=\"charts\">");
    for f in figures {
        out.push_str(&format!(
            "<figure data-chart=\"{}\"><figcaption>{}</figcaption>{}<details><summary>numbers</summary>{}</details></figure>",
            escape(&f.name),
            text(&f.caption),
            f.chart,
            f.numbers
        ));
    }
    out.push_str("</div>\n");
}

/// An interval chart's rows as a table.
fn interval_numbers(rows: &[IntervalRow]) -> String {
    let mut t =
        String::from("<table><thead><tr><th></th><th>value</th><th>interval</th><th>baseline</th></tr></thead><tbody>");
    for r in rows {
        let num = |x: Option<f64>| x.map(format_rounded).unwrap_or_default();
        t.push_str(&format!(
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            text(&r.label),
            format_rounded(r.value),
            r.ci.map(|[lo, hi]| format!("[{}, {}]", format_rounded(lo), format_rounded(hi)))
                .unwrap_or_default(),
            num(r.baseline)
        ));
    }
    t.push_str("</tbody></table>");
    t
}

/// A curve chart's points as a table, one row per x (the series share their x values).
fn curve_numbers((x_label, x_kind): (&str, XAxis), series: &[Series]) -> String {
    let mut t = format!("<table><thead><tr><th>{}</th>", text(x_label));
    for s in series {
        t.push_str(&format!("<th>{}</th>", text(&s.name)));
    }
    t.push_str("</tr></thead><tbody>");
    let xs: Vec<f64> = series
        .first()
        .map(|s| s.points.iter().map(|p| p.0).collect())
        .unwrap_or_default();
    let span = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max) - xs.iter().copied().fold(f64::INFINITY, f64::min);
    for (i, x) in xs.iter().enumerate() {
        t.push_str(&format!("<tr><td class=\"num\">{}</td>", x_kind.text(*x, span)));
        for s in series {
            let y = s.points.get(i).map(|p| format_rounded(p.1)).unwrap_or_default();
            t.push_str(&format!("<td class=\"num\">{y}</td>"));
        }
        t.push_str("</tr>");
    }
    t.push_str("</tbody></table>");
    t
}
