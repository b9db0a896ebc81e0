//! WebAssembly bindings of mlgate for the GitHub Action. No logic lives here: the config text,
//! its path and the bytes the host read go to `mlgate-engine`, and the report comes back.

use std::sync::Mutex;

use mlgate_core::{Error, FailOn, MemoryInputs, NotRegular};
use mlgate_engine::{RunOptions, host, mlflow, render};
use wasm_bindgen::prelude::*;

/// The message of the last panic, for the JavaScript side to rethrow with text (a panic in wasm
/// surfaces as a bare `unreachable` trap otherwise).
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut slot) = LAST_PANIC.lock() {
            *slot = Some(info.to_string());
        }
    }));
}

/// The message of the panic that just trapped, if any.
#[wasm_bindgen(js_name = takePanicMessage)]
pub fn take_panic_message() -> Option<String> {
    LAST_PANIC.lock().ok().and_then(|mut slot| slot.take())
}

fn js_error(e: Error) -> JsError {
    JsError::new(
        &e.lines()
            .iter()
            .map(|l| format!("error: {l}"))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// What the host must do before the run, at `now` (unix seconds: wasm has no clock):
/// `{"files": [...], "git": [...], "live": [requests], "max_input_bytes": n}` (see
/// `mlgate_engine::host`).
#[wasm_bindgen]
pub fn needs(config_text: &str, config_path: &str, now: f64) -> Result<String, JsError> {
    let loaded = mlgate_engine::load(config_path, config_text).map_err(js_error)?;
    let needs = host::needs(&loaded, now).map_err(js_error)?;
    serde_json::to_string(&needs).map_err(|e| JsError::new(&e.to_string()))
}

/// One live request's answer (`request`: a request of `needs().live`, as JSON), checked as the
/// CLI checks it: the body to hand over, or the error naming the config line.
#[wasm_bindgen(js_name = liveResponse)]
pub fn live_response(request: &str, status: u16, body: Vec<u8>) -> Result<Vec<u8>, JsError> {
    let request: host::LiveRequest = serde_json::from_str(request).map_err(|e| JsError::new(&e.to_string()))?;
    host::live_response(&request, status, body).map_err(js_error)
}

/// The environment variables MLflow sources read (the host hands over those that are set).
#[wasm_bindgen(js_name = mlflowEnvNames)]
pub fn mlflow_env_names() -> Vec<String> {
    mlflow::ENV_NAMES.iter().map(ToString::to_string).collect()
}

/// The MLflow calls whose answers the host does not have yet (`keys[i]` → `answers[i]`, as
/// `mlflowResponse` gave them), as JSON requests; `[]` when every source can be resolved.
/// `env`: JSON of the variables of `mlflowEnvNames` that are set.
#[wasm_bindgen(js_name = mlflowRequests)]
pub fn mlflow_requests(
    config_text: &str,
    config_path: &str,
    env: &str,
    keys: Vec<String>,
    answers: js_sys::Array,
) -> Result<String, JsError> {
    let loaded = mlgate_engine::load(config_path, config_text).map_err(js_error)?;
    let env: mlflow::MlflowEnv = serde_json::from_str(env).map_err(|e| JsError::new(&e.to_string()))?;
    let answered = keys
        .into_iter()
        .zip(answers.iter())
        .map(|(k, v)| (k, js_sys::Uint8Array::new(&v).to_vec()))
        .collect();
    let requests = mlflow::requests(&loaded, &env, &answered).map_err(js_error)?;
    serde_json::to_string(&requests).map_err(|e| JsError::new(&e.to_string()))
}

/// The MLflow calls that record the verdict of `report_json` (the run's JSON report) on the
/// MLflow run `run_id`, not answered yet (as `mlflowRequests`); the server from the config's
/// settings when it loads, else `MLFLOW_TRACKING_URI` in `env`.
#[wasm_bindgen(js_name = mlflowLogRequests)]
pub fn mlflow_log_requests(
    config_text: &str,
    config_path: &str,
    env: &str,
    run_id: &str,
    report_json: &str,
    keys: Vec<String>,
    answers: js_sys::Array,
) -> Result<String, JsError> {
    let settings = mlgate_engine::load(config_path, config_text)
        .ok()
        .and_then(|loaded| loaded.config.settings.mlflow);
    let env: mlflow::MlflowEnv = serde_json::from_str(env).map_err(|e| JsError::new(&e.to_string()))?;
    let report: mlgate_core::Report = serde_json::from_str(report_json).map_err(|e| JsError::new(&e.to_string()))?;
    let answered = keys
        .into_iter()
        .zip(answers.iter())
        .map(|(k, v)| (k, js_sys::Uint8Array::new(&v).to_vec()))
        .collect();
    let requests = mlflow::log_requests(settings.as_ref(), &env, run_id, &report, &answered).map_err(js_error)?;
    serde_json::to_string(&requests).map_err(|e| JsError::new(&e.to_string()))
}

/// One MLflow answer (`request`: a request of `mlflowRequests`, as JSON), checked as the CLI
/// checks it: the body to hand over, or the error naming the MLflow object and config line.
#[wasm_bindgen(js_name = mlflowResponse)]
pub fn mlflow_response(request: &str, status: u16, body: Vec<u8>) -> Result<Vec<u8>, JsError> {
    let request: mlflow::HttpRequest = serde_json::from_str(request).map_err(|e| JsError::new(&e.to_string()))?;
    mlflow::response(&request, status, body).map_err(js_error)
}

/// The markdown report again, from the JSON report `run` gave, linking the HTML report at
/// `html_report_url` (where the host uploaded it).
#[wasm_bindgen]
pub fn markdown(report_json: &str, html_report_url: &str) -> Result<String, JsError> {
    let report: mlgate_core::Report = serde_json::from_str(report_json).map_err(|e| JsError::new(&e.to_string()))?;
    render::markdown::check_html_report_url(html_report_url).map_err(|e| JsError::new(&e))?;
    Ok(render::markdown(&report, Some(html_report_url)))
}

/// Runs the config over the bytes the host read (`paths[i]` → `contents[i]`, live sources under
/// their keys; a number in `contents` is the size of a file left unread for being too large, a
/// string the kind of a path that is not a regular file: `fifo`, `socket`, ...; `{missing:
/// [names]}` a file not found, with the names of the files in its folder, for "did you mean").
/// `now`: the clock's time, unix seconds (what `today` and `now` in date bounds mean).
/// Returns JSON: `{verdict, exit_code, failed_checks, report, markdown, html, annotations}`.
#[wasm_bindgen]
pub fn run(
    config_text: &str,
    config_path: &str,
    paths: Vec<String>,
    contents: js_sys::Array,
    only: Vec<String>,
    fail_on: Option<String>,
    now: f64,
) -> Result<String, JsError> {
    let loaded = mlgate_engine::load(config_path, config_text).map_err(js_error)?;
    let mut inputs = MemoryInputs::new();
    for (path, content) in paths.into_iter().zip(contents.iter()) {
        // A number stands for a file left unread: its size, over `needs().max_input_bytes`; a
        // string for a path that is not a regular file, left unopened.
        // `{missing: [names]}`: a file not found, and the names of the files in its folder.
        let missing = js_sys::Reflect::get(&content, &JsValue::from_str("missing"))
            .ok()
            .filter(js_sys::Array::is_array)
            .map(|m| {
                js_sys::Array::from(&m)
                    .iter()
                    .filter_map(|n| n.as_string())
                    .collect::<Vec<String>>()
            });
        match (content.as_f64(), content.as_string(), missing) {
            (Some(size), _, _) => inputs.insert_unread(&path, size as u64),
            (_, Some(kind), _) => inputs.insert_not_regular(&path, NotRegular::from_name(&kind)),
            (_, _, Some(siblings)) => inputs.insert_missing(&path, &siblings),
            _ => inputs.insert(path, js_sys::Uint8Array::new(&content).to_vec()),
        };
    }
    let options = RunOptions { only, now: Some(now) };
    let report = mlgate_engine::run(&loaded, &inputs, &options).map_err(js_error)?;
    let fail_on = match fail_on.as_deref() {
        Some(f) if !f.is_empty() => f
            .parse::<FailOn>()
            .map_err(|e| JsError::new(&format!("fail-on: {e}")))?,
        _ => loaded.config.settings.fail_on,
    };
    let failed = report.summary.fail + report.summary.error;
    let out = serde_json::json!({
        "verdict": report.verdict,
        "exit_code": report.verdict.exit_code(fail_on),
        "failed_checks": failed,
        "report": render::json(&report),
        "markdown": render::markdown(&report, None),
        "html": render::html(&report),
        "annotations": render::github(&report),
    });
    Ok(out.to_string())
}
