//! MLflow sources (`{mlflow: {run | experiment | model, artifact}}`), resolved by the host before
//! the run, with the logic here once for both hosts.
//!
//! A source is a chain of REST calls, each needing the answer before it:
//! - `run: ID` — `runs/get`;
//! - `experiment: NAME, filter: F` — `experiments/get-by-name`, then `runs/search` in that
//!   experiment with the filter, the latest start first, one run: the latest match; then `runs/get`;
//! - `model: NAME, alias: A` — `registered-models/alias`, giving the version and its run; then
//!   `runs/get`; `model: NAME, version: V` — `model-versions/get`, then `runs/get`;
//! - with `artifact: PATH`, finally the file through the server's artifact proxy
//!   (`mlflow-artifacts/artifacts/<the run's artifact root>/PATH`).
//!
//! The host asks [`requests`] for the calls whose answers it does not have yet, performs them,
//! checks each answer with [`response`], and asks again until nothing is left; then it hands
//! every answer over under its request's key. The run walks the same chains over those answers
//! ([`resolve`]): a source's bytes are the `runs/get` answer (a run's metrics: MLflow's latest
//! value of each, the value at the highest step) or the artifact's bytes, and the report says
//! what each source resolved to.
//!
//! Credentials come from the host's environment only ([`MlflowEnv`]): a bearer token
//! (`MLFLOW_TRACKING_TOKEN`, or `DATABRICKS_TOKEN` with `tracking_uri: databricks`) or basic
//! authentication; they ride in request headers, never in keys, messages or the report.

use std::collections::BTreeMap;

use mlgate_core::report::ResolvedSource;
use mlgate_core::{Error, FileRef, Input, Inputs, Location, MlflowSettings, MlflowSource, Report};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::config::LoadedConfig;

/// How long a host waits for one answer.
pub const TIMEOUT_MS: u64 = 60_000;

/// The environment variables [`MlflowEnv`] holds, as a host reads them.
pub const ENV_NAMES: [&str; 6] = [
    "MLFLOW_TRACKING_URI",
    "MLFLOW_TRACKING_TOKEN",
    "MLFLOW_TRACKING_USERNAME",
    "MLFLOW_TRACKING_PASSWORD",
    "DATABRICKS_HOST",
    "DATABRICKS_TOKEN",
];

/// The MLflow variables of the host's environment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE", default)]
pub struct MlflowEnv {
    pub mlflow_tracking_uri: Option<String>,
    pub mlflow_tracking_token: Option<String>,
    pub mlflow_tracking_username: Option<String>,
    pub mlflow_tracking_password: Option<String>,
    pub databricks_host: Option<String>,
    pub databricks_token: Option<String>,
}

impl MlflowEnv {
    /// The variables of this process's environment (the native host).
    pub fn from_process() -> MlflowEnv {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        MlflowEnv {
            mlflow_tracking_uri: var("MLFLOW_TRACKING_URI"),
            mlflow_tracking_token: var("MLFLOW_TRACKING_TOKEN"),
            mlflow_tracking_username: var("MLFLOW_TRACKING_USERNAME"),
            mlflow_tracking_password: var("MLFLOW_TRACKING_PASSWORD"),
            databricks_host: var("DATABRICKS_HOST"),
            databricks_token: var("DATABRICKS_TOKEN"),
        }
    }
}

/// One REST call as the request a host performs. `headers` may hold a credential: a host never
/// prints a request.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpRequest {
    /// The key its answer is handed over under.
    pub key: String,
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    pub timeout_ms: u64,
    /// What messages call the object asked for (`registered model "churn", alias "champion"`).
    pub what: String,
    /// Where the config declares the source.
    pub declared_at: Option<Location>,
}

impl std::fmt::Debug for HttpRequest {
    // Without the headers: they carry the credentials.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpRequest")
            .field("key", &self.key)
            .field("method", &self.method)
            .field("url", &self.url)
            .field("what", &self.what)
            .finish_non_exhaustive()
    }
}

