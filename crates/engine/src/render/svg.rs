//! The HTML report's charts as inline SVG: values with intervals against bounds, and curves.
//!
//! Both charts are simple enough to write out (a dot, a whisker and a line per row; a polyline
//! per series), so they are plain SVG text rather than a plotting library's output: the same bytes
//! in both shells, no font measurement, nothing to load. Every chart carries a `<title>` and a
//! `<desc>` that say what it shows; the page puts the numbers beside it in a table. Coordinates are
//! written with one decimal; colours come from the page's CSS classes (`base`, `cur`, `bound`), so
//! dark mode and print restyle them.

use mlgate_core::report::format_rounded;
use mlgate_core::time::instant_text;

use super::xml::text as escape;

/// Width of every chart's view box; the page scales it to its column (about as wide).
const WIDTH: f64 = 420.0;
/// Room right of the plot, so the last tick's label is not cut.
const RIGHT: f64 = 28.0;
/// Room above the rows for the bounds' labels.
const TOP: f64 = 16.0;
const ROW_HEIGHT: f64 = 22.0;
const AXIS_HEIGHT: f64 = 24.0;
/// Longest row label, in characters.
const LABEL_CHARS: usize = 30;

/// One row of an interval chart: a value (a dot), its interval (a whisker), the baseline's value (a ring).
#[derive(Debug, Clone, PartialEq)]
pub struct IntervalRow {
    pub label: String,
    pub value: f64,
    pub ci: Option<[f64; 2]>,
    pub baseline: Option<f64>,
}

/// A named series of (x, y) points for a curve chart; `class` is its CSS class (`base` or `cur`).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub class: &'static str,
    pub points: Vec<(f64, f64)>,
}

/// What the values of a chart's x axis are, for their labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XAxis {
    Numbers,
    /// Nanoseconds since the epoch: labelled as dates and times.
    Instants,
}

impl XAxis {
    /// A value as a table cell or caption shows it, among values `span` apart.
    pub fn text(self, v: f64, span: f64) -> String {
        match self {
            XAxis::Numbers => format_rounded(v),
            XAxis::Instants => instant_text(v, span, false),
        }
    }
}

/// A linear map from a domain to pixels.
#[derive(Debug, Clone, Copy)]
struct Scale {
    lo: f64,
    hi: f64,
    px0: f64,
    px1: f64,
    /// How its ticks are labelled.
    kind: XAxis,
}

impl Scale {
    /// A scale over every finite value given, padded by 5% (a single value gets room around it).
    fn over(values: impl IntoIterator<Item = f64>, px0: f64, px1: f64) -> Scale {
        let (mut lo, mut hi) = values
            .into_iter()
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
        if !lo.is_finite() {
            (lo, hi) = (0.0, 1.0);
        }
        let span = hi - lo;
        let pad = if span > 0.0 {
            0.05 * span
        } else {
            0.1 * lo.abs().max(1.0)
        };
        Scale {
            lo: lo - pad,
            hi: hi + pad,
            px0,
            px1,
            kind: XAxis::Numbers,
        }
    }

    /// The same scale, its ticks labelled as `kind` says.
    fn labelled(self, kind: XAxis) -> Scale {
        Scale { kind, ..self }
    }

    fn at(&self, v: f64) -> f64 {
        self.px0 + (v - self.lo) / (self.hi - self.lo) * (self.px1 - self.px0)
    }

    /// Evenly spaced tick values across the domain: five, or four for dates (longer labels).
    fn ticks(&self) -> Vec<f64> {
        let n = if self.kind == XAxis::Instants { 4 } else { 5 };
        (0..n)
            .map(|i| self.lo + (self.hi - self.lo) * f64::from(i) / f64::from(n - 1))
            .collect()
    }

    /// A tick's label: as many decimals as tell ticks of this span apart (three significant
    /// digits of the span), so neighbours do not run into each other.
    fn label(&self, v: f64) -> String {
        if self.kind == XAxis::Instants {
            return instant_text(v, self.hi - self.lo, true);
        }
        let (mut span, mut decimals) = (self.hi - self.lo, 0usize);
        while span < 100.0 && decimals < 12 {
            span *= 10.0;
            decimals += 1;
        }
        let s = format!("{v:.decimals$}");
        // "-0.000" is 0.
        if s.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
            s.trim_start_matches('-').to_string()
        } else {
            s
        }
    }
}

