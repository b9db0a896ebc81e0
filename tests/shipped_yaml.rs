//! Every YAML file the project ships for others to load — the Action's `action.yml`, the
//! pre-commit hooks, the examples' workflows, the Argo Rollouts AnalysisTemplate and the mlgate
//! configs — parses with a strict YAML parser (the runner, pre-commit and kubectl refuse what
//! does not) and validates against the schema of whoever loads it. And actionlint, which reads a
//! local action's metadata as the runner does, passes a workflow that uses `uses: ./` with every
//! input and output of `action.yml`.
//!
//! The schemas of the other tools are copies under `tests/fixtures/` (SchemaStore's, Apache-2.0,
//! see `tests/fixtures/schemastore/README.md`; Argo's, see `tests/pipeline.rs`).

mod common;

use std::path::{Path, PathBuf};

use common::{actionlint, root};
use mlgate_core::yaml;
use serde_json::Value;

/// Who loads a shipped YAML file, and so which schema it must satisfy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `action.yml`: GitHub's runner (SchemaStore's `github-action.json`).
    ActionMetadata,
    /// `.pre-commit-hooks.yaml`: the pre-commit framework (SchemaStore's `pre-commit-hooks.json`).
    PreCommitHooks,
    /// `.github/workflows/*.yml`: GitHub Actions (SchemaStore's `github-workflow.json`).
    Workflow,
    /// An Argo Rollouts AnalysisTemplate: kubectl and the Argo controller.
    AnalysisTemplate,
    /// An mlgate config: mlgate itself (`schemas/mlgate.schema.json`).
    MlgateConfig,
}

impl Kind {
    fn schema(self) -> PathBuf {
        root().join(match self {
            Kind::ActionMetadata => "tests/fixtures/schemastore/github-action.json",
            Kind::PreCommitHooks => "tests/fixtures/schemastore/pre-commit-hooks.json",
            Kind::Workflow => "tests/fixtures/schemastore/github-workflow.json",
            Kind::AnalysisTemplate => "tests/fixtures/argo/analysis-template.schema.json",
            Kind::MlgateConfig => "schemas/mlgate.schema.json",
        })
    }
}

/// Folders (at any depth) whose YAML files are test inputs, many deliberately broken, or build
/// output: not shipped files.
const NOT_SHIPPED: &[&str] = &["target", ".git", "node_modules", "tests", "fuzz"];

/// Every `.yml`/`.yaml` file of the repository outside test inputs and build output, relative to
/// the root, sorted.
fn shipped_yaml_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, rel: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name();
            let rel = rel.join(&name);
            let skipped = NOT_SHIPPED.iter().any(|n| name == *n);
            if entry.file_type().unwrap().is_dir() {
                if !skipped {
                    walk(&entry.path(), &rel, out);
                }
            } else if rel.extension().is_some_and(|e| e == "yml" || e == "yaml") {
                out.push(rel);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root(), Path::new(""), &mut out);
    out.sort();
    out
}

/// The kind of a shipped file, from where it lives and what it declares.
fn kind_of(rel: &Path, doc: &Value) -> Option<Kind> {
    let name = rel.file_name()?.to_str()?;
    let parent = rel.parent().unwrap_or(Path::new(""));
    if rel == Path::new("action.yml") {
        Some(Kind::ActionMetadata)
    } else if rel == Path::new(".pre-commit-hooks.yaml") {
        Some(Kind::PreCommitHooks)
    } else if parent.ends_with(".github/workflows") {
        Some(Kind::Workflow)
    } else if doc.get("kind").and_then(Value::as_str) == Some("AnalysisTemplate") {
        Some(Kind::AnalysisTemplate)
    } else if doc.get("version") == Some(&Value::from(1)) && name.ends_with(".yaml") {
        Some(Kind::MlgateConfig)
    } else {
        None
    }
}

