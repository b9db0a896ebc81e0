//! The `mlgate` command line: parses arguments, reads the config and input files from disk
//! (and from git, and live queries over HTTP), and hands everything else to `mlgate-engine`.
//! Exit codes: 0 passed, 1 a gate failed, 2 the run could not be judged. The binary itself
//! (the repository's root package, so that `cargo install --path .` installs it) only calls [`main`].

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use fs_inputs::{FsInputs, workspace_of};
use mlgate_core::{Error, FailOn, Report, WithResolved, yaml};
use mlgate_engine::adhoc::{self, Direction, DriftMethod, MetricBounds};
use mlgate_engine::{LoadedConfig, RunOptions, schema};
use output::{AnnotatedConfig, OutputArgs};
use progress::ProgressInputs;

mod fs_inputs;
mod git;
mod hook;
mod init;
mod live;
mod output;
mod progress;

#[derive(Parser)]
#[command(
    name = "mlgate",
    version = env!("MLGATE_VERSION_TEXT"),
    about = "One gate for ML delivery pipelines: data, model metrics and canary checks from one mlgate.yaml.",
    long_about = "One gate for ML delivery pipelines: data, model metrics and canary checks from one mlgate.yaml.\n\n\
        Exit codes: 0 passed (warnings allowed unless --fail-on warn), 1 a gate failed, \
        2 the run could not be judged (usage, config or input error).",
    after_help = "Start with `mlgate check` in a folder holding mlgate.yaml. See examples/quickstart."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the gates of a config file and print one report.
    Check(CheckArgs),
    /// Validate a dataset, infer a data gate from one, or compare two datasets for drift.
    #[command(subcommand)]
    Data(DataCommand),
    /// Check model metrics without a config file.
    #[command(subcommand)]
    Metrics(Box<MetricsCommand>),
    /// Compare canary and baseline deployment samples without a config file.
    #[command(subcommand)]
    Canary(CanaryCommand),
    /// Write a starting mlgate.yaml from the datasets, metric files and MLflow runs in a folder.
    Init {
        /// The repository folder (default: the current one).
        #[arg(default_value = ".")]
        dir: String,
        /// Replace an existing mlgate.yaml.
        #[arg(long)]
        force: bool,
    },
    /// Install or remove a git hook that runs `mlgate check` before each push (or commit).
    #[command(subcommand)]
    Hook(HookCommand),
    /// Print the JSON Schema of the config file or of the JSON report.
    Schema {
        /// Which schema to print.
        #[arg(value_enum)]
        which: SchemaKind,
    },
}

#[derive(Args)]
struct CheckArgs {
    /// Config file to run.
    #[arg(short, long, value_name = "FILE", default_value = "mlgate.yaml")]
    config: String,
    /// Run only the gate with this name (repeat for several).
    #[arg(long, value_name = "NAME")]
    only: Vec<String>,
    /// Let the config's paths reach outside its workspace (the git repository holding it, else
    /// its folder). Off by default: a config from a pull request must not read the machine's files.
    #[arg(long)]
    allow_outside_workspace: bool,
    /// Deepest nesting accepted in the config's YAML.
    #[arg(long, value_name = "LEVELS", default_value_t = yaml::MAX_DEPTH)]
    max_yaml_depth: usize,
    /// Most YAML nodes accepted in the config, counting every alias expansion.
    #[arg(long, value_name = "NODES", default_value_t = yaml::MAX_NODES)]
    max_yaml_nodes: usize,
    /// Record the verdict on this MLflow run: the tags mlgate.verdict and mlgate.failed_checks,
    /// and the JSON report as the artifact mlgate/report.json (the server of
    /// settings.mlflow.tracking_uri, else MLFLOW_TRACKING_URI).
    #[arg(long, value_name = "RUN_ID")]
    mlflow_log: Option<String>,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Subcommand)]
enum MetricsCommand {
    /// Compare a metric file with bounds and, optionally, a baseline metric file.
    ///
    /// Example: mlgate metrics compare eval.json --baseline main.json --min accuracy=0.85 --max-regression accuracy=0.01
    Compare(CompareArgs),
}

