//! The native host resolves live sources before the run: Prometheus queries over HTTP.
//!
//! The engine turns each declared query into a finished request (relative times resolved
//! against now) and checks each answer ([`host::live_response`]); this module only performs the
//! requests, exactly as the Action's JavaScript does, and hands the bytes over under the
//! request's key.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use mlgate_core::Error;
use mlgate_engine::LoadedConfig;
use mlgate_engine::host::{self, LiveRequest};

/// Largest response accepted (a Prometheus answer of a few million points).
const MAX_RESPONSE_BYTES: u64 = 512 * 1024 * 1024;

/// Fetches every live query of the config.
pub fn resolve(loaded: &LoadedConfig) -> Result<BTreeMap<String, Vec<u8>>, Error> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0);
    let requests = host::live_requests(loaded, now)?;
    let mut out = BTreeMap::new();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_millis(host::LIVE_TIMEOUT_MS)))
        .http_status_as_error(false)
        .build()
        .into();
    for request in requests {
        out.insert(request.key.clone(), fetch(&agent, &request)?);
    }
    Ok(out)
}

/// A GET of the request's URL, its answer checked by the engine.
fn fetch(agent: &ureq::Agent, request: &LiveRequest) -> Result<Vec<u8>, Error> {
    let mut response = match agent.get(&request.url).call() {
        Ok(response) => response,
        // No answer is status 0, with the reason as its body.
        Err(e) => return host::live_response(request, 0, e.to_string().into_bytes()),
    };
    let status = response.status().as_u16();
    let body = (response
        .body_mut()
        .with_config()
        .limit(MAX_RESPONSE_BYTES)
        .read_to_vec())
    .map_err(|e| request.error(format!("cannot read Prometheus' answer: {e}")))?;
    host::live_response(request, status, body)
}
