//! What a host must do before a run, computed once here for both hosts: the files a config
//! reads, the files it takes from git, and its live queries as finished requests. The native
//! CLI and the Action's JavaScript only perform them and hand the bytes over; each answer to a
//! live request goes through [`live_response`], so both hosts accept and refuse alike.
//!
//! Relative times (`now`, `-30m`) are turned into unix timestamps against the `now` the host
//! gives (wasm has no clock), with Prometheus' duration units; `step` defaults to 15s.

use mlgate_core::time::duration_secs;
use mlgate_core::{Error, FileRef, Input, LiveQuery, Location};
use serde::{Deserialize, Serialize};

use crate::config::LoadedConfig;

/// How long a host waits for one live answer.
pub const LIVE_TIMEOUT_MS: u64 = 60_000;
/// The default resolution step of a range query.
const DEFAULT_STEP: &str = "15s";

/// Everything a run of this config will read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Needs {
    /// Paths relative to the config's folder, as written in the config (a directory means every
    /// file below it, as an MLflow run).
    pub files: Vec<String>,
    /// Live queries, each a GET request whose answer goes through [`live_response`] and is
    /// handed over under its `key`.
    pub live: Vec<LiveRequest>,
    /// Files at git revisions, each to be read (`git show`, or the GitHub contents API) and
    /// handed over under its `key`.
    pub git: Vec<GitNeed>,
    /// `settings.max_input_mb` in bytes: a host leaves a larger file unread and hands over its
    /// size instead ([`mlgate_core::MemoryInputs::insert_unread`]); the run refuses it as the
    /// CLI does.
    pub max_input_bytes: u64,
}

/// One file at a git revision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GitNeed {
    /// `REV:path`, the key the gates read it under.
    pub key: String,
    /// The revision as written; `None` means the base branch (the pull request's base commit).
    pub git: Option<String>,
    /// The path relative to the config's folder.
    pub path: String,
    /// Where the config declares it (`file:line:column: path`), for error messages.
    pub declared_at: Option<String>,
}

/// One live query, as the request a host performs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiveRequest {
    /// The key its answer is handed over under.
    pub key: String,
    /// The whole URL of a GET request, query string included.
    pub url: String,
    /// How long to wait for the answer.
    pub timeout_ms: u64,
    /// How messages name the source: `http://host:9090/api/v1 ("query")`.
    pub source: String,
    /// Where the config declares it.
    pub declared_at: Option<Location>,
}

impl LiveRequest {
    /// An error about this source, at the config line that declares it.
    pub fn error(&self, message: impl Into<String>) -> Error {
        let e = Error::input(&self.source, message);
        match &self.declared_at {
            Some(at) => e.declared_at(at),
            None => e,
        }
    }
}

/// The files, git files and live requests of a loaded config, in config order, without
/// repeats; `now` (unix seconds) resolves relative times.
pub fn needs(loaded: &LoadedConfig, now: f64) -> Result<Needs, Error> {
    let (mut files, mut live, mut git) = (Vec::new(), Vec::new(), Vec::new());
    for (input, at) in loaded.inputs() {
        match input {
            Input::File(FileRef::Path(path)) => files.push(path),
            Input::File(FileRef::Git(file)) => git.push(GitNeed {
                key: file.key(),
                git: file.git,
                path: file.path,
                declared_at: at.map(|a| a.to_string()),
            }),
            Input::Live(query) => live.push(live_request(&query, at, now)?),
            // A chain of calls: `mlflow::requests`.
            Input::File(FileRef::Mlflow(_)) => {}
        }
    }
    Ok(Needs {
        files,
        live,
        git,
        max_input_bytes: loaded.config.settings.max_input_bytes(),
    })
}

/// The live queries of a config as requests, relative times resolved against `now`.
pub fn live_requests(loaded: &LoadedConfig, now: f64) -> Result<Vec<LiveRequest>, Error> {
    (loaded.live_queries().into_iter())
        .map(|(query, at)| live_request(&query, at, now))
        .collect()
}

/// One live query as a request; a relative time that is not a duration names its config line.
fn live_request(query: &LiveQuery, at: Option<Location>, now: f64) -> Result<LiveRequest, Error> {
    let base = query.url.trim_end_matches('/');
    let mut request = LiveRequest {
        key: query.key(),
        url: String::new(),
        timeout_ms: LIVE_TIMEOUT_MS,
        source: format!("{base}/api/v1 ({:?})", query.query),
        declared_at: at,
    };
    request.url = request_url(base, query, now).map_err(|message| request.error(message))?;
    Ok(request)
}

/// `query_range` with start, end (default now) and step when `start` is set; else an instant
/// `query`, at `end` when set.
fn request_url(base: &str, q: &LiveQuery, now: f64) -> Result<String, String> {
    let mut params = form_urlencoded::Serializer::new(String::new());
    params.append_pair("query", &q.query);
    let endpoint = match &q.start {
        Some(start) => {
            params.append_pair("start", &time_param(start, now)?);
            params.append_pair("end", &time_param(q.end.as_deref().unwrap_or("now"), now)?);
            params.append_pair("step", q.step.as_deref().unwrap_or(DEFAULT_STEP));
            "query_range"
        }
        None => {
            if let Some(t) = &q.end {
                params.append_pair("time", &time_param(t, now)?);
            }
            "query"
        }
    };
    Ok(format!("{base}/api/v1/{endpoint}?{}", params.finish()))
}