#[derive(Subcommand)]
enum DataCommand {
    /// Run a data gate on a dataset (CSV, TSV, Parquet, JSON, JSON Lines).
    ///
    /// Example: mlgate data infer train.csv > gate.yaml && mlgate data validate train.csv --gate gate.yaml
    Validate {
        /// The dataset.
        file: String,
        /// A config file whose data gates to run on FILE (as `mlgate data infer` writes); without
        /// it, FILE must be readable and have rows.
        #[arg(long, value_name = "FILE")]
        gate: Option<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Print a data gate (an mlgate.yaml) inferred from a dataset; it passes on that dataset.
    Infer {
        /// The dataset.
        file: String,
    },
    /// Compare every column of CURRENT with REFERENCE and report the drift of each.
    ///
    /// Example: mlgate data drift today.parquet reference.parquet --method psi
    Drift {
        /// The dataset to judge.
        current: String,
        /// The dataset it should resemble.
        reference: String,
        /// Test or distance: auto (KS/chi-square up to 1000 reference rows, else Wasserstein/Jensen-Shannon),
        /// ks, chi2, psi, js, wasserstein or linf.
        #[arg(long, value_name = "METHOD", default_value = "auto", value_parser = drift_method)]
        method: DriftMethod,
        /// Compare only these columns (repeat, or separate with commas; default: every column in both files).
        #[arg(long, value_name = "COLUMN", value_delimiter = ',')]
        columns: Vec<String>,
        /// The distance at or above which a column drifted, or the significance level of ks and
        /// chi2 (default 0.1 for distances, 0.05 for tests).
        #[arg(long, value_name = "T")]
        threshold: Option<f64>,
        #[command(flatten)]
        output: OutputArgs,
    },
}

#[derive(Subcommand)]
enum HookCommand {
    /// Write the hook (a hook that is not mlgate's is kept only with --chain).
    Install {
        /// Which hook.
        #[arg(long, value_enum, default_value = "pre-push")]
        hook: hook::HookKind,
        /// The config the hook checks, relative to the repository root.
        #[arg(short, long, value_name = "FILE", default_value = "mlgate.yaml")]
        config: String,
        /// Keep an existing hook that is not mlgate's: it runs first, then mlgate.
        #[arg(long)]
        chain: bool,
    },
    /// Remove mlgate's hook (and put a chained one back).
    Uninstall {
        /// Which hook.
        #[arg(long, value_enum, default_value = "pre-push")]
        hook: hook::HookKind,
    },
}

/// A drift method by its config name (`auto`, `ks`, ...): the config's own enum, read as serde reads it.
fn drift_method(s: &str) -> Result<DriftMethod, String> {
    serde_json::from_value(serde_json::Value::String(s.to_string()))
        .map_err(|_| format!("expected one of auto, ks, chi2, psi, js, wasserstein, linf, found {s:?}"))
}

#[derive(Subcommand)]
enum CanaryCommand {
    /// Judge each metric as Kayenta does (Mann-Whitney, Hodges-Lehmann interval at 98%, ±25% band)
    /// and score the canary.
    ///
    /// Example: mlgate canary compare --baseline baseline.csv --canary canary.csv --metric latency_ms
    Compare(CanaryCompareArgs),
}

#[derive(Args)]
struct CanaryCompareArgs {
    /// Baseline samples: CSV with one column per metric, JSON {metric: [values]}, or a Prometheus response.
    #[arg(long, value_name = "FILE")]
    baseline: String,
    /// Canary samples, in the same forms.
    #[arg(long, value_name = "FILE")]
    canary: String,
    /// A metric to judge (repeat for several; default: every metric present in both files).
    #[arg(long, value_name = "NAME")]
    metric: Vec<String>,
    /// The test: mann_whitney (default), quantile (with --q) or proportion (with --successes and --trials).
    #[arg(long, value_name = "TEST", value_parser = ["mann_whitney", "quantile", "proportion"])]
    test: Option<String>,
    /// The quantile the quantile test compares (0.99: the 99th percentile).
    #[arg(long, value_name = "Q")]
    q: Option<f64>,
    /// The column of event counts (errors) of the proportion test.
    #[arg(long, value_name = "COL")]
    successes: Option<String>,
    /// The column of trial counts (requests) of the proportion test.
    #[arg(long, value_name = "COL")]
    trials: Option<String>,
    /// Which change is bad: increase, decrease or either (default).
    #[arg(long, value_name = "WAY", value_parser = ["increase", "decrease", "either"])]
    direction: Option<String>,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Args)]
