//! The terminal view: one line per gate, the checks that need attention under it, a summary.

use mlgate_core::report::format_rounded;
use mlgate_core::{CheckResult, GateReport, Report, Status};

use super::words::{check_label, judgement_word, status_counts};

/// Options of the terminal view.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextOptions {
    /// ANSI colours on the status words.
    pub color: bool,
    /// Show passing checks too, not only the ones that need attention.
    pub verbose: bool,
}

/// The terminal view: one line per gate, the checks that need attention under it, a summary.
pub fn text(report: &Report, options: TextOptions) -> String {
    let paint = |status: Status| -> String {
        let word = format!("{:<5}", status.as_str().to_uppercase());
        if !options.color {
            return word;
        }
        let code = match status {
            Status::Pass => "32",
            Status::Warn => "33",
            Status::Fail => "31",
            Status::Error => "1;31",
            Status::Skipped | Status::Nodata => "2",
        };
        format!("\x1b[{code}m{word}\x1b[0m")
    };
    let mut out = String::new();
    for gate in &report.gates {
        let score = match (gate.score, gate.judgement) {
            (Some(score), Some(j)) => format!("score {} ({}), ", format_rounded(score), judgement_word(j)),
            _ => String::new(),
        };
        out.push_str(&format!(
            "{} {} gate {}: {score}{}\n",
            paint(gate.verdict),
            gate.kind.as_str(),
            one_line(&gate.name),
            gate_counts(gate)
        ));
        for source in &gate.sources {
            out.push_str(&format!(
                "      from  {}: {}\n",
                one_line(&source.input),
                one_line(&source.describe())
            ));
        }
        for check in &gate.checks {
            if options.verbose || !matches!(check.status, Status::Pass) {
                let shown = if options.verbose { usize::MAX } else { SAMPLES_SHOWN };
                out.push_str(&format!(
                    "      {} {}{}\n",
                    paint(check.status),
                    check_line(check),
                    samples_text(check, shown)
                ));
            }
        }
    }
    let s = &report.summary;
    let counts = status_counts(s);
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    out.push_str(&format!(
        "{} {}, {}{}\n",
        paint(report.verdict),
        plural(s.gates, "gate"),
        plural(s.checks, "check"),
        if counts.is_empty() {
            String::new()
        } else {
            format!(": {}", counts.join(", "))
        }
    ));
    out
}

fn gate_counts(gate: &GateReport) -> String {
    let n = gate.checks.len();
    let count = |st: Status| gate.checks.iter().filter(|c| c.status == st).count();
    let mut parts = vec![format!("{n} check{}", if n == 1 { "" } else { "s" })];
    for (st, word) in [
        (Status::Fail, "failed"),
        (Status::Error, "in error"),
        (Status::Warn, "warned"),
    ] {
        let k = count(st);
        if k > 0 {
            parts.push(format!("{k} {word}"));
        }
    }
    parts.join(", ")
}

/// Failing values shown per check that needs attention (`-v`: every sample the report keeps).
const SAMPLES_SHOWN: usize = 3;

/// `; row 12: "Premium", row 40: "enterprise", and 3 more`: the first failing values of a
/// check that did not pass, so the terminal shows what to fix (nothing for a passing check).
fn samples_text(check: &CheckResult, shown: usize) -> String {
    let samples = match (&check.samples, check.status) {
        (Some(samples), Status::Fail | Status::Warn | Status::Error) if !samples.is_empty() => samples,
        _ => return String::new(),
    };
    let listed: Vec<String> = samples
        .iter()
        .take(shown)
        .map(|s| format!("row {}: {}", s.row, one_line(&s.value.to_string())))
        .collect();
    let failing = check.unexpected_count.unwrap_or(samples.len() as u64);
    let more = failing.saturating_sub(listed.len() as u64);
    let more = if more > 0 {
        format!(", and {more} more")
    } else {
        String::new()
    };
    format!("; {}{more}", listed.join(", "))
}

/// `accuracy: 0.81 is below min 0.85`: the message says what was found and what was expected.
fn check_line(check: &CheckResult) -> String {
    format!("{}: {}", one_line(check_label(check)), one_line(&check.message))
}

/// User strings on one terminal line: line breaks and control characters (escape sequences
/// included) become spaces, so a name or value cannot forge lines or recolour the terminal.
fn one_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use mlgate_core::{GateKind, Report};

    fn report() -> Report {
        let check = |metric: &str, status: Status, message: &str| CheckResult {
            id: format!("g.{metric}"),
            check: "threshold".into(),
            metric: Some(metric.into()),
            status,
            message: message.into(),
            ..CheckResult::default()
        };
        Report::new(
            "mlgate.yaml",
            vec![GateReport::from_checks(
                "g",
                GateKind::Metrics,
                vec![
                    check("a", Status::Pass, "fine"),
                    check("b", Status::Fail, "0.7 is below min 0.8"),
                ],
            )],
        )
    }

    #[test]
    fn plain_text_lists_what_needs_attention() {
        let out = text(&report(), TextOptions::default());
        assert_eq!(
            out,
            "FAIL  metrics gate g: 2 checks, 1 failed\n      FAIL  b: 0.7 is below min 0.8\nFAIL  1 gate, 2 checks: 1 pass, 1 fail\n"
        );
    }

    #[test]
    fn colour_and_verbose() {
        let out = text(
            &report(),
            TextOptions {
                color: true,
                verbose: true,
            },
        );
        assert!(out.contains("\x1b[32mPASS \x1b[0m a: fine"), "{out:?}");
        assert!(out.contains("\x1b[31mFAIL \x1b[0m b: 0.7 is below min 0.8"), "{out:?}");
    }
}
