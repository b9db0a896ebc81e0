//! Evaluating the gates of a loaded config: every gate alike, through [`mlgate_core::Gate`].

use std::collections::BTreeMap;

use mlgate_core::{Error, FileRef, Input, Inputs, Report, Settings, SizeLimited, WithResolved};

use crate::config::LoadedConfig;
use crate::mlflow;

/// What to run.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Run only the gates with these names (all when empty).
    pub only: Vec<String>,
    /// The run's time, unix seconds, from the host's clock (WebAssembly has none): what `today`
    /// and `now` in date bounds mean. `None`: such bounds are an error.
    pub now: Option<f64>,
}

/// Runs every selected gate and builds the report. An input that cannot be read or parsed
/// stops the run: the verdict could not be judged (exit code 2).
pub fn run(loaded: &LoadedConfig, inputs: &dyn Inputs, options: &RunOptions) -> Result<Report, Error> {
    let config = &loaded.config;
    let settings = Settings {
        now_ns: options.now.map(|secs| (secs * 1e9) as i128),
        ..config.settings.clone()
    };
    let limited = SizeLimited {
        inputs,
        max_bytes: config.settings.max_input_bytes(),
        raise_with: "settings.max_input_mb",
    };
    // MLflow sources: their bytes from the answers the host handed over, under their keys.
    let mut resolved = BTreeMap::new();
    let mut bytes = BTreeMap::new();
    for (key, (answer, source)) in mlflow::resolve(loaded, &limited)? {
        bytes.insert(key.clone(), answer);
        resolved.insert(key, source);
    }
    let with_mlflow = WithResolved {
        files: limited,
        resolved: bytes,
    };
    let inputs: &dyn Inputs = &with_mlflow;
    let gates = config.gates();
    for name in &options.only {
        if !gates.iter().any(|(_, g)| g.name() == name) {
            let names: Vec<&str> = gates.iter().map(|(_, g)| g.name()).collect();
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

    // A gate whose inputs cannot be read does not stop the others: every such error of the run
    // is reported at once (three bad paths, one run to learn of them).
    let (mut reports, mut errors) = (Vec::new(), Vec::new());
    for (at, gate) in gates {
        if !selected(gate.name()) {
            continue;
        }
        let elapsed = timer();
        let mut report = match gate.evaluate(inputs, &settings) {
            Ok(report) => report,
            Err(e) => {
                errors.push(declared(loaded, &format!("{at}{}", e.pointer), e.error));
                continue;
            }
        };
        // Each check's declaration becomes the line annotations point at.
        for check in &mut report.checks {
            check.config_line = (check.pointer.take()).and_then(|p| loaded.key_line(&format!("{at}{p}")));
        }
        // What each MLflow source resolved to, named by the key that declares it.
        for declared in gate.inputs() {
            if let Input::File(FileRef::Mlflow(m)) = &declared.input
                && let Some(source) = resolved.get(&FileRef::Mlflow(m.clone()).key())
                && !report.sources.iter().any(|s| s.input == declared.pointer[1..])
            {
                report.sources.push(mlgate_core::report::ResolvedSource {
                    input: declared.pointer[1..].to_string(),
                    ..source.clone()
                });
            }
        }
        report.duration_ms = elapsed();
        reports.push(report);
    }
    match Error::all(errors) {
        Some(error) => Err(error),
        None => Ok(Report::new(loaded.file.clone(), reports)),
    }
}

/// Ties an input error to the config entry at `pointer` that named the file.
fn declared(loaded: &LoadedConfig, pointer: &str, error: Error) -> Error {
    match loaded.location(pointer) {
        Some(at) => error.declared_at(&at),
        None => error,
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