/// The file parsed strictly: YAML syntax, no key written twice, no non-scalar key.
fn parse_strictly(rel: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(root().join(rel)).map_err(|e| e.to_string())?;
    let tree =
        yaml::parse(&text).map_err(|e| format!("{}:{}:{}: {}", rel.display(), e.pos.line, e.pos.column, e.message))?;
    let (json, _, problems) = yaml::to_json(&tree);
    match problems.first() {
        None => Ok(json),
        Some(p) => Err(format!("{}: {p:?}", rel.display())),
    }
}

fn schema_errors(kind: Kind, doc: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(kind.schema()).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn every_shipped_yaml_file_parses_strictly_and_fits_its_loaders_schema() {
    let files = shipped_yaml_files();
    let mut kinds = Vec::new();
    for rel in &files {
        let doc = parse_strictly(rel).unwrap_or_else(|e| panic!("{e}"));
        let kind = kind_of(rel, &doc).unwrap_or_else(|| {
            panic!(
                "{}: a shipped YAML file of no known kind; add its kind and its loader's schema to this test",
                rel.display()
            )
        });
        let errors = schema_errors(kind, &doc);
        assert!(errors.is_empty(), "{} ({kind:?}): {errors:#?}", rel.display());
        kinds.push(kind);
    }
    // The walk does find them: each kind is there.
    for kind in [
        Kind::ActionMetadata,
        Kind::PreCommitHooks,
        Kind::Workflow,
        Kind::AnalysisTemplate,
        Kind::MlgateConfig,
    ] {
        assert!(kinds.contains(&kind), "no {kind:?} among {files:?}");
    }
}

/// The line the Action shipped with, which no YAML parser accepts (a plain scalar holding `: `).
const UNQUOTED_COLON: &str = "    description: Which verdict fails the step: fail, warn or never.\n";

fn action_yml() -> String {
    std::fs::read_to_string(root().join("action.yml")).unwrap()
}

/// `action.yml` with its `fail-on` description written as it first was.
fn action_yml_unquoted() -> String {
    let text = action_yml();
    let quoted = UNQUOTED_COLON.replace(
        "description: Which verdict fails the step: fail, warn or never.",
        "description: \"Which verdict fails the step: fail, warn or never.\"",
    );
    assert!(text.contains(&quoted), "action.yml's fail-on description moved");
    text.replace(&quoted, UNQUOTED_COLON)
}

#[test]
fn the_strict_parser_and_the_schemas_do_refuse() {
    // The first action.yml: refused at its line, as the runner refuses it.
    let error = yaml::parse(&action_yml_unquoted()).unwrap_err();
    assert_eq!(error.pos.line, 15, "{error:?}");
    // A key written twice is refused too.
    let (_, _, problems) = yaml::to_json(&yaml::parse("name: a\nname: b\n").unwrap());
    assert_eq!(problems.len(), 1, "{problems:?}");
    // The schemas look: a node16 action with an unknown top-level key, and a hook with no entry.
    let mut action = parse_strictly(Path::new("action.yml")).unwrap();
    action["runs"]["using"] = Value::from("node8");
    action["input"] = Value::from("x");
    let errors = schema_errors(Kind::ActionMetadata, &action);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    let mut hooks = parse_strictly(Path::new(".pre-commit-hooks.yaml")).unwrap();
    hooks[0].as_object_mut().unwrap().remove("entry");
    assert_eq!(schema_errors(Kind::PreCommitHooks, &hooks).len(), 1);
}

/// A value for each input of `action.yml` in the workflow below; an input missing here (or
/// here but not declared) fails the test, so the workflow sets every input.
const WITH: &[(&str, &str)] = &[
    ("config", "ml/mlgate.yaml"),
    ("only", "train, model"),
    ("fail-on", "warn"),
    ("comment", "true"),
    ("github-token", "${{ secrets.GITHUB_TOKEN }}"),
    ("summary", "false"),
    ("upload-report", "true"),
    ("report-name", "mlgate-train"),
    ("mlflow-log", "3f2a9c1e2b4d4e5f8a7b6c5d4e3f2a1b"),
    ("allow-pull-request-head", "false"),
];

/// A git repository (actionlint reads local actions only inside one) holding `action_yml` as its
/// Action and a workflow using it with `with` and the given outputs: the workflow's path.
fn workflow_using_the_local_action(name: &str, action_yml: &str, with: &[(&str, &str)], outputs: &[String]) -> PathBuf {
    let repo = common::tempdir(name);
    assert!(common::git(&repo, &["init", "-q"]).0);
    std::fs::write(repo.join("action.yml"), action_yml).unwrap();
    std::fs::create_dir_all(repo.join("dist")).unwrap();
    std::fs::copy(root().join("dist/index.js"), repo.join("dist/index.js")).unwrap();
    let mut text = String::from(
        "name: gate\non: [pull_request]\npermissions:\n  contents: read\n  pull-requests: write\n\
         jobs:\n  gate:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n\
         \x20     - id: mlgate\n        uses: ./\n        with:\n",
    );
    for (input, value) in with {
        text += &format!("          {input}: \"{value}\"\n");
    }
    text += "      - run: echo \"$VERDICT $REPORT $HTML $HTML_URL $FAILED\"\n        env:\n";
    for (output, var) in outputs.iter().zip(["VERDICT", "REPORT", "HTML", "HTML_URL", "FAILED"]) {
        text += &format!("          {var}: ${{{{ steps.mlgate.outputs.{output} }}}}\n");
    }
    let workflows = repo.join(".github/workflows");
    std::fs::create_dir_all(&workflows).unwrap();
    let workflow = workflows.join("gate.yml");
    std::fs::write(&workflow, text).unwrap();
    workflow
}

fn declared(action: &Value, section: &str) -> Vec<String> {
    action[section].as_object().unwrap().keys().cloned().collect()
}

#[test]
fn actionlint_passes_a_workflow_that_uses_the_local_action_with_every_input() {
    let action = parse_strictly(Path::new("action.yml")).unwrap();
    let mut inputs = declared(&action, "inputs");
    inputs.sort();
    let mut given: Vec<String> = WITH.iter().map(|(k, _)| k.to_string()).collect();
    given.sort();
    assert_eq!(given, inputs, "WITH must set exactly the inputs of action.yml");
    let outputs = declared(&action, "outputs");
    assert_eq!(outputs.len(), 5, "one env variable per output: {outputs:?}");

    let workflow = workflow_using_the_local_action("actionlint-local", &action_yml(), WITH, &outputs);
    let (ok, output) = actionlint(&workflow);
    assert!(ok, "{output}");
    assert_eq!(output, "");

    // actionlint reads the metadata: an input the action does not declare, an output it does
    // not set, and the first action.yml (which it cannot parse) are each reported.
    let mut misspelt = WITH.to_vec();
    misspelt[2] = ("fail_on", "warn");
    let mut outputs_wrong = outputs.clone();
    outputs_wrong[0] = "verdicts".into();
    let workflow = workflow_using_the_local_action("actionlint-local-wrong", &action_yml(), &misspelt, &outputs_wrong);
    let (ok, output) = actionlint(&workflow);
    assert!(!ok);
    assert!(output.contains("\"fail_on\""), "{output}");
    assert!(output.contains("\"verdicts\""), "{output}");
    let workflow =
        workflow_using_the_local_action("actionlint-local-unparsable", &action_yml_unquoted(), WITH, &outputs);
    let (ok, output) = actionlint(&workflow);
    assert!(!ok);
    assert!(output.contains("could not parse action metadata"), "{output}");
}

/// The repository's own workflows (`.github/workflows/`).
fn workflow(name: &str) -> Value {
    parse_strictly(&Path::new(".github/workflows").join(name)).unwrap()
}

/// Every `run:` of a job, joined.
fn runs_of(job: &Value) -> String {
    job["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The matrix `target`s of a job.
fn targets_of(job: &Value) -> Vec<String> {
    job["strategy"]["matrix"]["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["target"].as_str().unwrap().to_string())
        .collect()
}

/// The jobs `job` waits for, directly or through others.
fn waits_for(jobs: &Value, job: &str) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    let mut todo = vec![job.to_string()];
    while let Some(j) = todo.pop() {
        let needs = match &jobs[&j]["needs"] {
            Value::String(s) => vec![s.clone()],
            Value::Array(a) => a.iter().map(|n| n.as_str().unwrap().to_string()).collect(),
            _ => Vec::new(),
        };
        for n in needs {
            if !seen.contains(&n) {
                seen.push(n.clone());
                todo.push(n);
            }
        }
    }
    seen
}

#[test]
fn the_repositorys_workflows_pass_actionlint_and_release_what_they_promise() {
    let dir = root().join(".github/workflows");
    for name in ["ci.yml", "release.yml"] {
        let (ok, output) = actionlint(&dir.join(name));
        assert!(ok && output.is_empty(), "{name}: {output}");
    }
    // Both run the README's test command.
    let ci = workflow("ci.yml");
    assert!(runs_of(&ci["jobs"]["test"]).contains("./scripts/test.sh"));
    let release = workflow("release.yml");
    let jobs = &release["jobs"];
    assert!(runs_of(&jobs["test"]).contains("./scripts/test.sh"));

    // Static binaries and wheels for Linux x64 and arm64, macOS x64 and arm64, Windows x64.
    let platforms = [
        "x86_64-unknown-linux",
        "aarch64-unknown-linux",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows",
    ];
    let binaries = targets_of(&jobs["binaries"]);
    let wheels = targets_of(&jobs["wheels"]);
    for platform in platforms {
        assert!(
            binaries.iter().any(|t| t.starts_with(platform)),
            "no binary for {platform}: {binaries:?}"
        );
        assert!(
            wheels.iter().any(|t| t.starts_with(platform)),
            "no wheel for {platform}: {wheels:?}"
        );
    }
    assert!(
        binaries
            .iter()
            .filter(|t| t.contains("linux"))
            .all(|t| t.ends_with("-musl")),
        "Linux binaries are static (musl): {binaries:?}"
    );

    // Nothing is published before the tests pass; the release waits for every artefact, and the
    // Action's tag moves only after the release.
    for (name, _) in jobs.as_object().unwrap().iter().filter(|(n, _)| *n != "test") {
        assert!(
            waits_for(jobs, name).contains(&"test".to_string()),
            "{name} does not wait for the tests"
        );
    }
    for artefact in ["binaries", "wheels", "sdist", "image"] {
        assert!(
            waits_for(jobs, "release").contains(&artefact.to_string()),
            "the release does not wait for {artefact}"
        );
    }
    assert!(waits_for(jobs, "action-tag").contains(&"release".to_string()));
    assert!(runs_of(&jobs["release"]).contains("sha256sum"));

    // The wheels are built with the toolchain rust-toolchain.toml pins.
    let pinned = std::fs::read_to_string(root().join("rust-toolchain.toml")).unwrap();
    let channel = pinned
        .lines()
        .find_map(|l| l.strip_prefix("channel = "))
        .unwrap()
        .trim_matches('"')
        .to_string();
    assert_eq!(release["env"]["RUST_TOOLCHAIN"], Value::from(channel.clone()));
    for job in ["wheels", "sdist"] {
        for step in jobs[job]["steps"].as_array().unwrap() {
            if step["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("PyO3/maturin-action"))
            {
                assert_eq!(step["with"]["rust-toolchain"], Value::from(channel.clone()), "{job}");
            }
        }
    }

    // actionlint does look: a job waiting for one that does not exist is reported.
    let broken = common::tempdir("actionlint-release").join("release.yml");
    let text = std::fs::read_to_string(dir.join("release.yml")).unwrap();
    std::fs::write(&broken, text.replace("needs: [test, release]", "needs: [test, relase]")).unwrap();
    let (ok, output) = actionlint(&broken);
    assert!(!ok && output.contains("relase"), "{output}");
}
