//! The native host resolves live sources before the run: Prometheus queries and MLflow's REST
//! calls, over HTTP.
//!
//! The engine turns each declared query into a finished request (relative times resolved
//! against now; an MLflow source's next call from the answers so far) and checks each answer
//! ([`host::live_response`], [`mlflow::response`]); this module only performs the requests,
//! exactly as the Action's JavaScript does, and hands the bytes over under the request's key.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use mlgate_core::{Error, MlflowSettings, Report};
use mlgate_engine::LoadedConfig;
use mlgate_engine::host::{self, LiveRequest};
use mlgate_engine::mlflow::{self, HttpRequest, MlflowEnv};

/// Largest response accepted (a Prometheus answer of a few million points, a predictions file).
const MAX_RESPONSE_BYTES: u64 = 512 * 1024 * 1024;

fn agent(timeout_ms: u64) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_millis(timeout_ms)))
        .http_status_as_error(false)
        .build()
        .into()
}

/// Fetches every live query of the config, then every MLflow source's calls.
pub fn resolve(loaded: &LoadedConfig) -> Result<BTreeMap<String, Vec<u8>>, Error> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0);
    let requests = host::live_requests(loaded, now)?;
    let mut out = BTreeMap::new();
    let agent = agent(host::LIVE_TIMEOUT_MS);
    for request in requests {
        out.insert(request.key.clone(), fetch(&agent, &request)?);
    }
    out.extend(resolve_mlflow(loaded)?);
    Ok(out)
}

/// A GET of the request's URL, its answer checked by the engine.
fn fetch(agent: &ureq::Agent, request: &LiveRequest) -> Result<Vec<u8>, Error> {
    match agent.get(&request.url).call() {
        Ok(response) => {
            let (status, body) =
                read_answer(response).map_err(|e| request.error(format!("cannot read Prometheus' answer: {e}")))?;
            host::live_response(request, status, body)
        }
        // No answer is status 0, with the reason as its body.
        Err(e) => host::live_response(request, 0, e.to_string().into_bytes()),
    }
}

/// An answer's status and body, at most [`MAX_RESPONSE_BYTES`].
fn read_answer(mut response: ureq::http::Response<ureq::Body>) -> Result<(u16, Vec<u8>), ureq::Error> {
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .with_config()
        .limit(MAX_RESPONSE_BYTES)
        .read_to_vec()?;
    Ok((status, body))
}

/// MLflow's calls, round after round, until every source's chain is answered.
fn resolve_mlflow(loaded: &LoadedConfig) -> Result<BTreeMap<String, Vec<u8>>, Error> {
    let env = MlflowEnv::from_process();
    rounds(|answers| mlflow::requests(loaded, &env, answers))
}

/// Records a run's verdict on the MLflow run `run_id` (`--mlflow-log`).
pub fn log_to_mlflow(settings: Option<&MlflowSettings>, run_id: &str, report: &Report) -> Result<(), Error> {
    let env = MlflowEnv::from_process();
    rounds(|answers| mlflow::log_requests(settings, &env, run_id, report, answers)).map(|_| ())
}

/// Performs the calls `next` asks for, round after round, until it asks for none: the answers.
fn rounds(
    next: impl Fn(&BTreeMap<String, Vec<u8>>) -> Result<Vec<HttpRequest>, Error>,
) -> Result<BTreeMap<String, Vec<u8>>, Error> {
    let agent = agent(mlflow::TIMEOUT_MS);
    let mut answers = BTreeMap::new();
    loop {
        let requests = next(&answers)?;
        if requests.is_empty() {
            return Ok(answers);
        }
        for request in requests {
            let answer = perform(&agent, &request)?;
            answers.insert(request.key.clone(), answer);
        }
    }
}

/// One MLflow call, its answer checked by the engine.
fn perform(agent: &ureq::Agent, request: &HttpRequest) -> Result<Vec<u8>, Error> {
    let mut builder = ureq::http::Request::builder()
        .method(request.method.as_str())
        .uri(&request.url);
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    let built = builder
        .body(request.body.clone().unwrap_or_default())
        .map_err(|e| request.error(format!("cannot build the request: {e}")))?;
    match agent.run(built) {
        Ok(response) => {
            let (status, body) =
                read_answer(response).map_err(|e| request.error(format!("cannot read MLflow's answer: {e}")))?;
            mlflow::response(request, status, body)
        }
        Err(e) => mlflow::response(request, 0, e.to_string().into_bytes()),
    }
}
