//! Garbage in, never a panic out: seeded pseudo-random bytes and mutations of real files as
//! configs and as metric files. Every run must end with exit code 0, 1 or 2 and no panic.

mod common;

use std::path::PathBuf;

use common::{assert_no_panic, run_in};

/// xorshift64*: a tiny deterministic generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Random bytes, or a real file with random bytes overwritten, inserted or cut.
fn garbage(rng: &mut Rng, seed_text: &[u8]) -> Vec<u8> {
    let alphabet = b"{}[]:,-\"' \n\t#&*!|>%@`0123456789.eE+nNaAiIfFtT\\\xff\xfe\x00";
    match rng.below(3) {
        0 => (0..rng.below(200))
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect(),
        1 => (0..rng.below(200)).map(|_| (rng.next() & 0xff) as u8).collect(),
        _ => {
            let mut bytes = seed_text.to_vec();
            for _ in 0..1 + rng.below(6) {
                let at = rng.below(bytes.len() + 1);
                match rng.below(3) {
                    0 if at < bytes.len() => bytes[at] = alphabet[rng.below(alphabet.len())],
                    1 => bytes.insert(at, alphabet[rng.below(alphabet.len())]),
                    _ => {
                        let end = (at + rng.below(8)).min(bytes.len());
                        bytes.drain(at..end);
                    }
                }
            }
            bytes
        }
    }
}

fn workdir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("garbage-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const CONFIG: &str = "version: 1\nmetrics:\n  - name: m\n    current: m.json\n    baseline: b.yaml\n    thresholds:\n      acc: { min: 0.8, max_regression: 0.01 }\n      eval.auc: { max: 1, severity: warn }\n";

#[test]
fn garbage_configs_never_panic() {
    let dir = workdir("configs");
    std::fs::write(dir.join("m.json"), r#"{"acc": 0.9, "eval": {"auc": 0.9}}"#).unwrap();
    std::fs::write(dir.join("b.yaml"), "acc: 0.9\n").unwrap();
    let mut rng = Rng(0x5eed_0001);
    for i in 0..150 {
        let bytes = garbage(&mut rng, CONFIG.as_bytes());
        std::fs::write(dir.join("mlgate.yaml"), &bytes).unwrap();
        let run = run_in(&dir, &["check"]);
        assert_no_panic(&run, &format!("config case {i}: {:?}", String::from_utf8_lossy(&bytes)));
        if run.code == 2 {
            assert!(
                run.stderr.starts_with("error: mlgate.yaml"),
                "case {i}: the error names the file: {}",
                run.stderr
            );
        }
    }
}

#[test]
fn garbage_metric_files_never_panic() {
    let dir = workdir("metric-files");
    let seeds: [(&str, &str); 4] = [
        ("m.json", r#"{"acc": 0.9, "eval": {"auc": 0.93, "list": [1, 2]}}"#),
        ("m.yaml", "acc: 0.9\neval:\n  auc: 0.93\n"),
        ("m.toml", "acc = 0.9\n[eval]\nauc = 0.93\n"),
        ("m.csv", "name,value\nacc,0.9\neval.auc,0.93\n"),
    ];
    let mut rng = Rng(0x5eed_0002);
    for (file, seed) in seeds {
        std::fs::write(
            dir.join("mlgate.yaml"),
            format!(
                "version: 1\nmetrics:\n  - name: m\n    current: {file}\n    thresholds:\n      acc: {{ min: 0.8 }}\n"
            ),
        )
        .unwrap();
        for i in 0..50 {
            let bytes = garbage(&mut rng, seed.as_bytes());
            std::fs::write(dir.join(file), &bytes).unwrap();
            let run = run_in(&dir, &["check", "--format", "json"]);
            assert_no_panic(&run, &format!("{file} case {i}: {:?}", String::from_utf8_lossy(&bytes)));
            let input = String::from_utf8_lossy(&bytes);
            if run.code != 2 {
                continue;
            }
            let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("a JSON report");
            assert_eq!(report["verdict"], "error", "{file} case {i}: {input:?}");
            if let Some(errors) = report["errors"].as_array() {
                // Could not read the file: the error says which, on the terminal and in the report.
                assert!(
                    run.stderr.contains(file),
                    "{file} case {i}: error does not name the file: {} ({input:?})",
                    run.stderr
                );
                let message = errors[0]["message"].as_str().unwrap_or_default();
                assert!(message.contains(file), "{file} case {i}: {message} ({input:?})");
            } else {
                // Read, but the value is not a number: a check in `error` that names the file.
                let message = report["gates"][0]["checks"][0]["message"].as_str().unwrap_or_default();
                assert!(message.contains(file), "{file} case {i}: {message} ({input:?})");
            }
        }
    }
}