impl HttpRequest {
    /// An error about this call, at the config line that declares the source.
    pub fn error(&self, message: impl Into<String>) -> Error {
        let e = Error::input(format!("MLflow {}", self.what), message);
        match &self.declared_at {
            Some(at) => e.declared_at(at),
            None => e,
        }
    }
}

/// One call of a chain, before the server and credentials are added.
#[derive(Debug, Clone, PartialEq)]
struct Call {
    method: &'static str,
    /// Path and query under the server's URL.
    path: String,
    body: Option<String>,
    what: String,
}

impl Call {
    fn get(path: String, what: String) -> Call {
        Call {
            method: "GET",
            path,
            body: None,
            what,
        }
    }

    /// The request a host performs: the call on the server `base`, with its `headers` (and a
    /// JSON content type when it has a body).
    fn request(self, base: &str, headers: &[(String, String)], declared_at: Option<Location>) -> HttpRequest {
        let mut headers = headers.to_vec();
        if self.body.is_some() {
            headers.push(("content-type".into(), "application/json".into()));
        }
        HttpRequest {
            key: self.key(),
            method: self.method.into(),
            url: format!("{base}{}", self.path),
            headers,
            body: self.body,
            timeout_ms: TIMEOUT_MS,
            what: self.what,
            declared_at,
        }
    }

    /// The key of its answer: the call itself, without the server (the run reads answers by it).
    fn key(&self) -> String {
        match &self.body {
            Some(body) => format!("mlflow-api:{} {} {body}", self.method, self.path),
            None => format!("mlflow-api:{} {}", self.method, self.path),
        }
    }
}

/// Where a chain stands over the answers at hand.
enum Walk {
    /// The next call, whose answer is not at hand.
    Need(Call),
    /// Every answer is at hand: the source's bytes and what it resolved to.
    Done(Vec<u8>, ResolvedSource),
}

const API: &str = "/api/2.0/mlflow";

fn query(pairs: &[(&str, &str)]) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        q.append_pair(k, v);
    }
    q.finish()
}

