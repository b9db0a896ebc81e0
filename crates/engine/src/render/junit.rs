//! JUnit XML: one `<testsuite>` per gate, one `<testcase>` per check, valid against the Jenkins
//! xunit plugin's `junit-10.xsd` (the schema CI test reporters read; a copy is in
//! `crates/engine/tests/junit/`).
//!
//! Statuses: `fail` → `<failure>`, `error` → `<error>`, `skipped` and non-failing `nodata` →
//! `<skipped>`; `warn` passes with the warning in `<system-out>` (JUnit has no warnings).

use mlgate_core::{CheckResult, GateReport, Report, Status};

use super::xml;

fn seconds(ms: u64) -> String {
    format!("{}.{:03}", ms / 1000, ms % 1000)
}

/// The report as JUnit XML.
pub fn junit(report: &Report) -> String {
    let count =
        |pred: &dyn Fn(&CheckResult) -> bool| report.gates.iter().flat_map(|g| &g.checks).filter(|c| pred(c)).count();
    let total_ms: u64 = report.gates.iter().map(|g| g.duration_ms).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"mlgate\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{}\">\n",
        report.summary.checks + report.errors.len(),
        count(&|c| is_failure(c)),
        count(&|c| c.status == Status::Error) + report.errors.len(),
        seconds(total_ms)
    ));
    for gate in &report.gates {
        suite(&mut out, gate);
    }
    errors_suite(&mut out, report);
    out.push_str("</testsuites>\n");
    out
}

/// A run that could not be judged: one suite `mlgate` with an `<error>` case per error, so the
/// CI test tab shows why rather than nothing.
fn errors_suite(out: &mut String, report: &Report) {
    if report.errors.is_empty() {
        return;
    }
    out.push_str(&format!(
        "  <testsuite name=\"mlgate\" tests=\"{0}\" failures=\"0\" errors=\"{0}\" skipped=\"0\" time=\"0.000\">\n",
        report.errors.len()
    ));
    for (i, error) in report.errors.iter().enumerate() {
        let place = match error.line {
            Some(line) => format!("{}:{line}", error.file),
            None => error.file.clone(),
        };
        out.push_str(&format!(
            "    <testcase name=\"{}\" classname=\"mlgate.run\" time=\"0\">\n      <error type=\"could not judge\" message=\"{}\">{}</error>\n    </testcase>\n",
            xml::attribute(&format!("error {} ({place})", i + 1)),
            xml::attribute(&error.message),
            xml::text(&error.message)
        ));
    }
    out.push_str("  </testsuite>\n");
}

fn is_failure(c: &CheckResult) -> bool {
    c.status == Status::Fail
}

fn suite(out: &mut String, gate: &GateReport) {
    let n = |s: Status| gate.checks.iter().filter(|c| c.status == s).count();
    out.push_str(&format!(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{}\">\n",
        xml::attribute(&gate.name),
        gate.checks.len(),
        n(Status::Fail),
        n(Status::Error),
        n(Status::Skipped) + n(Status::Nodata),
        seconds(gate.duration_ms)
    ));
    let mut properties = vec![
        ("kind", gate.kind.as_str().to_string()),
        ("verdict", gate.verdict.to_string()),
    ];
    if let Some(score) = gate.score {
        properties.push(("score", score.to_string()));
    }
    out.push_str("    <properties>\n");
    for (name, value) in properties {
        out.push_str(&format!(
            "      <property name=\"{name}\" value=\"{}\"/>\n",
            xml::attribute(&value)
        ));
    }
    out.push_str("    </properties>\n");
    for check in &gate.checks {
        out.push_str(&format!(
            "    <testcase name=\"{}\" classname=\"{}.{}\" time=\"0\"",
            xml::attribute(&check.id),
            xml::attribute(gate.kind.as_str()),
            xml::attribute(&gate.name)
        ));
        let details = details(check);
        let body = match check.status {
            Status::Pass => None,
            Status::Fail => Some(format!(
                "<failure type=\"{}\" message=\"{}\">{}</failure>",
                xml::attribute(&check.check),
                xml::attribute(&check.message),
                xml::text(&details)
            )),
            Status::Error => Some(format!(
                "<error type=\"{}\" message=\"{}\">{}</error>",
                xml::attribute(&check.check),
                xml::attribute(&check.message),
                xml::text(&details)
            )),
            Status::Skipped | Status::Nodata => {
                Some(format!("<skipped message=\"{}\"/>", xml::attribute(&check.message)))
            }
            Status::Warn => Some(format!(
                "<system-out>{}</system-out>",
                xml::text(&format!("warning: {}\n{details}", check.message))
            )),
        };
        match body {
            None => out.push_str("/>\n"),
            Some(b) => out.push_str(&format!(">\n      {b}\n    </testcase>\n")),
        }
    }
    out.push_str("  </testsuite>\n");
}

/// A float as its shortest round-trip form, with an exponent when very small or large.
fn num(x: f64) -> String {
    format!("{x:?}")
}

/// The numbers behind a check, one per line, for the failure body.
fn details(c: &CheckResult) -> String {
    let mut lines = vec![format!("status: {}", c.status)];
    let mut push = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            lines.push(format!("{k}: {v}"));
        }
    };
    push("observed", c.observed.as_ref().map(ToString::to_string));
    push(
        "expected",
        c.expected
            .as_ref()
            .map(|v| serde_json::Value::Object(v.clone()).to_string()),
    );
    push("baseline", c.baseline.as_ref().map(ToString::to_string));
    push("delta", c.delta.map(num));
    push("method", c.method.clone());
    push("statistic", c.statistic.map(num));
    push("threshold", c.threshold.map(num));
    push("classification", c.classification.clone());
    push("estimate", c.estimate.map(num));
    push("ci", c.ci.map(|[a, b]| format!("[{}, {}]", num(a), num(b))));
    push("p_value", c.p_value.map(num));
    push("p_value_adjusted", c.p_value_adjusted.map(num));
    push("unexpected_count", c.unexpected_count.map(|v| v.to_string()));
    push("config_line", c.config_line.map(|v| v.to_string()));
    lines.join("\n")
}