struct CompareArgs {
    /// Metric file of the candidate (JSON, YAML, TOML, CSV, or an MLflow run directory).
    current: Option<String>,
    /// Per-example predictions of the candidate (CSV, Parquet, JSON Lines): every named metric is
    /// then computed from them (accuracy, f1, roc_auc, ... see the README).
    #[arg(long, value_name = "FILE", conflicts_with = "current", requires_all = ["label", "prediction"])]
    predictions: Option<String>,
    /// Predictions of the model on main for the same examples (significance of regressions).
    #[arg(long, value_name = "FILE", requires = "predictions")]
    baseline_predictions: Option<String>,
    /// Column of true labels or targets in the predictions.
    #[arg(long, value_name = "COL")]
    label: Option<String>,
    /// Column of predictions (a class, a score, or a number).
    #[arg(long, value_name = "COL")]
    prediction: Option<String>,
    /// Column identifying examples, to match baseline predictions (default: row order).
    #[arg(long, value_name = "COL")]
    id: Option<String>,
    /// A metric to report, bounds or not (repeat for several).
    #[arg(long, value_name = "NAME")]
    metric: Vec<String>,
    /// Metric file to compare against (needed by the regression bounds).
    #[arg(long, value_name = "FILE")]
    baseline: Option<String>,
    /// Smallest allowed value, inclusive.
    #[arg(long, value_name = "NAME=V", value_parser = name_value)]
    min: Vec<(String, f64)>,
    /// Largest allowed value, inclusive.
    #[arg(long, value_name = "NAME=V", value_parser = name_value)]
    max: Vec<(String, f64)>,
    /// Largest allowed worsening against the baseline, in the metric's units.
    #[arg(long, value_name = "NAME=V", value_parser = name_value)]
    max_regression: Vec<(String, f64)>,
    /// Largest allowed worsening against the baseline, as a fraction of it (0.1 = 10%).
    #[arg(long, value_name = "NAME=V", value_parser = name_value)]
    max_regression_rel: Vec<(String, f64)>,
    /// Which way a metric is better, when --min/--max do not say (higher or lower).
    #[arg(long, value_name = "NAME=higher|lower", value_parser = name_direction)]
    direction: Vec<(String, Direction)>,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaKind {
    Config,
    Report,
}

fn split_name(s: &str) -> Result<(String, &str), String> {
    match s.rsplit_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_string(), value)),
        _ => Err(format!("expected NAME=VALUE, found {s:?}")),
    }
}

fn name_value(s: &str) -> Result<(String, f64), String> {
    let (name, value) = split_name(s)?;
    let v = value
        .trim()
        .parse::<f64>()
        .map_err(|_| format!("expected a number after `=`, found {value:?}"))?;
    Ok((name, v))
}

fn name_direction(s: &str) -> Result<(String, Direction), String> {
    let (name, value) = split_name(s)?;
    match value {
        "higher" => Ok((name, Direction::Higher)),
        "lower" => Ok((name, Direction::Lower)),
        other => Err(format!("expected higher or lower after `=`, found {other:?}")),
    }
}

/// Runs the command line on the process's arguments and returns its exit code.
pub fn main() -> ExitCode {
    // A panic is a bug in mlgate; the user still gets one clear line and exit code 2.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("error: mlgate hit an internal error (a bug; please report it): {info}");
    }));
    let cli = Cli::parse();
    let code = std::panic::catch_unwind(|| match run(cli) {
        Ok(code) => code,
        Err(e) => {
            for line in e.lines() {
                eprintln!("error: {line}");
            }
            2
        }
    })
    .unwrap_or(2);
    ExitCode::from(code as u8)
}

