//! GitHub Actions workflow commands: one annotation per failing or warning check, at the config
//! line the check was declared on.
//!
//! `::error file=F,line=L,title=T::MESSAGE` (and `::warning`), escaped as the runner requires:
//! in the message `%`, CR and LF; in properties also `:` and `,`. At most 10 annotations of each
//! kind (GitHub shows no more per step), then one `::notice` saying how many were left out.

use mlgate_core::{CheckResult, Report, Status};

/// Most annotations of one kind.
pub const MAX_PER_KIND: usize = 10;

fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The annotations of a report.
pub fn github(report: &Report) -> String {
    let mut out = String::new();
    // A run that could not be judged: each error at its file and line.
    for error in &report.errors {
        let mut props = Vec::new();
        if !error.file.is_empty() {
            props.push(format!("file={}", escape_property(&error.file)));
        }
        if let Some(line) = error.line {
            props.push(format!("line={line}"));
        }
        if let Some(column) = error.column {
            props.push(format!("col={column}"));
        }
        props.push(format!("title={}", escape_property("mlgate could not judge")));
        out.push_str(&format!(
            "::error {}::{}\n",
            props.join(","),
            escape_data(&error.message)
        ));
    }
    let mut left_out = [0usize; 2];
    let mut written = [0usize; 2];
    for check in report.gates.iter().flat_map(|g| &g.checks) {
        let kind = match check.status {
            Status::Fail | Status::Error => 0,
            Status::Warn => 1,
            _ => continue,
        };
        if written[kind] == MAX_PER_KIND {
            left_out[kind] += 1;
            continue;
        }
        written[kind] += 1;
        out.push_str(&annotation(report, check, if kind == 0 { "error" } else { "warning" }));
    }
    if left_out.iter().any(|n| *n > 0) {
        out.push_str(&format!(
            "::notice title={}::{}\n",
            escape_property("mlgate"),
            escape_data(&format!(
                "{} more failing and {} more warning checks are not annotated (GitHub shows {MAX_PER_KIND} of each); see the report",
                left_out[0], left_out[1]
            ))
        ));
    }
    out
}

fn annotation(report: &Report, check: &CheckResult, command: &str) -> String {
    let mut props = Vec::new();
    if !report.config.is_empty() {
        props.push(format!("file={}", escape_property(&report.config)));
        if let Some(line) = check.config_line {
            props.push(format!("line={line}"));
        }
    }
    props.push(format!(
        "title={}",
        escape_property(&format!("mlgate {}: {}", check.status, check.id))
    ));
    format!("::{command} {}::{}\n", props.join(","), escape_data(&check.message))
}
