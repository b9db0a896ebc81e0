// Parity: the Action's report equals the CLI's byte for byte (timings aside), markdown and the HTML page included,
// for every config under examples/ and every acceptance case (tests/acceptance: Great
// Expectations' and Kayenta's); and for the pipeline example, whose baselines come from git, in a
// clone where the pull request's base commit is main's. (MLflow sources: mlflow.test.js, against a
// real tracking server.)
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import test from "node:test";
import { execFileSync, spawnSync } from "node:child_process";
import { cli, repoRoot, runAction, untimed } from "./helpers.js";

function configs() {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      // The pipeline example reads main's files from git: its own test below gives it a clone.
      if (e.isDirectory() && p !== path.join(repoRoot, "examples/pipeline")) walk(p);
      else if (e.name.endsWith(".yaml") && fs.readFileSync(p, "utf8").includes("version: 1")) out.push(path.relative(repoRoot, p));
    }
  };
  walk(path.join(repoRoot, "examples"));
  for (const set of ["gx", "kayenta"]) {
    const cases = path.join(repoRoot, "tests/acceptance", set);
    for (const c of fs.readdirSync(cases)) {
      if (fs.existsSync(path.join(cases, c, "mlgate.yaml"))) out.push(path.relative(repoRoot, path.join(cases, c, "mlgate.yaml")));
    }
  }
  return out.sort();
}

test("the CLI and the Action give the same report and markdown", async () => {
  const list = configs();
  assert.ok(list.length >= 2 + 194, `${list.length} configs`);
  // Slices (a check per slice, corrected tests, the gap) and fairlearn's parity metrics.
  assert.ok(list.includes("examples/slices/mlgate.yaml"), "the slices example is compared");
  for (const config of list) {
    const native = cli(["check", "-c", config, "--format", "json"]);
    const markdown = cli(["check", "-c", config, "--format", "markdown"]);
    const html = cli(["check", "-c", config, "--format", "html"]);
    const action = await runAction({ config, comment: "false", "fail-on": "never" });
    assert.equal(action.code, 0, `${config}: ${action.stdout}`);
    const report = fs.readFileSync(action.outputs.report, "utf8");
    assert.equal(untimed(report), untimed(native.stdout), `${config}: report JSON differs`);
    assert.equal(action.summary, markdown.stdout, `${config}: markdown differs`);
    // The page has no timings: byte for byte.
    assert.equal(fs.readFileSync(action.outputs["html-report"], "utf8"), html.stdout, `${config}: HTML differs`);
  }
});

test("the pipeline example, baselines from git, gives the same report in both shells", async () => {
  const dir = path.join(repoRoot, "target/parity-pipeline");
  fs.rmSync(dir, { recursive: true, force: true });
  const origin = path.join(dir, "origin");
  fs.cpSync(path.join(repoRoot, "examples/pipeline"), origin, { recursive: true });
  const env = { PATH: process.env.PATH, HOME: dir, GIT_CONFIG_NOSYSTEM: "1", GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };
  const git = (cwd, ...args) => execFileSync("git", args, { cwd, env, encoding: "utf8" });
  git(origin, "init", "-q", "-b", "main");
  git(origin, "add", ".");
  git(origin, "commit", "-q", "-m", "pipeline");
  git(dir, "clone", "-q", "origin", "clone");
  const clone = path.join(dir, "clone");
  // A retrained, worse model on the pull request's branch, so the baselines matter.
  fs.writeFileSync(path.join(clone, "metrics/eval.json"), '{"accuracy": 0.75, "f1": 0.41, "roc_auc": 0.78, "log_loss": 0.52, "n_test": 1000}\n');
  const event = path.join(dir, "event.json");
  const baseSha = git(clone, "rev-parse", "origin/main").trim();
  fs.writeFileSync(event, JSON.stringify({ pull_request: { number: 7, base: { ref: "main", sha: baseSha } }, repository: { full_name: "octo/models" } }));

  const native = (format) => spawnSync(path.join(repoRoot, "target/debug/mlgate"), ["check", "-c", "mlgate.yaml", "--format", format], { cwd: clone, encoding: "utf8" });
  const json = native("json");
  assert.equal(json.status, 1, json.stderr);
  const action = await runAction({ config: "mlgate.yaml", comment: "false", "fail-on": "never" }, { workspace: clone, event });
  assert.equal(action.code, 0, action.stdout);
  const report = fs.readFileSync(action.outputs.report, "utf8");
  assert.equal(untimed(report), untimed(json.stdout));
  assert.equal(action.summary, native("markdown").stdout);
  // main's values, read from git by both: f1 0.452174 then, 0.41 now.
  const f1 = JSON.parse(report).gates[1].checks.find((c) => c.metric === "f1");
  assert.deepEqual([f1.baseline, f1.observed, f1.status], [0.452174, 0.41, "fail"]);
});