/// A JSON answer's field at `pointer`, as text.
fn field(answer: &Value, pointer: &str) -> Option<String> {
    match answer.pointer(pointer)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An answer at hand, as JSON (`None`: not at hand).
type Answers<'a> = &'a dyn Fn(&str) -> Option<Vec<u8>>;

fn json(answer: Answers<'_>, call: &Call) -> Result<Option<Value>, String> {
    match answer(&call.key()) {
        Some(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| format!("{}: the answer is not JSON: {e}", call.what)),
        None => Ok(None),
    }
}

/// A step of a chain: its result, or the call whose answer is missing.
type Step<T> = Result<Result<T, Call>, String>;

/// The latest run of an experiment matching the source's filter.
fn experiment_run(experiment: &str, filter: Option<&String>, answer: Answers<'_>) -> Step<String> {
    let by_name = Call::get(
        format!(
            "{API}/experiments/get-by-name?{}",
            query(&[("experiment_name", experiment)])
        ),
        format!("experiment {experiment:?}"),
    );
    let Some(found) = json(answer, &by_name)? else {
        return Ok(Err(by_name));
    };
    let id = field(&found, "/experiment/experiment_id")
        .ok_or_else(|| format!("{}: the answer names no experiment id", by_name.what))?;
    let body = serde_json::json!({
        "experiment_ids": [id],
        "filter": filter.cloned().unwrap_or_default(),
        "max_results": 1,
        "order_by": ["attributes.start_time DESC"],
    });
    let search = Call {
        method: "POST",
        path: format!("{API}/runs/search"),
        body: Some(body.to_string()),
        what: format!("runs of experiment {experiment:?}"),
    };
    let Some(runs) = json(answer, &search)? else {
        return Ok(Err(search));
    };
    let run = field(&runs, "/runs/0/info/run_id").ok_or_else(|| match filter {
        Some(filter) => format!("no run of experiment {experiment:?} matches the filter {filter:?}"),
        None => format!("experiment {experiment:?} has no run"),
    })?;
    Ok(Ok(run))
}

/// The run behind a registered model's alias or version, and that version.
fn model_run(model: &str, source: &MlflowSource, answer: Answers<'_>) -> Step<(String, Option<String>)> {
    let call = match (&source.alias, source.version) {
        (Some(alias), _) => Call::get(
            format!(
                "{API}/registered-models/alias?{}",
                query(&[("name", model), ("alias", alias)])
            ),
            format!("registered model {model:?}, alias {alias:?}"),
        ),
        (_, version) => {
            let version = version.unwrap_or_default().to_string();
            Call::get(
                format!(
                    "{API}/model-versions/get?{}",
                    query(&[("name", model), ("version", &version)])
                ),
                format!("registered model {model:?}, version {version}"),
            )
        }
    };
    let Some(found) = json(answer, &call)? else {
        return Ok(Err(call));
    };
    let run = field(&found, "/model_version/run_id")
        .ok_or_else(|| format!("{}: this model version names no run", call.what))?;
    Ok(Ok((run, field(&found, "/model_version/version"))))
}

/// Where `artifact` of the run (its `runs/get` answer) is, through the server's artifact proxy.
fn artifact_path(run: &[u8], run_id: &str, artifact: &str) -> Result<String, String> {
    let run: Value = serde_json::from_slice(run).map_err(|e| format!("run {run_id}: the answer is not JSON: {e}"))?;
    let root = field(&run, "/run/info/artifact_uri").unwrap_or_default();
    let Some(proxied) = root.strip_prefix("mlflow-artifacts:") else {
        return Err(format!(
            "run {run_id} keeps its artifacts at {root:?}, which this server does not proxy; \
             expected an artifact root of the form mlflow-artifacts:/... (start the server with \
             --artifacts-destination, or with --serve-artifacts)"
        ));
    };
    let path: Vec<String> = (proxied.trim_start_matches('/').split('/'))
        .chain(artifact.split('/'))
        .filter(|p| !p.is_empty())
        .map(path_segment)
        .collect();
    Ok(format!("/api/2.0/mlflow-artifacts/artifacts/{}", path.join("/")))
}

/// Walks the chain of `source` over the answers `answer` gives.
fn walk(source: &MlflowSource, answer: Answers<'_>) -> Result<Walk, String> {
    let (run_id, version) = match (&source.run, &source.experiment, &source.model) {
        (Some(run), _, _) => (run.clone(), None),
        (_, Some(experiment), _) => match experiment_run(experiment, source.filter.as_ref(), answer)? {
            Ok(run) => (run, None),
            Err(call) => return Ok(Walk::Need(call)),
        },
        (_, _, Some(model)) => match model_run(model, source, answer)? {
            Ok(found) => found,
            Err(call) => return Ok(Walk::Need(call)),
        },
        _ => return Err("expected exactly one of `run`, `experiment` or `model`".into()),
    };
    let get = Call::get(
        format!("{API}/runs/get?{}", query(&[("run_id", &run_id)])),
        format!("run {run_id}"),
    );
    let Some(run) = answer(&get.key()) else {
        return Ok(Walk::Need(get));
    };
    let resolved = ResolvedSource {
        input: String::new(),
        source: source.run_label(),
        run_id: run_id.clone(),
        version,
        artifact: source.artifact.clone(),
    };
    let Some(artifact) = &source.artifact else {
        return Ok(Walk::Done(run, resolved));
    };
    let file = Call::get(
        artifact_path(&run, &run_id, artifact)?,
        format!("artifact {artifact:?} of run {run_id}"),
    );
    match answer(&file.key()) {
        Some(bytes) => Ok(Walk::Done(bytes, resolved)),
        None => Ok(Walk::Need(file)),
    }
}

/// A path segment percent-encoded (all but RFC 3986's unreserved characters).
fn path_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An error about a source, at the config line that declares it.
fn source_error(source: &MlflowSource, at: Option<&Location>, message: String) -> Error {
    let e = Error::input(format!("MLflow {}", source.run_label()), message);
    match at {
        Some(at) => e.declared_at(at),
        None => e,
    }
}

/// Every MLflow source of the config, with where it is declared.
fn sources(loaded: &LoadedConfig) -> Vec<(MlflowSource, Option<Location>)> {
    (loaded.inputs().into_iter())
        .filter_map(|(input, at)| match input {
            Input::File(FileRef::Mlflow(m)) => Some((m.mlflow, at)),
            _ => None,
        })
        .collect()
}

/// The server's URL and the headers every call carries, from the config's `settings.mlflow` and
/// the environment.
fn server(settings: Option<&MlflowSettings>, env: &MlflowEnv) -> Result<(String, Vec<(String, String)>), String> {
    let configured = settings.map(|m| m.tracking_uri.clone());
    let uri = configured
        .or_else(|| env.mlflow_tracking_uri.clone())
        .ok_or("no MLflow tracking server: set settings.mlflow.tracking_uri, or MLFLOW_TRACKING_URI")?;
    let (base, token) = if uri == "databricks" {
        let host = env
            .databricks_host
            .clone()
            .ok_or("tracking_uri is databricks, and DATABRICKS_HOST is not set")?;
        (
            host,
            env.databricks_token
                .clone()
                .or_else(|| env.mlflow_tracking_token.clone()),
        )
    } else {
        (uri, env.mlflow_tracking_token.clone())
    };
    if !(base.starts_with("http://") || base.starts_with("https://")) {
        return Err(format!(
            "the MLflow tracking URI {base:?} is not a server; expected http:// or https:// (a local \
             mlruns folder is read as a path: current: mlruns/<experiment>/<run>)"
        ));
    }
    let mut headers = vec![("accept".to_string(), "application/json".to_string())];
    match (token, &env.mlflow_tracking_username, &env.mlflow_tracking_password) {
        (Some(token), _, _) => headers.push(("authorization".into(), format!("Bearer {token}"))),
        (None, Some(user), Some(password)) => {
            let basic = base64_encode(format!("{user}:{password}").as_bytes());
            headers.push(("authorization".into(), format!("Basic {basic}")));
        }
        _ => {}
    }
    Ok((base.trim_end_matches('/').to_string(), headers))
}

/// Standard base64 (for basic authentication; four lines instead of a dependency).
fn base64_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The calls whose answers the host does not have yet (`answered`: the keys it has), at most one
/// per source, without repeats. Empty: every source can be resolved.
pub fn requests(
    loaded: &LoadedConfig,
    env: &MlflowEnv,
    answered: &BTreeMap<String, Vec<u8>>,
) -> Result<Vec<HttpRequest>, Error> {
    let all = sources(loaded);
    if all.is_empty() {
        return Ok(Vec::new());
    }
    let mut out: Vec<HttpRequest> = Vec::new();
    for (source, at) in all {
        let located = |message: String| source_error(&source, at.as_ref(), message);
        let (base, headers) = server(loaded.config.settings.mlflow.as_ref(), env).map_err(located)?;
        let answer = |key: &str| answered.get(key).cloned();
        match walk(&source, &answer).map_err(located)? {
            Walk::Done(..) => {}
            Walk::Need(call) => {
                if !out.iter().any(|r| r.key == call.key()) {
                    out.push(call.request(&base, &headers, at.clone()));
                }
            }
        }
    }
    Ok(out)
}

/// Whether an answer can be handed over: a success; anything else is an error naming the
/// MLflow object and the config line, in MLflow's own words when it gave them. Status 0 means
/// no answer came (connection refused, timeout): `body` says why, in the host's words.
pub fn response(request: &HttpRequest, status: u16, body: Vec<u8>) -> Result<Vec<u8>, Error> {
    if (200..300).contains(&status) {
        return Ok(body);
    }
    let server = request.url.split("/api/").next().unwrap_or(&request.url);
    if status == 0 {
        let why = String::from_utf8_lossy(&body);
        return Err(request.error(format!("cannot reach the MLflow server at {server}: {why}")));
    }
    if status == 401 || status == 403 {
        return Err(request.error(format!(
            "the MLflow server at {server} refused the request (HTTP {status}); set MLFLOW_TRACKING_TOKEN, \
             or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, to credentials it accepts"
        )));
    }
    let message = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| v.get("message").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_else(|| String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned());
    Err(request.error(format!("MLflow answered HTTP {status}: {message}")))
}

/// The run's side: every MLflow source's bytes under its key, from the answers the host handed
/// over, and what each resolved to (by key). A source the host did not resolve is an error.
pub fn resolve(
    loaded: &LoadedConfig,
    inputs: &dyn Inputs,
) -> Result<BTreeMap<String, (Vec<u8>, ResolvedSource)>, Error> {
    let mut out = BTreeMap::new();
    let mut errors = Vec::new();
    for (source, at) in sources(loaded) {
        let key = FileRef::Mlflow(mlgate_core::MlflowFile { mlflow: source.clone() }).key();
        if out.contains_key(&key) {
            continue;
        }
        let answer = |key: &str| inputs.read(key).ok();
        let located = |message: String| source_error(&source, at.as_ref(), message);
        match walk(&source, &answer) {
            Ok(Walk::Done(bytes, resolved)) => {
                out.insert(key, (bytes, resolved));
            }
            Ok(Walk::Need(call)) => errors.push(located(format!(
                "the host did not fetch {} ({} {}) before the run",
                call.what, call.method, call.path
            ))),
            Err(message) => errors.push(located(message)),
        }
    }
    match Error::all(errors) {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// The calls that record a run's verdict on the MLflow run `run_id` (`--mlflow-log`): its
/// artifact root first (`runs/get`), then the JSON report as the artifact `mlgate/report.json`
/// and the tags `mlgate.verdict` and `mlgate.failed_checks`. Like [`requests`]: the calls not
/// answered yet, none when all are.
pub fn log_requests(
    settings: Option<&MlflowSettings>,
    env: &MlflowEnv,
    run_id: &str,
    report: &Report,
    answered: &BTreeMap<String, Vec<u8>>,
) -> Result<Vec<HttpRequest>, Error> {
    let located = |message: String| Error::input(format!("MLflow run {run_id}"), message);
    let (base, headers) = server(settings, env).map_err(located)?;
    let request = |call: Call| call.request(&base, &headers, None);
    let get = Call::get(
        format!("{API}/runs/get?{}", query(&[("run_id", run_id)])),
        format!("run {run_id}"),
    );
    let Some(run) = answered.get(&get.key()) else {
        return Ok(vec![request(get)]);
    };
    let report_path = artifact_path(run, run_id, "mlgate/report.json").map_err(located)?;
    let tag = |key: &str, value: String| Call {
        method: "POST",
        path: format!("{API}/runs/set-tag"),
        body: Some(serde_json::json!({"run_id": run_id, "key": key, "value": value}).to_string()),
        what: format!("tag {key:?} of run {run_id}"),
    };
    let failed = report.summary.fail + report.summary.error;
    let calls = [
        Call {
            method: "PUT",
            path: report_path,
            body: Some(crate::render::json(report)),
            what: format!("artifact \"mlgate/report.json\" of run {run_id}"),
        },
        tag("mlgate.verdict", report.verdict.as_str().to_string()),
        tag("mlgate.failed_checks", failed.to_string()),
    ];
    Ok(calls
        .into_iter()
        .filter(|c| !answered.contains_key(&c.key()))
        .map(request)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::load;

    const CONFIG: &str = "version: 1\nsettings: { mlflow: { tracking_uri: \"http://mlflow.test:5000/\" } }\nmetrics:\n  - name: m\n    current: { mlflow: { run: r1 } }\n    baseline: { mlflow: { model: churn, alias: champion } }\n    thresholds: { accuracy: { max_regression: 0.01 } }\n";

    fn env(token: Option<&str>, user: Option<(&str, &str)>) -> MlflowEnv {
        MlflowEnv {
            mlflow_tracking_token: token.map(str::to_string),
            mlflow_tracking_username: user.map(|u| u.0.to_string()),
            mlflow_tracking_password: user.map(|u| u.1.to_string()),
            ..MlflowEnv::default()
        }
    }

    #[test]
    fn each_source_asks_for_its_next_call_with_the_credentials_in_a_header_only() {
        let loaded = load("mlgate.yaml", CONFIG).unwrap();
        let mut answers = BTreeMap::new();
        let first = requests(&loaded, &env(Some("tok-SECRET"), None), &answers).unwrap();
        assert_eq!(
            first
                .iter()
                .map(|r| (r.method.as_str(), r.url.as_str()))
                .collect::<Vec<_>>(),
            [
                ("GET", "http://mlflow.test:5000/api/2.0/mlflow/runs/get?run_id=r1"),
                (
                    "GET",
                    "http://mlflow.test:5000/api/2.0/mlflow/registered-models/alias?name=churn&alias=champion"
                ),
            ]
        );
        assert!(
            first[0]
                .headers
                .contains(&("authorization".into(), "Bearer tok-SECRET".into()))
        );
        for r in &first {
            assert!(!format!("{r:?}").contains("SECRET") && !r.key.contains("SECRET") && !r.what.contains("SECRET"));
        }
        // Basic authentication when there is no token.
        let basic = requests(&loaded, &env(None, Some(("user", "p@ss"))), &answers).unwrap();
        assert!(
            basic[0]
                .headers
                .contains(&("authorization".into(), "Basic dXNlcjpwQHNz".into()))
        );
        // The alias names version 7 and its run: the next call is that run.
        answers.insert(first[0].key.clone(), br#"{"run": {"info": {"run_id": "r1"}}}"#.to_vec());
        answers.insert(
            first[1].key.clone(),
            br#"{"model_version": {"version": "7", "run_id": "r7"}}"#.to_vec(),
        );
        let second = requests(&loaded, &MlflowEnv::default(), &answers).unwrap();
        assert_eq!(second.len(), 1);
        assert_eq!(
            second[0].url,
            "http://mlflow.test:5000/api/2.0/mlflow/runs/get?run_id=r7"
        );
        answers.insert(
            second[0].key.clone(),
            br#"{"run": {"info": {"run_id": "r7"}}}"#.to_vec(),
        );
        assert!(requests(&loaded, &MlflowEnv::default(), &answers).unwrap().is_empty());
        // The run reads the same chains over the answers.
        let mut handed = mlgate_core::MemoryInputs::new();
        for (k, v) in &answers {
            handed.insert(k.clone(), v.clone());
        }
        let resolved = resolve(&loaded, &handed).unwrap();
        let (_, champion) = &resolved["mlflow-run:churn@champion"];
        assert_eq!(
            (champion.run_id.as_str(), champion.version.as_deref()),
            ("r7", Some("7"))
        );
        assert_eq!(champion.describe(), "churn@champion = version 7, run r7");
    }

    #[test]
    fn the_server_comes_from_the_config_else_the_environment() {
        let bare = CONFIG.replace(
            "settings: { mlflow: { tracking_uri: \"http://mlflow.test:5000/\" } }\n",
            "",
        );
        let loaded = load("mlgate.yaml", &bare).unwrap();
        let e = requests(&loaded, &MlflowEnv::default(), &BTreeMap::new()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "mlgate.yaml:4:14: metrics[0].current: MLflow run r1: no MLflow tracking server: set settings.mlflow.tracking_uri, or MLFLOW_TRACKING_URI"
        );
        let from_env = MlflowEnv {
            mlflow_tracking_uri: Some("https://mlflow.example".into()),
            ..MlflowEnv::default()
        };
        let r = requests(&loaded, &from_env, &BTreeMap::new()).unwrap();
        assert!(r[0].url.starts_with("https://mlflow.example/api/2.0/mlflow/runs/get"));
        let databricks = MlflowEnv {
            mlflow_tracking_uri: Some("databricks".into()),
            databricks_host: Some("https://dbc-1.cloud.databricks.com".into()),
            databricks_token: Some("dapiSECRET".into()),
            ..MlflowEnv::default()
        };
        let r = requests(&loaded, &databricks, &BTreeMap::new()).unwrap();
        assert!(
            r[0].url
                .starts_with("https://dbc-1.cloud.databricks.com/api/2.0/mlflow/")
        );
        assert!(
            r[0].headers
                .contains(&("authorization".into(), "Bearer dapiSECRET".into()))
        );
        let file_uri = MlflowEnv {
            mlflow_tracking_uri: Some("file:///tmp/mlruns".into()),
            ..MlflowEnv::default()
        };
        let e = requests(&loaded, &file_uri, &BTreeMap::new()).unwrap_err();
        assert!(
            e.to_string().contains("is not a server; expected http:// or https://"),
            "{e}"
        );
    }

    #[test]
    fn answers_that_are_not_successes_name_the_object_in_mlflows_words() {
        let loaded = load("mlgate.yaml", CONFIG).unwrap();
        let r = &requests(&loaded, &MlflowEnv::default(), &BTreeMap::new()).unwrap()[1];
        let e = response(
            r,
            400,
            br#"{"error_code": "INVALID_PARAMETER_VALUE", "message": "Registered model alias champion not found."}"#
                .to_vec(),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "mlgate.yaml:6:15: metrics[0].baseline: MLflow registered model \"churn\", alias \"champion\": MLflow answered HTTP 400: Registered model alias champion not found."
        );
        let e = response(r, 403, Vec::new()).unwrap_err();
        assert!(e.to_string().ends_with("the MLflow server at http://mlflow.test:5000 refused the request (HTTP 403); set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, to credentials it accepts"), "{e}");
        let e = response(r, 0, b"connection refused".to_vec()).unwrap_err();
        assert!(
            e.to_string()
                .ends_with("cannot reach the MLflow server at http://mlflow.test:5000: connection refused"),
            "{e}"
        );
        assert_eq!(response(r, 200, b"{}".to_vec()).unwrap(), b"{}");
    }

    #[test]
    fn sources_that_name_no_run_or_two_are_config_errors_at_their_line() {
        let errors = |text: &str| load("mlgate.yaml", text).unwrap_err().to_string();
        let both = CONFIG.replace("{ run: r1 }", "{ run: r1, model: churn, alias: champion }");
        assert_eq!(
            errors(&both),
            "mlgate.yaml:5:24: metrics[0].current.mlflow: expected exactly one of `run`, `experiment` or `model`"
        );
        let alias_alone = CONFIG.replace("{ run: r1 }", "{ run: r1, alias: champion }");
        assert!(
            errors(&alias_alone)
                .ends_with("`alias` and `version` name a registered model's version: they go with `model`")
        );
        let neither = CONFIG.replace("model: churn, alias: champion", "model: churn");
        assert!(errors(&neither).ends_with("a registered model needs exactly one of `alias` or `version`"));
        let up = CONFIG.replace("{ run: r1 }", "{ run: r1, artifact: ../x.json }");
        assert!(errors(&up).contains("without `..` or empty parts"), "{}", errors(&up));
        let predictions = "version: 1\nmetrics:\n  - name: m\n    thresholds: { roc_auc: { source: predictions, min: 0.5 } }\n    predictions:\n      current: { mlflow: { run: r1 } }\n      label_column: y\n      prediction_column: p\n";
        assert_eq!(
            errors(predictions),
            "mlgate.yaml:6:26: metrics[0].predictions.current.mlflow: predictions are a file the run logged; expected `artifact: PATH` (preds/test.parquet)"
        );
        let drift = "version: 1\ndata:\n  - name: d\n    path: d.csv\n    drift: { reference: { mlflow: { run: r1, artifact: d.csv } } }\n";
        assert!(
            errors(drift).contains("data[0].drift.reference.mlflow: MLflow sources are read by metrics gates"),
            "{}",
            errors(drift)
        );
    }

    #[test]
    fn base64_as_rfc_4648_writes_it() {
        assert_eq!(base64_encode(b""), "");
        assert_eq!(base64_encode(b"f"), "Zg==");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
        assert_eq!(base64_encode(b"foo"), "Zm9v");
        assert_eq!(base64_encode(b"user:p@ss"), "dXNlcjpwQHNz");
    }
}
