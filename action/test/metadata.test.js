// action.yml is what the runner reads before any of the Action's code runs: it must parse as
// strict YAML, start the bundle under node 24, and declare exactly the inputs the code reads and
// the outputs it sets. (tests/shipped_yaml.rs checks it against SchemaStore's schema, and
// actionlint on a workflow using it.)
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import test from "node:test";
import { RUNNER_NODES, TOKEN, actionMetadata, inputEnvironment, repoRoot, runAction, startGitHub } from "./helpers.js";

test("action.yml parses strictly and starts the bundle under node 24", () => {
  const metadata = actionMetadata();
  assert.equal(metadata.runs.using, "node24");
  assert.ok(fs.statSync(path.join(repoRoot, metadata.runs.main)).isFile(), metadata.runs.main);
  const version = spawnSync(RUNNER_NODES.node24, ["--version"], { encoding: "utf8" }).stdout.trim();
  assert.match(version, /^v24\./);
  for (const [name, spec] of Object.entries(metadata.inputs)) {
    assert.equal(typeof spec.description, "string", `input ${name} has a description`);
    assert.equal(typeof spec.default, "string", `input ${name} has a string default`);
  }
});

test("the step environment: defaults from action.yml, with: over them, names as the runner writes them", () => {
  const metadata = actionMetadata();
  const env = inputEnvironment(metadata, { "fail-on": "warn" });
  assert.deepEqual(env, {
    INPUT_CONFIG: "mlgate.yaml",
    INPUT_ONLY: "",
    "INPUT_FAIL-ON": "warn",
    INPUT_COMMENT: "",
    "INPUT_GITHUB-TOKEN": TOKEN,
    INPUT_SUMMARY: "true",
    "INPUT_UPLOAD-REPORT": "false",
    "INPUT_REPORT-NAME": "mlgate-report",
    "INPUT_MLFLOW-LOG": "",
    "INPUT_ALLOW-PULL-REQUEST-HEAD": "false",
  });
  assert.throws(() => inputEnvironment(metadata, { fail_on: "warn" }), /with: fail_on is not an input of action\.yml/);
  assert.equal(inputEnvironment({ inputs: { "a b": { default: "x" } } }, {})["INPUT_A_B"], "x");
});

/** Names passed to `fn(...)` calls in the Action's sources; a call with a computed name throws. */
function namesPassedTo(fns) {
  const names = new Set();
  const sources = fs.readdirSync(path.join(repoRoot, "action/src"), { recursive: true }).filter((f) => f.endsWith(".js"));
  assert.ok(sources.length > 0);
  for (const file of sources) {
    const text = fs.readFileSync(path.join(repoRoot, "action/src", file), "utf8");
    for (const m of text.matchAll(new RegExp(`\\b(?:${fns.join("|")})\\(\\s*([^)]*)`, "g"))) {
      const literal = m[1].match(/^(["'])([^"']+)\1/);
      assert.ok(literal, `action/src/${file}: ${m[0]}: the name must be a string literal, so this test can see it`);
      names.add(literal[2]);
    }
  }
  return [...names].sort();
}

test("every input the code reads is declared, and every declared input is read", () => {
  const declared = Object.keys(actionMetadata().inputs).sort();
  assert.deepEqual(namesPassedTo(["getInput", "getBooleanInput", "getMultilineInput"]), declared);
});

test("every output the code sets is declared, and every declared output is set", () => {
  const declared = Object.keys(actionMetadata().outputs).sort();
  assert.deepEqual(namesPassedTo(["setOutput"]), declared);
});

test("a step with no with: at all runs on action.yml's defaults: mlgate.yaml, the summary, a comment on the pull request", async () => {
  const dir = path.join(repoRoot, "target/action-defaults");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "m.json"), '{"accuracy": 0.7}\n');
  fs.writeFileSync(path.join(dir, "mlgate.yaml"), "version: 1\nmetrics:\n  - name: model\n    current: m.json\n    thresholds:\n      accuracy: { min: 0.8, severity: warn }\n");
  const gh = await startGitHub({ preexisting: 0 });
  try {
    const run = await runAction({}, { api: gh.url, workspace: dir });
    // fail-on defaults to fail: a warning passes the step.
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.verdict, "warn");
    assert.ok(run.summary.startsWith("<!-- mlgate-report config=mlgate.yaml -->"), run.summary.slice(0, 100));
    assert.equal(gh.comments.length, 1);
    assert.ok(gh.requests.every((r) => r.auth === `Bearer ${TOKEN}`));
  } finally {
    gh.close();
  }
});