/// Whether a live answer can be handed to the gates: a success, or Prometheus' JSON error
/// envelope (400, 422, 503), whose own message the gate then reports. Anything else is an
/// error naming the source and its config line. Status 0 means that no answer came
/// (connection refused, timeout): `body` then says why, in the host's words.
pub fn live_response(request: &LiveRequest, status: u16, body: Vec<u8>) -> Result<Vec<u8>, Error> {
    if status == 0 {
        let why = String::from_utf8_lossy(&body);
        return Err(request.error(format!("cannot query Prometheus: {why}")));
    }
    if (200..300).contains(&status) || body.starts_with(b"{") {
        return Ok(body);
    }
    let shown = String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned();
    Err(request.error(format!("Prometheus answered HTTP {status}: {shown}")))
}

/// `now`, `-30m` (relative to now), a unix timestamp, or RFC 3339 (passed on as written).
fn time_param(t: &str, now: f64) -> Result<String, String> {
    let t = t.trim();
    if t == "now" {
        return Ok(format!("{now:.3}"));
    }
    if let Some(rel) = t.strip_prefix('-') {
        let secs =
            duration_secs(rel).ok_or_else(|| format!("{t:?} is not a duration; expected e.g. -30m or -1h30m"))?;
        return Ok(format!("{:.3}", now - secs));
    }
    Ok(t.to_string())
}

#[cfg(test)]
mod tests {
    use mlgate_core::{InputError, Inputs, MemoryInputs};

    use super::*;
    use crate::load;
    use crate::run::{RunOptions, run};

    #[test]
    fn a_file_left_unread_is_refused_by_its_size_as_the_cli_refuses_it() {
        let text = "version: 1\nsettings: { max_input_mb: 1 }\nmetrics:\n  - name: m\n    current: ./runs//m.json\n    thresholds: { accuracy: { min: 0.5 } }\n";
        let loaded = load("mlgate.yaml", text).unwrap();
        assert_eq!(needs(&loaded, 0.0).unwrap().max_input_bytes, 1 << 20);
        let mut handed = MemoryInputs::new();
        handed.insert("runs/other.json", b"{}".to_vec());
        handed.insert_unread("runs/m.json", 3 << 30);
        // Listed and sized like a file that was read; reading it says why it was not.
        assert_eq!(handed.size("./runs/m.json"), Some(3 << 30));
        assert!(handed.is_dir("runs"));
        assert_eq!(handed.list_files("runs").unwrap(), vec!["m.json", "other.json"]);
        assert!(matches!(handed.read("runs/m.json"), Err(InputError::Unreadable(_))));
        let error = run(&loaded, &handed, &RunOptions::default()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "mlgate.yaml:5:14: metrics[0].current: ./runs//m.json: cannot read the metric file: the file is 3072 MB, larger than the limit of 1 MB (settings.max_input_mb raises it)"
        );
    }

    #[test]
    fn durations_and_times() {
        assert_eq!(duration_secs("30m"), Some(1800.0));
        assert_eq!(duration_secs("1h30m"), Some(5400.0));
        assert_eq!(duration_secs("500ms"), Some(0.5));
        assert_eq!(duration_secs("5x"), None);
        assert_eq!(duration_secs(""), None);
        assert_eq!(time_param("-30m", 10_000.0).unwrap(), "8200.000");
        assert_eq!(time_param("now", 10_000.0).unwrap(), "10000.000");
        assert_eq!(time_param("1700000000", 0.0).unwrap(), "1700000000");
        assert!(time_param("-soon", 0.0).is_err());
    }

    #[test]
    fn live_queries_become_finished_requests_and_answers_are_checked_once() {
        let text = "version: 1\ncanary:\n  - name: c\n    baseline: { prometheus: { url: \"http://127.0.0.1:9090/\", query: 'up{job=\"a b\"}', start: -30m } }\n    canary: { prometheus: { url: \"http://127.0.0.1:9090\", query: up, end: \"1700000000\" } }\n    metrics: { up: {} }\n";
        let loaded = load("mlgate.yaml", text).unwrap();
        let requests = live_requests(&loaded, 10_000.0).unwrap();
        assert_eq!(
            requests.iter().map(|r| r.url.as_str()).collect::<Vec<_>>(),
            [
                "http://127.0.0.1:9090/api/v1/query_range?query=up%7Bjob%3D%22a+b%22%7D&start=8200.000&end=10000.000&step=15s",
                "http://127.0.0.1:9090/api/v1/query?query=up&time=1700000000",
            ]
        );
        assert_eq!(requests[0].timeout_ms, 60_000);
        // Prometheus' JSON error envelope is handed over (the gate reports its message); any
        // other failure is an error at the config line.
        assert_eq!(
            live_response(&requests[0], 400, b"{\"status\":\"error\"}".to_vec()).unwrap(),
            b"{\"status\":\"error\"}"
        );
        let e = live_response(&requests[0], 502, b"Bad Gateway".to_vec()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "mlgate.yaml:4:15: canary[0].baseline: http://127.0.0.1:9090/api/v1 (\"up{job=\\\"a b\\\"}\"): Prometheus answered HTTP 502: Bad Gateway"
        );
        let e = live_response(&requests[1], 0, b"connection refused".to_vec()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "mlgate.yaml:5:13: canary[0].canary: http://127.0.0.1:9090/api/v1 (\"up\"): cannot query Prometheus: connection refused"
        );
        // A relative time that is not a duration names the config line.
        let bad = text.replace("start: -30m", "start: -soon");
        let e = live_requests(&load("mlgate.yaml", &bad).unwrap(), 0.0).unwrap_err();
        assert!(
            e.to_string().starts_with("mlgate.yaml:4:15: canary[0].baseline: "),
            "{e}"
        );
        assert!(
            e.to_string()
                .ends_with("\"-soon\" is not a duration; expected e.g. -30m or -1h30m"),
            "{e}"
        );
    }
}