/// What this host reads for a config before the run: its git files, then its live queries.
fn resolve_sources(loaded: &LoadedConfig, root: &Path) -> Result<BTreeMap<String, Vec<u8>>, Error> {
    let mut resolved = git::resolve(loaded, root)?;
    resolved.extend(live::resolve(loaded)?);
    Ok(resolved)
}

fn run(cli: Cli) -> Result<i32, Error> {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Data(command) => data(command),
        Command::Metrics(command) => {
            let MetricsCommand::Compare(args) = *command;
            metrics_compare(args)
        }
        Command::Canary(CanaryCommand::Compare(args)) => {
            let inputs = FsInputs::new(".");
            let options = adhoc::CanaryOptions {
                test: args.test,
                q: args.q,
                successes: args.successes,
                trials: args.trials,
                direction: args.direction,
            };
            let judged = adhoc::canary_compare(&args.baseline, &args.canary, &args.metric, &options, &inputs)
                .and_then(|loaded| judge(&loaded, &inputs, &run_options(Vec::new())));
            finish(judged, &args.output, None)
        }
        Command::Init { dir, force } => {
            eprintln!("{}", init::init(Path::new(&dir), force)?);
            Ok(0)
        }
        Command::Hook(HookCommand::Install { hook, config, chain }) => {
            eprintln!("{}", hook::install(hook, &config, chain)?);
            Ok(0)
        }
        Command::Hook(HookCommand::Uninstall { hook }) => {
            eprintln!("{}", hook::uninstall(hook)?);
            Ok(0)
        }
        Command::Schema { which } => {
            let value = match which {
                SchemaKind::Config => schema::config_schema(),
                SchemaKind::Report => schema::report_schema(),
            };
            output::write_out(None, &schema::pretty(&value))?;
            Ok(0)
        }
    }
}

/// A run's report and the exit code its config asks for (`settings.fail_on`).
type Judged = Result<(Report, FailOn), Error>;

/// The options of a run: the gates to run, and the clock's time (for `today` and `now`).
fn run_options(only: Vec<String>) -> RunOptions {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    RunOptions { only, now: Some(now) }
}

/// Runs a loaded config over `inputs`.
fn judge(loaded: &LoadedConfig, inputs: &dyn mlgate_core::Inputs, options: &RunOptions) -> Judged {
    let report = mlgate_engine::run(loaded, inputs, options)?;
    Ok((report, loaded.config.settings.fail_on))
}

/// Writes a command's report (or, when it could not be judged, the reports that carry the
/// error) and gives the exit code. `config`: the config file the run read, if any.
fn finish(judged: Judged, output: &OutputArgs, config: Option<&str>) -> Result<i32, Error> {
    let annotated = config.map(AnnotatedConfig::new);
    match judged {
        Ok((report, fail_on)) => output.emit(&report, fail_on, annotated.as_ref()),
        Err(error) => Err(output.emit_error(config.unwrap_or_default(), error, annotated.as_ref())),
    }
}

/// `mlgate check`: the config's gates over the files below its folder (confined to the
/// workspace unless allowed), its git files and live queries.
fn check(args: CheckArgs) -> Result<i32, Error> {
    let judged = check_run(&args);
    // A judged run's verdict goes to MLflow (as in the Action: a run that could not be judged
    // has no verdict to record, and exits 2 anyway).
    let logged = match (&args.mlflow_log, &judged) {
        (Some(run_id), Ok((report, _))) => Some((run_id, report.clone())),
        _ => None,
    };
    let code = finish(judged, &args.output, Some(&args.config))?;
    if let Some((run_id, report)) = logged {
        // The server the config names (it loaded: the run was judged).
        let settings = read_config(&args.config)
            .ok()
            .and_then(|text| mlgate_engine::load(&args.config, &text).ok())
            .and_then(|loaded| loaded.config.settings.mlflow);
        live::log_to_mlflow(settings.as_ref(), run_id, &report)?;
    }
    Ok(code)
}

