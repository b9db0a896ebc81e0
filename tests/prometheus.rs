//! A real Prometheus server on 127.0.0.1, backfilled with `promtool tsdb create-blocks-from
//! openmetrics`, and `mlgate check` reading baseline and canary through live queries.
//!
//! Needs `prometheus` and `promtool` on PATH (Debian's `prometheus` package; scripts/test.sh
//! installs it when missing). The server is stopped when the test ends, pass or fail.

#![allow(
    clippy::too_many_lines,
    reason = "a test reads top to bottom, as the story it checks"
)]

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::{free_port, require_tool, run_in};

const PROMETHEUS: &str = "it installs Debian's prometheus package";
use serde_json::Value;

/// Stops the server however the test ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Status code of GET path on 127.0.0.1:port, if the server answers.
fn get_status(port: u16, path: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    stream
        .write_all(format!("GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").as_bytes())
        .ok()?;
    let mut buf = [0u8; 64];
    let n = stream.read(&mut buf).ok()?;
    std::str::from_utf8(&buf[..n])
        .ok()?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn workdir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("prometheus-e2e");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn live_prometheus_sources_are_queried_and_judged() {
    let (prometheus, promtool) = (
        require_tool("prometheus", PROMETHEUS),
        require_tool("promtool", PROMETHEUS),
    );
    let dir = workdir();
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    // 120 points, 15 s apart, ending 30 minutes ago: well inside the default retention.
    let start = now - 3600;
    let points = 120u64;
    let end = start + 15 * (points - 1);
    let mut om = String::from("# TYPE latency_ms gauge\n");
    for i in 0..points {
        let ts = start + 15 * i;
        // Baseline around 100 ms, canary 30% slower; the same small wiggle in both.
        let wiggle = ((i * 37) % 17) as f64;
        om.push_str(&format!("latency_ms{{track=\"baseline\"}} {} {ts}\n", 100.0 + wiggle));
        om.push_str(&format!("latency_ms{{track=\"canary\"}} {} {ts}\n", 130.0 + wiggle));
    }
    om.push_str("# TYPE cpu gauge\n");
    for i in 0..points {
        let ts = start + 15 * i;
        let wiggle = ((i * 53) % 13) as f64 / 10.0;
        om.push_str(&format!("cpu{{track=\"baseline\"}} {} {ts}\n", 0.5 + wiggle));
        om.push_str(&format!(
            "cpu{{track=\"canary\"}} {} {ts}\n",
            0.5 + ((i * 29) % 13) as f64 / 10.0
        ));
    }
    om.push_str("# EOF\n");
    std::fs::write(dir.join("data.om"), om).unwrap();
    let status = Command::new(&promtool)
        .args(["tsdb", "create-blocks-from", "openmetrics", "data.om", "tsdb"])
        .current_dir(&dir)
        .stdout(Stdio::null())
        .status()
        .expect("promtool runs");
    assert!(status.success(), "promtool could not backfill");
    std::fs::write(
        dir.join("prometheus.yml"),
        "global:\n  scrape_interval: 1h\nscrape_configs: []\n",
    )
    .unwrap();

    let port = free_port();
    let server = Server(
        Command::new(&prometheus)
            .args([
                "--config.file=prometheus.yml",
                "--storage.tsdb.path=tsdb",
                &format!("--web.listen-address=127.0.0.1:{port}"),
                "--storage.tsdb.retention.time=30d",
            ])
            .current_dir(&dir)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join("prometheus.log")).unwrap())
            .spawn()
            .expect("prometheus starts"),
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    while get_status(port, "/-/ready") != Some(200) {
        assert!(
            Instant::now() < deadline,
            "prometheus not ready after 60 s; see {}",
            dir.join("prometheus.log").display()
        );
        std::thread::sleep(Duration::from_millis(200));
    }

    let live = |series: &str, track: &str| {
        format!(
            "{{ prometheus: {{ url: \"http://127.0.0.1:{port}\", query: '{series}{{track=\"{track}\"}}', start: \"{start}\", end: \"{end}\", step: 15s }} }}"
        )
    };
    let config = format!(
        "version: 1\ncanary:\n  - name: deploy\n    metrics:\n      latency_ms:\n        direction: increase\n        baseline: {}\n        canary: {}\n      cpu:\n        baseline: {}\n        canary: {}\n",
        live("latency_ms", "baseline"),
        live("latency_ms", "canary"),
        live("cpu", "baseline"),
        live("cpu", "canary"),
    );
    std::fs::write(dir.join("mlgate.yaml"), config).unwrap();
    let run = run_in(&dir, &["check", "--format", "json"]);
    assert_eq!(run.code, 1, "stderr: {}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let gate = &report["gates"][0];
    assert_eq!(gate["judgement"], "fail");
    assert_eq!(gate["score"], 50.0);
    let latency = &gate["checks"][0];
    assert_eq!(latency["classification"], "high");
    assert_eq!(
        (latency["n_baseline"].as_u64(), latency["n_canary"].as_u64()),
        (Some(points), Some(points))
    );
    assert!((latency["estimate"].as_f64().unwrap() - 30.0).abs() < 1e-9);
    let cpu = &gate["checks"][1];
    assert_eq!(cpu["classification"], "pass");
    assert_eq!(cpu["n_canary"].as_u64(), Some(points));

    // A query Prometheus rejects is an input error naming the config line, exit 2.
    std::fs::write(
        dir.join("bad.yaml"),
        format!("version: 1\ncanary:\n  - name: deploy\n    metrics:\n      latency_ms:\n        baseline: {}\n        canary: {}\n",
            live("latency_ms", "baseline").replace("latency_ms{", "latency_ms{{"),
            live("latency_ms", "canary")),
    )
    .unwrap();
    let bad = run_in(&dir, &["check", "-c", "bad.yaml"]);
    assert_eq!(bad.code, 2, "{}", bad.stdout);
    assert!(
        bad.stderr
            .starts_with("error: bad.yaml:6:19: canary[0].metrics.latency_ms.baseline: "),
        "{}",
        bad.stderr
    );
    assert!(
        bad.stderr.contains("Prometheus answered status \"error\" (bad_data)"),
        "{}",
        bad.stderr
    );
    drop(server);

    // Nothing listening any more: a clear error, not a hang.
    let down = run_in(&dir, &["check"]);
    assert_eq!(down.code, 2);
    assert!(down.stderr.contains("cannot query Prometheus"), "{}", down.stderr);
}