fn open(title: &str, desc: &str, height: f64) -> String {
    format!(
        "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {WIDTH} {height:.1}\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title>{}</title><desc>{}</desc>",
        escape(title),
        escape(desc)
    )
}

/// Rows of values with their intervals and baselines on one horizontal axis, with each bound
/// (`min 0.8`) as a dashed vertical line.
/// `domain`: values the axis must reach besides the rows and bounds (a score's 0 and 100).
pub fn intervals(title: &str, rows: &[IntervalRow], bounds: &[(String, f64)], domain: &[f64]) -> String {
    let height = TOP + ROW_HEIGHT * rows.len() as f64 + AXIS_HEIGHT + 8.0;
    // Labels get the room the longest one needs (about 6.5 units a character), within limits.
    let longest = rows
        .iter()
        .map(|r| r.label.chars().count().min(LABEL_CHARS))
        .max()
        .unwrap_or(0);
    let label_width = (6.5 * longest as f64 + 14.0).clamp(50.0, 210.0);
    let x = Scale::over(
        rows.iter()
            .flat_map(|r| [Some(r.value), r.baseline, r.ci.map(|c| c[0]), r.ci.map(|c| c[1])])
            .flatten()
            .chain(bounds.iter().map(|(_, b)| *b))
            .chain(domain.iter().copied()),
        label_width,
        WIDTH - RIGHT,
    );
    let desc = rows
        .iter()
        .map(|r| {
            let ci =
                r.ci.map(|[lo, hi]| format!(" [{}, {}]", format_rounded(lo), format_rounded(hi)))
                    .unwrap_or_default();
            let base = r
                .baseline
                .map(|b| format!(", baseline {}", format_rounded(b)))
                .unwrap_or_default();
            format!("{} {}{ci}{base}", r.label, format_rounded(r.value))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut out = open(title, &desc, height);
    let bottom = TOP + ROW_HEIGHT * rows.len() as f64 + 4.0;
    axis(&mut out, &x, bottom);
    for (name, b) in bounds {
        let px = x.at(*b);
        out.push_str(&format!(
            "<line class=\"bound\" x1=\"{px:.1}\" y1=\"{top:.1}\" x2=\"{px:.1}\" y2=\"{bottom:.1}\"><title>{name} {b}</title></line>\
             <text class=\"bound-label\" x=\"{px:.1}\" y=\"{label:.1}\" text-anchor=\"middle\">{name} {b}</text>",
            top = TOP - 2.0,
            label = TOP - 5.0,
            name = escape(name),
            b = format_rounded(*b),
        ));
    }
    for (i, r) in rows.iter().enumerate() {
        let y = TOP + ROW_HEIGHT * i as f64 + ROW_HEIGHT / 2.0 + 2.0;
        out.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            label_width - 8.0,
            y + 4.0,
            escape(&shorten(&r.label, LABEL_CHARS))
        ));
        if let Some([lo, hi]) = r.ci {
            out.push_str(&format!(
                "<line class=\"mark cur whisker\" x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\"/>",
                x.at(lo),
                x.at(hi)
            ));
        }
        if let Some(b) = r.baseline {
            out.push_str(&format!(
                "<circle class=\"mark base\" cx=\"{:.1}\" cy=\"{y:.1}\" r=\"5\"><title>baseline {}</title></circle>",
                x.at(b),
                format_rounded(b)
            ));
        }
        out.push_str(&format!(
            "<circle class=\"mark cur\" cx=\"{:.1}\" cy=\"{y:.1}\" r=\"4\"><title>{} {}</title></circle>",
            x.at(r.value),
            escape(&r.label),
            format_rounded(r.value)
        ));
    }
    out.push_str("</svg>");
    out
}

/// A gap marked on a curve chart: a vertical segment at `x` from `low` to `high`, labelled.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub x: f64,
    pub low: f64,
    pub high: f64,
    pub label: String,
}