/// The run of `mlgate check`, up to its report.
fn check_run(args: &CheckArgs) -> Judged {
    let text = read_config(&args.config)?;
    let limits = yaml::Limits {
        max_depth: args.max_yaml_depth,
        max_nodes: args.max_yaml_nodes,
        depth_hint: " (--max-yaml-depth raises it)",
        nodes_hint: " (--max-yaml-nodes raises it)",
    };
    let loaded = mlgate_engine::load_with(&args.config, &text, limits)?;
    let root = Path::new(&args.config).parent().unwrap_or(Path::new("."));
    let root = if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    };
    let options = run_options(args.only.clone());
    let fs = if args.allow_outside_workspace {
        FsInputs::new(root)
    } else {
        let workspace = workspace_of(root);
        FsInputs::confined(root, &workspace).map_err(|e| {
            Error::input(
                workspace.display().to_string(),
                format!("cannot open the workspace: {e}"),
            )
        })?
    };
    let files = ProgressInputs::new(fs, root);
    let inputs = WithResolved {
        files,
        resolved: resolve_sources(&loaded, root)?,
    };
    let judged = judge(&loaded, &inputs, &options);
    inputs.files.finish();
    judged
}

/// `mlgate data validate|infer|drift`: a data gate from the flags (or a gate file) over one file.
fn data(command: DataCommand) -> Result<i32, Error> {
    match command {
        DataCommand::Validate { file, gate, output } => {
            let run = || -> Judged {
                let gate_text = match &gate {
                    Some(g) => Some(read_config(g)?),
                    None => None,
                };
                let loaded = adhoc::data_validate(&file, gate.as_deref().zip(gate_text.as_deref()))?;
                let inputs = WithResolved {
                    files: ProgressInputs::new(FsInputs::new("."), "."),
                    resolved: resolve_sources(&loaded, Path::new("."))?,
                };
                let judged = judge(&loaded, &inputs, &run_options(Vec::new()));
                inputs.files.finish();
                judged
            };
            finish(run(), &output, gate.as_deref())
        }
        DataCommand::Infer { file } => {
            let inputs = ProgressInputs::new(FsInputs::new("."), ".");
            let text = adhoc::data_infer(&file, &inputs);
            inputs.finish();
            output::write_out(None, &text?)?;
            Ok(0)
        }
        DataCommand::Drift {
            current,
            reference,
            method,
            columns,
            threshold,
            output,
        } => {
            let columns = (!columns.is_empty()).then_some(columns);
            let inputs = ProgressInputs::new(FsInputs::new("."), ".");
            let judged = adhoc::data_drift(&current, &reference, method, columns, threshold)
                .and_then(|loaded| judge(&loaded, &inputs, &run_options(Vec::new())));
            inputs.finish();
            finish(judged, &output, None)
        }
    }
}

/// `mlgate metrics compare`: one metrics gate from the flags.
fn metrics_compare(args: CompareArgs) -> Result<i32, Error> {
    let bounds = MetricBounds {
        min: args.min,
        max: args.max,
        max_regression: args.max_regression,
        max_regression_rel: args.max_regression_rel,
        direction: args.direction,
    };
    let predictions = args.predictions.map(|current| adhoc::PredictionArgs {
        current,
        baseline: args.baseline_predictions,
        label: args.label.unwrap_or_default(),
        prediction: args.prediction.unwrap_or_default(),
        id_column: args.id,
    });
    // Nothing named: every metric of the file is reported, passing ones too (the diff table).
    let mut output = args.output;
    if args.metric.is_empty() && bounds.is_empty() {
        output.show_passing();
    }
    let inputs = FsInputs::new(".");
    let judged = adhoc::metrics_compare(
        args.current.as_deref(),
        args.baseline.as_deref(),
        predictions,
        &args.metric,
        &bounds,
        &inputs,
    )
    .and_then(|loaded| judge(&loaded, &inputs, &run_options(Vec::new())));
    finish(judged, &output, None)
}

/// A config (or gate) file as text, with errors that name it.
fn read_config(path: &str) -> Result<String, Error> {
    let text = std::fs::read(path).map_err(|e| {
        let why = if e.kind() == std::io::ErrorKind::NotFound {
            "no such file".to_string()
        } else {
            e.to_string()
        };
        Error::input(path, format!("cannot read the config file: {why}"))
    })?;
    String::from_utf8(text).map_err(|e| {
        Error::input(
            path,
            format!(
                "not UTF-8 text (invalid byte at offset {}); expected a YAML file",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}
