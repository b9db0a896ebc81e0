//! Evaluating the gates of a loaded config.

use mlgate_core::yaml::PositionIndex;
use mlgate_core::{Error, GateKind, GateReport, Inputs, Report, SizeLimited};

use crate::config::LoadedConfig;

/// What to run.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Run only the gates with these names (all when empty).
    pub only: Vec<String>,
}

/// Runs every selected gate and builds the report. An input that cannot be read or parsed
/// stops the run: the verdict could not be judged (exit code 2).
pub fn run(loaded: &LoadedConfig, inputs: &dyn Inputs, options: &RunOptions) -> Result<Report, Error> {
    let config = &loaded.config;
    let limited = SizeLimited {
        inputs,
        max_bytes: config.settings.max_input_bytes(),
        raise_with: "settings.max_input_mb",
    };
    let inputs: &dyn Inputs = &limited;
    let names: Vec<&str> = config.gate_names().into_iter().map(|(n, _, _)| n).collect();
    for name in &options.only {
        if !names.contains(&name.as_str()) {
            return Err(Error::Usage(format!(
                "--only {name}: no gate of that name in {}; expected one of {}",
                if loaded.file.is_empty() {
                    "the config"
                } else {
                    &loaded.file
                },
                names.join(", ")
            )));
        }
    }
    let selected = |name: &str| options.only.is_empty() || options.only.iter().any(|o| o == name);

    let mut gates = Vec::new();
    for (i, gate) in config.data.iter().enumerate() {
        if !selected(&gate.name) {
            continue;
        }
        let elapsed = timer();
        let mut checks = gate
            .evaluate(inputs, config.settings.correction.stats())
            .map_err(|e| declared(loaded, &format!("/data/{i}{}", e.pointer), e.error))?;
        for check in &mut checks {
            check.config_line = loaded.key_line(&data_check_pointer(i, &gate.name, &check.id));
        }
        let mut report = GateReport::from_checks(&gate.name, GateKind::Data, checks);
        report.duration_ms = elapsed();
        gates.push(report);
    }
    for (i, gate) in config.metrics.iter().enumerate() {
        if !selected(&gate.name) {
            continue;
        }
        let elapsed = timer();
        let mut checks = gate
            .evaluate(inputs, config.settings.alpha)
            .map_err(|e| declared(loaded, &format!("/metrics/{i}/{}", e.field), e.error))?;
        set_config_lines(
            loaded,
            &mut checks,
            &format!("/metrics/{i}/thresholds"),
            gate.thresholds.keys(),
        );
        let mut report = GateReport::from_checks(&gate.name, GateKind::Metrics, checks);
        report.duration_ms = elapsed();
        gates.push(report);
    }
    for (i, gate) in config.canary.iter().enumerate() {
        if !selected(&gate.name) {
            continue;
        }
        let elapsed = timer();
        let mut report = gate
            .evaluate(inputs, config.settings.correction)
            .map_err(|e| declared(loaded, &format!("/canary/{i}{}", e.pointer), e.error))?;
        set_config_lines(
            loaded,
            &mut report.checks,
            &format!("/canary/{i}/metrics"),
            gate.metrics.keys(),
        );
        report.duration_ms = elapsed();
        gates.push(report);
    }
    Ok(Report::new(loaded.file.clone(), gates))
}

/// Ties an input error to the config entry at `pointer` that named the file.
fn declared(loaded: &LoadedConfig, pointer: &str, error: Error) -> Error {
    match loaded.location(pointer) {
        Some(at) => error.declared_at(&at),
        None => error,
    }
}

/// Where a data check was declared, from its id: `<gate>.columns.<col>[.warn].<check>` ->
/// `/data/i/columns/<col>[/warn]/<check>`, `<gate>.table.unique.<key>` -> `/data/i/table/unique`,
/// `<gate>.drift.<col>` -> `/data/i/drift`. Column names may hold dots, so the check name is
/// taken from the end.
fn data_check_pointer(i: usize, gate: &str, id: &str) -> String {
    let rest = id.strip_prefix(gate).and_then(|r| r.strip_prefix('.')).unwrap_or(id);
    let base = format!("/data/{i}");
    if let Some(t) = rest.strip_prefix("table.") {
        let key = t.split('.').next().unwrap_or(t);
        return format!("{base}/table/{key}");
    }
    if rest.starts_with("drift.") {
        return format!("{base}/drift");
    }
    if rest == "json_schema" {
        return format!("{base}/json_schema");
    }
    if let Some(c) = rest.strip_prefix("columns.") {
        let (column_and_block, check) = c.rsplit_once('.').unwrap_or((c, ""));
        let (column, block) = match column_and_block.strip_suffix(".warn") {
            Some(col) => (col, "/warn"),
            None => (column_and_block, ""),
        };
        // `min`/`max` with `exclusive_*` still point at the bound itself.
        return format!(
            "{}{block}/{check}",
            PositionIndex::child(&format!("{base}/columns"), column)
        );
    }
    base
}

/// Each check gets the line of its entry under `map_pointer` (checks come in entry order).
fn set_config_lines<'k>(
    loaded: &LoadedConfig,
    checks: &mut [mlgate_core::CheckResult],
    map_pointer: &str,
    names: impl Iterator<Item = &'k String>,
) {
    for (check, name) in checks.iter_mut().zip(names) {
        check.config_line = loaded.key_line(&PositionIndex::child(map_pointer, name));
    }
}

/// Milliseconds since the call, for `duration_ms`. wasm32-unknown-unknown has no clock
/// (`Instant::now` panics there), so the Action reports 0; timings are left out of parity checks.
#[cfg(not(target_family = "wasm"))]
fn timer() -> impl Fn() -> u64 {
    let start = std::time::Instant::now();
    move || start.elapsed().as_millis() as u64
}

#[cfg(target_family = "wasm")]
fn timer() -> impl Fn() -> u64 {
    || 0
}