/// Curves (one polyline with dots per series) over a shared x and y axis, with a gap marked.
pub fn curves(
    title: &str,
    (x_label, x_kind): (&str, XAxis),
    y_label: &str,
    series: &[Series],
    gap: Option<&Gap>,
) -> String {
    let plot_height = 180.0;
    let height = plot_height + AXIS_HEIGHT + 24.0;
    let left = 64.0;
    let x = Scale::over(
        series.iter().flat_map(|s| s.points.iter().map(|p| p.0)),
        left,
        WIDTH - RIGHT,
    )
    .labelled(x_kind);
    let y = Scale::over(
        series.iter().flat_map(|s| s.points.iter().map(|p| p.1)),
        plot_height,
        8.0,
    );
    let desc = series
        .iter()
        .map(|s| {
            let points: Vec<String> = s
                .points
                .iter()
                .map(|(a, b)| format!("{} → {}", x_kind.text(*a, x.hi - x.lo), format_rounded(*b)))
                .collect();
            format!("{}: {}", s.name, points.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut out = open(title, &desc, height);
    axis(&mut out, &x, plot_height);
    for t in y.ticks() {
        out.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text><line class=\"grid\" x1=\"{left:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/>",
            left - 6.0,
            y.at(t) + 4.0,
            y.label(t),
            y.at(t),
            WIDTH - RIGHT,
            y.at(t)
        ));
    }
    out.push_str(&format!(
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
        (left + WIDTH) / 2.0,
        height - 4.0,
        escape(x_label)
    ));
    out.push_str(&format!(
        "<text x=\"12\" y=\"{:.1}\" text-anchor=\"middle\" transform=\"rotate(-90 12 {:.1})\">{}</text>",
        plot_height / 2.0,
        plot_height / 2.0,
        escape(y_label)
    ));
    for s in series {
        series_marks(&mut out, s, (&x, &y));
    }
    if let Some(g) = gap {
        let px = x.at(g.x);
        out.push_str(&format!(
            "<line class=\"mark gap\" x1=\"{px:.1}\" y1=\"{:.1}\" x2=\"{px:.1}\" y2=\"{:.1}\"><title>{}</title></line>\
             <text class=\"gap-label\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            y.at(g.low),
            y.at(g.high),
            escape(&g.label),
            px + 4.0,
            (y.at(g.low) + y.at(g.high)) / 2.0 + 4.0,
            escape(&g.label)
        ));
    }
    legend(&mut out, series, left + 8.0);
    out.push_str("</svg>");
    out
}

/// One series of a curve chart: its line and a dot per point.
fn series_marks(out: &mut String, s: &Series, (x, y): (&Scale, &Scale)) {
    let points: Vec<String> = s
        .points
        .iter()
        .map(|(a, b)| format!("{:.1},{:.1}", x.at(*a), y.at(*b)))
        .collect();
    out.push_str(&format!(
        "<polyline class=\"mark line {}\" points=\"{}\"><title>{}</title></polyline>",
        s.class,
        points.join(" "),
        escape(&s.name)
    ));
    for (a, b) in &s.points {
        out.push_str(&format!(
            "<circle class=\"mark {}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\"/>",
            s.class,
            x.at(*a),
            y.at(*b)
        ));
    }
}

/// Two distributions on shared bins, as paired bars: per bin the reference's share (left) and the
/// current's (right), over a numeric axis of the edges.
pub fn histogram(title: &str, (edges, x_kind): (&[f64], XAxis), series: &[Series]) -> String {
    let plot_height = 168.0;
    let height = plot_height + AXIS_HEIGHT + 8.0;
    let left = 44.0;
    let x = Scale::over(edges.iter().copied(), left, WIDTH - RIGHT).labelled(x_kind);
    let span = edges.last().zip(edges.first()).map_or(0.0, |(hi, lo)| hi - lo);
    let top = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .fold(0.0_f64, f64::max);
    // The legend has its own strip above the bars, which fill the plot's width.
    let y = Scale {
        lo: 0.0,
        hi: if top > 0.0 { top * 1.05 } else { 1.0 },
        px0: plot_height,
        px1: 24.0,
        kind: XAxis::Numbers,
    };
    let desc = series
        .iter()
        .map(|s| {
            let shares: Vec<String> = s.points.iter().map(|p| format_rounded(p.1)).collect();
            format!("{} shares per bin: {}", s.name, shares.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut out = open(title, &desc, height);
    axis(&mut out, &x, plot_height);
    for t in [y.hi / 2.0, y.hi] {
        out.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            left - 4.0,
            y.at(t) + 4.0,
            y.label(t)
        ));
    }
    let k = series.len().max(1) as f64;
    for (j, s) in series.iter().enumerate() {
        for (i, (_, share)) in s.points.iter().enumerate() {
            let (Some(a), Some(b)) = (edges.get(i), edges.get(i + 1)) else {
                continue;
            };
            let (x0, x1) = (x.at(*a), x.at(*b));
            let w = (x1 - x0) / k;
            out.push_str(&format!(
                "<rect class=\"mark bar {}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"><title>{} [{}, {}]: {}</title></rect>",
                s.class,
                x0 + w * j as f64,
                y.at(*share),
                (w - 0.5).max(0.5),
                (plot_height - y.at(*share)).max(0.0),
                escape(&s.name),
                x_kind.text(*a, span),
                x_kind.text(*b, span),
                format_rounded(*share)
            ));
        }
    }
    legend_row(&mut out, series, left + 8.0);
    out.push_str("</svg>");
    out
}

/// A legend on one line at the top: a dot and a name per series.
fn legend_row(out: &mut String, series: &[Series], x: f64) {
    for (k, s) in series.iter().enumerate() {
        let lx = x + 100.0 * k as f64;
        out.push_str(&format!(
            "<circle class=\"mark {}\" cx=\"{:.1}\" cy=\"8.0\" r=\"4\"/><text x=\"{:.1}\" y=\"12.0\">{}</text>",
            s.class,
            lx + 4.0,
            lx + 14.0,
            escape(&shorten(&s.name, 12))
        ));
    }
}

/// Two distributions over categories, as paired horizontal bars: per category the reference's
/// share and the current's.
pub fn category_bars(title: &str, categories: &[String], series: &[Series]) -> String {
    let row = 2.0 * 9.0 + 6.0;
    let height = TOP + row * categories.len() as f64 + AXIS_HEIGHT + 8.0;
    let longest = categories
        .iter()
        .map(|c| c.chars().count().min(LABEL_CHARS))
        .max()
        .unwrap_or(0);
    let label_width = (6.5 * longest as f64 + 14.0).clamp(50.0, 210.0);
    let top = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .fold(0.0_f64, f64::max);
    let x = Scale {
        lo: 0.0,
        hi: if top > 0.0 { top * 1.05 } else { 1.0 },
        px0: label_width,
        px1: WIDTH - RIGHT,
        kind: XAxis::Numbers,
    };
    let desc = categories
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let shares: Vec<String> = series
                .iter()
                .map(|s| format!("{} {}", s.name, s.points.get(i).map_or(0.0, |p| p.1)))
                .collect();
            format!("{c}: {}", shares.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut out = open(title, &desc, height);
    let bottom = TOP + row * categories.len() as f64 + 4.0;
    axis(&mut out, &x, bottom);
    for (i, c) in categories.iter().enumerate() {
        let y0 = TOP + row * i as f64 + 3.0;
        out.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            label_width - 8.0,
            y0 + 13.0,
            escape(&shorten(c, LABEL_CHARS))
        ));
        for (j, s) in series.iter().enumerate() {
            let share = s.points.get(i).map_or(0.0, |p| p.1);
            out.push_str(&format!(
                "<rect class=\"mark bar {}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"8\"><title>{} {}: {}</title></rect>",
                s.class,
                label_width,
                y0 + 9.0 * j as f64,
                (x.at(share) - label_width).max(0.5),
                escape(&s.name),
                escape(c),
                format_rounded(share)
            ));
        }
    }
    for (k, s) in series.iter().enumerate() {
        let x = WIDTH - RIGHT - 150.0 + 80.0 * k as f64;
        out.push_str(&format!(
            "<circle class=\"mark {}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            s.class,
            x,
            TOP - 7.0,
            x + 8.0,
            TOP - 3.0,
            escape(&s.name)
        ));
    }
    out.push_str("</svg>");
    out
}

/// Confusion matrices side by side, one per `(name, counts)`: a cell per (true, predicted) class
/// pair, shaded by its share of its true class's row, with its count written in it.
pub fn matrices(title: &str, classes: &[String], matrices: &[(&str, &[Vec<u64>])]) -> String {
    let n = classes.len().max(1) as f64;
    let label = 70.0;
    let gap = 24.0;
    let size =
        ((WIDTH - label - gap * (matrices.len() as f64 - 1.0).max(0.0)) / matrices.len().max(1) as f64 / n).min(48.0);
    let height = 30.0 + size * n + 20.0;
    let desc = matrices
        .iter()
        .map(|(name, m)| {
            let rows: Vec<String> = m
                .iter()
                .zip(classes)
                .map(|(row, class)| {
                    let counts: Vec<String> = row.iter().map(u64::to_string).collect();
                    format!("true {class}: {}", counts.join(" "))
                })
                .collect();
            format!("{name}: {}", rows.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut out = open(title, &desc, height);
    for (k, (name, m)) in matrices.iter().enumerate() {
        let x0 = label + k as f64 * (size * n + gap);
        out.push_str(&format!(
            "<text x=\"{:.1}\" y=\"12\" text-anchor=\"middle\">{}</text>",
            x0 + size * n / 2.0,
            escape(name)
        ));
        for (i, row) in m.iter().enumerate() {
            let total: u64 = row.iter().sum();
            let y = 30.0 + size * i as f64;
            if k == 0 {
                out.push_str(&format!(
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
                    label - 6.0,
                    y + size / 2.0 + 4.0,
                    escape(&shorten(&classes[i], 10))
                ));
            }
            for (j, count) in row.iter().enumerate() {
                let share = if total > 0 { *count as f64 / total as f64 } else { 0.0 };
                let x = x0 + size * j as f64;
                out.push_str(&format!(
                    "<rect class=\"mark cell\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{w:.1}\" fill-opacity=\"{:.3}\">\
                     <title>{name}: true {}, predicted {}: {count}</title></rect>\
                     <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{count}</text>",
                    0.08 + 0.8 * share,
                    escape(&classes[i]),
                    escape(&classes[j]),
                    x + size / 2.0,
                    y + size / 2.0 + 4.0,
                    w = size - 1.0,
                    name = escape(name),
                ));
            }
        }
        for (j, class) in classes.iter().enumerate() {
            out.push_str(&format!(
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                x0 + size * j as f64 + size / 2.0,
                30.0 + size * n + 14.0,
                escape(&shorten(class, 8))
            ));
        }
    }
    out.push_str("</svg>");
    out
}

/// A legend entry per series along the top, from `x`.
fn legend(out: &mut String, series: &[Series], x: f64) {
    for (k, s) in series.iter().enumerate() {
        let ly = 16.0 + 16.0 * k as f64;
        out.push_str(&format!(
            "<circle class=\"mark {}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\"/><text x=\"{:.1}\" y=\"{ly:.1}\">{}</text>",
            s.class,
            x + 4.0,
            ly - 4.0,
            x + 14.0,
            escape(&s.name)
        ));
    }
}

/// The horizontal axis at `y`: a line and its labelled ticks.
fn axis(out: &mut String, x: &Scale, y: f64) {
    out.push_str(&format!(
        "<line class=\"axis\" x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\"/>",
        x.px0, x.px1
    ));
    let ticks = x.ticks();
    for (i, t) in ticks.iter().enumerate() {
        let px = x.at(*t);
        // The last label ends at its tick, so a long one (a date) is not cut at the edge.
        let anchor = if i + 1 == ticks.len() { "end" } else { "middle" };
        out.push_str(&format!(
            "<line class=\"axis\" x1=\"{px:.1}\" y1=\"{y:.1}\" x2=\"{px:.1}\" y2=\"{:.1}\"/><text x=\"{px:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
            y + 4.0,
            y + 16.0,
            x.label(*t)
        ));
    }
}

/// At most `n` characters, an ellipsis marking a cut.
fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(n - 1).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scale_maps_its_padded_domain_onto_the_pixels() {
        let s = Scale::over([0.0, 10.0], 100.0, 200.0);
        assert_eq!((s.lo, s.hi), (-0.5, 10.5));
        // A span of 11: one decimal tells ticks 2.75 apart (2.25 is written as Rust rounds, to even).
        assert_eq!(
            s.ticks().iter().map(|t| s.label(*t)).collect::<Vec<_>>(),
            ["-0.5", "2.2", "5.0", "7.8", "10.5"]
        );
        assert!((s.at(-0.5) - 100.0).abs() < 1e-12 && (s.at(10.5) - 200.0).abs() < 1e-12);
        // One value gets room around it; none gives [0, 1] padded.
        let one = Scale::over([3.0], 0.0, 1.0);
        assert!(one.lo < 3.0 && one.hi > 3.0);
        let none = Scale::over([f64::NAN], 0.0, 1.0);
        assert!(none.lo < 0.0 && none.hi > 1.0);
    }

    #[test]
    fn text_is_escaped_everywhere() {
        let svg = intervals(
            "<t>",
            &[IntervalRow {
                label: "a\"<script>".into(),
                value: 1.0,
                ci: Some([0.5, 1.5]),
                baseline: Some(0.9),
            }],
            &[("min".into(), 0.8)],
            &[],
        );
        assert!(!svg.contains("<script") && !svg.contains("<t>") && svg.contains("&lt;script&gt;"));
        assert_eq!(
            svg.matches("class=\"mark").count(),
            3,
            "whisker, baseline and value: {svg}"
        );
    }
}
