//! The native host resolves live sources before the run: Prometheus queries over HTTP.
//!
//! The engine only declares the queries ([`LoadedConfig::live_queries`]); the bytes of each
//! response are handed to the gates under the query's key, exactly as the Action will hand over
//! what it fetched. Relative times (`-30m`, `now`) are turned into unix timestamps here, once.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use mlgate_canary::LiveQuery;
use mlgate_core::Error;
use mlgate_engine::LoadedConfig;

/// Largest response accepted (a Prometheus answer of a few million points).
const MAX_RESPONSE_BYTES: u64 = 512 * 1024 * 1024;
const TIMEOUT: Duration = Duration::from_secs(60);

/// Fetches every live query of the config.
pub fn resolve(loaded: &LoadedConfig) -> Result<BTreeMap<String, Vec<u8>>, Error> {
    let queries = loaded.live_queries();
    let mut out = BTreeMap::new();
    if queries.is_empty() {
        return Ok(out);
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .build()
        .into();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0);
    for (query, declared_at) in queries {
        let bytes = fetch(&agent, &query, now).map_err(|message| {
            let e = Error::input(
                format!("{}/api/v1 ({:?})", query.url.trim_end_matches('/'), query.query),
                message,
            );
            match &declared_at {
                Some(at) => e.declared_at(at),
                None => e,
            }
        })?;
        out.insert(query.key(), bytes);
    }
    Ok(out)
}

fn fetch(agent: &ureq::Agent, q: &LiveQuery, now: f64) -> Result<Vec<u8>, String> {
    let base = q.url.trim_end_matches('/');
    let request = match &q.start {
        Some(start) => agent
            .get(format!("{base}/api/v1/query_range"))
            .query("query", &q.query)
            .query("start", time_param(start, now)?)
            .query("end", time_param(q.end.as_deref().unwrap_or("now"), now)?)
            .query("step", q.step.as_deref().unwrap_or("15s")),
        None => {
            let r = agent.get(format!("{base}/api/v1/query")).query("query", &q.query);
            match &q.end {
                Some(t) => r.query("time", time_param(t, now)?),
                None => r,
            }
        }
    };
    let mut response = request.call().map_err(|e| format!("cannot query Prometheus: {e}"))?;
    let status = response.status();
    let body = response
        .body_mut()
        .with_config()
        .limit(MAX_RESPONSE_BYTES)
        .read_to_vec()
        .map_err(|e| format!("cannot read Prometheus' answer: {e}"))?;
    // Prometheus answers errors (400, 422, 503) with its JSON error envelope: hand that over so the
    // gate reports Prometheus' own message; anything else is an error of its own.
    if !status.is_success() && !body.starts_with(b"{") {
        return Err(format!(
            "Prometheus answered HTTP {status}: {}",
            String::from_utf8_lossy(&body[..body.len().min(200)])
        ));
    }
    Ok(body)
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

/// Prometheus durations: `90s`, `5m`, `1h30m`, `2d`, `1w`, `500ms`.
fn duration_secs(s: &str) -> Option<f64> {
    let mut total = 0.0;
    let mut rest = s;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let n: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
        let unit = match &rest[..unit_len] {
            "ms" => 0.001,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            "d" => 86400.0,
            "w" => 604800.0,
            "y" => 31536000.0,
            _ => return None,
        };
        total += n * unit;
        rest = &rest[unit_len..];
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
