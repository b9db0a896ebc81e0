// The bundled action, run as the runner runs it.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import test from "node:test";
import crypto from "node:crypto";
import { RUNTIME_TOKEN, TOKEN, cli, repoRoot, runAction, startArtifactService, startGitHub } from "./helpers.js";

const FAILING = "examples/quickstart/failing.yaml";

/** The token appears nowhere the Action writes: logs, summary, outputs, the report, comment bodies. */
function assertNoToken(run, gh) {
  const written = [run.stdout, run.stderr, run.summary, run.rawOutput];
  if (run.outputs.report && fs.existsSync(run.outputs.report)) written.push(fs.readFileSync(run.outputs.report, "utf8"));
  for (const file of fs.readdirSync(run.tmp)) written.push(fs.readFileSync(`${run.tmp}/${file}`, "utf8"));
  if (gh) written.push(...gh.requests.map((r) => r.body), ...gh.comments.map((c) => c.body));
  for (const text of written) assert.ok(!text.includes(TOKEN), "the token never appears in what the Action writes");
}
const PASSING = "examples/quickstart/mlgate.yaml";

test("a failing gate: summary, outputs, annotations, one comment created then edited, exit 1", async () => {
  const gh = await startGitHub({ preexisting: 100 });
  try {
    const first = await runAction({ config: FAILING }, { api: gh.url });
    assert.equal(first.code, 1, first.stdout + first.stderr);
    assert.ok(first.summary.startsWith("<!-- mlgate-report config=examples/quickstart/failing.yaml -->\n### ❌ mlgate:"), first.summary.slice(0, 200));
    assert.equal(first.outputs.verdict, "fail");
    assert.equal(first.outputs["failed-checks"], "13");
    assert.ok(fs.existsSync(first.outputs.report));
    assert.equal(JSON.parse(fs.readFileSync(first.outputs.report, "utf8")).verdict, "fail");
    assert.match(first.rawOutput, /^verdict<<ghadelimiter_[0-9a-f-]+\nfail\nghadelimiter_/m);
    assert.match(first.stdout, /^::error file=examples\/quickstart\/failing\.yaml,line=14,title=mlgate fail%3A train\.columns\.user_id\.unique::2 of 2000 values repeat another value$/m);
    assert.match(first.stdout, /^::error::mlgate: verdict fail \(fail-on: fail\)$/m);
    const posts = gh.requests.filter((r) => r.method === "POST");
    assert.equal(posts.length, 1, "one comment created");
    assert.deepEqual(
      gh.requests.filter((r) => r.method === "GET").map((r) => new URL(r.url, "http://x").searchParams.get("page")),
      ["1", "2"],
      "searched both pages of existing comments",
    );
    assert.ok(gh.requests.every((r) => r.auth === `Bearer ${TOKEN}`));

    const second = await runAction({ config: FAILING }, { api: gh.url });
    assert.equal(second.code, 1);
    assert.equal(gh.requests.filter((r) => r.method === "POST").length, 1, "no second comment");
    const patches = gh.requests.filter((r) => r.method === "PATCH");
    assert.equal(patches.length, 1);
    assert.match(patches[0].url, /\/issues\/comments\/1100$/);
    assert.equal(gh.comments.filter((c) => c.body.startsWith("<!-- mlgate-report")).length, 1);
    for (const run of [first, second]) assertNoToken(run, gh);
  } finally {
    gh.close();
  }
});

test("a passing gate exits 0, and fail-on never lets a failing one through", async () => {
  const gh = await startGitHub({ preexisting: 0 });
  try {
    const pass = await runAction({ config: PASSING }, { api: gh.url });
    assert.equal(pass.code, 0, pass.stdout);
    assert.equal(pass.outputs.verdict, "pass");
    const never = await runAction({ config: FAILING, "fail-on": "never" }, { api: gh.url });
    assert.equal(never.code, 0, never.stdout);
    assert.equal(never.outputs.verdict, "fail");
  } finally {
    gh.close();
  }
});

test("a read-only token (403) warns and still reports the verdict", async () => {
  const gh = await startGitHub({ preexisting: 3, forbid: true });
  try {
    const run = await runAction({ config: FAILING }, { api: gh.url });
    assert.equal(run.code, 1);
    assert.equal(run.outputs.verdict, "fail");
    assert.match(run.stdout, /^::warning::mlgate: could not comment on the pull request \(POST .*HTTP 403\)/m);
    assert.ok(run.summary.includes("mlgate-report"));
    assertNoToken(run, gh);
  } finally {
    gh.close();
  }
});

test("upload-report: the page becomes an unzipped artifact, linked from the summary and the comment as the CLI links it", async () => {
  const gh = await startGitHub({ preexisting: 0 });
  const service = await startArtifactService();
  try {
    const run = await runAction({ config: FAILING, "upload-report": "true", "report-name": "mlgate-train" }, { api: gh.url, artifacts: service.url });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.equal(run.outputs.verdict, "fail");
    assert.equal(path.basename(run.outputs["html-report"]), "mlgate-train.html");
    assert.equal(path.basename(run.outputs.report), "mlgate-train.json");
    const page = fs.readFileSync(run.outputs["html-report"]);

    // Created, uploaded and finalized for this run and job, as the runtime token's scope names them.
    assert.deepEqual(service.calls.map((c) => c.method), ["CreateArtifact", "FinalizeArtifact"]);
    assert.ok(service.calls.every((c) => c.auth === `Bearer ${RUNTIME_TOKEN}`));
    const [create, finalize] = service.calls.map((c) => c.request);
    assert.deepEqual(
      [create.name, create.mime_type, create.workflow_run_backend_id, create.workflow_job_run_backend_id],
      ["mlgate-train.html", "text/html", "run-backend-7", "job-backend-3"],
    );
    assert.deepEqual([finalize.name, finalize.size, finalize.hash], ["mlgate-train.html", String(page.length), `sha256:${crypto.createHash("sha256").update(page).digest("hex")}`]);
    const blob = service.blobs.get("mlgate-train.html");
    assert.ok(blob && blob.bytes.equals(page), "the artifact holds the page itself, not a zip of it");
    assert.equal(blob.contentType, "text/html");

    const url = "https://github.com/octo/models/actions/runs/123/artifacts/4242";
    assert.equal(run.outputs["html-report-url"], url);
    // The link under the verdict, in the summary and the comment alike, as `--html-report-url` writes it.
    const linked = cli(["check", "-c", FAILING, "--format", "markdown", "--html-report-url", url]);
    assert.equal(linked.code, 1, linked.stderr);
    assert.equal(run.summary, linked.stdout);
    assert.ok(run.summary.includes(`📊 [The HTML report](${url})`), run.summary.slice(0, 400));
    assert.equal(gh.comments.length, 1);
    assert.equal(gh.comments[0].body, linked.stdout);
    assertNoToken(run, gh);
    assert.ok(![run.stdout, run.stderr, run.summary, run.rawOutput].some((t) => t.includes(RUNTIME_TOKEN)), "the runtime token is never printed");
  } finally {
    gh.close();
    service.close();
  }
});

test("upload-report that cannot upload warns, links nothing and keeps the verdict; a bad report-name is an input error", async () => {
  const service = await startArtifactService({ refuse: 409 });
  try {
    const refused = await runAction({ config: FAILING, comment: "false", "upload-report": "true" }, { artifacts: service.url });
    assert.equal(refused.code, 1, refused.stdout);
    assert.equal(refused.outputs.verdict, "fail");
    assert.equal(refused.outputs["html-report-url"], "");
    assert.match(refused.stdout, /^::warning::mlgate: could not upload the HTML report as an artifact \(.*409.*\); the comment and summary do not link it$/m);
    assert.equal(refused.summary, cli(["check", "-c", FAILING, "--format", "markdown"]).stdout, "no link");
    assert.ok(fs.existsSync(refused.outputs["html-report"]), "the page is still written");
  } finally {
    service.close();
  }
  // Outside GitHub's runners (no runtime token): the same warning, naming what is missing.
  const offline = await runAction({ config: PASSING, comment: "false", "upload-report": "true" });
  assert.equal(offline.code, 0, offline.stdout);
  assert.match(offline.stdout, /^::warning::mlgate: could not upload the HTML report as an artifact \(.*ACTIONS_RUNTIME_TOKEN.*\)/m);

  for (const name of ["../escape", "a/b", "", "x y"]) {
    const bad = await runAction({ config: PASSING, comment: "false", "report-name": name });
    if (name === "") {
      // Empty is the default's stand-in, as for the other inputs.
      assert.equal(bad.code, 0, bad.stdout);
      assert.equal(path.basename(bad.outputs.report), "mlgate-report.json");
      continue;
    }
    assert.equal(bad.code, 1, name);
    assert.ok(bad.stdout.includes(`::error::error: report-name: expected letters, digits, '.', '_' or '-' (a file and artifact name), found ${JSON.stringify(name)}`), bad.stdout);
    assert.equal(bad.outputs.verdict, undefined, "nothing ran");
  }
});

test("config errors and paths outside the workspace fail the step with the error text", async () => {
  const bad = await runAction({ config: "tests/fixtures/bad-config/two_errors/mlgate.yaml", comment: "false" });
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /::error::error: tests\/fixtures\/bad-config\/two_errors\/mlgate\.yaml:6:29: metrics\[0\]\.thresholds\.accuracy\.maximum: unknown key `maximum`/);
  const outside = await runAction({ config: "../etc/mlgate.yaml", comment: "false" });
  assert.equal(outside.code, 1);
  assert.match(outside.stdout, /::error::\.\.\/etc\/mlgate\.yaml: the path leaves the workspace/);
});

test("CSV quotes that broke polars (a fuzz crash among them) fail the step with the CLI's error, not a wasm abort", async () => {
  const dir = path.join(repoRoot, "target/action-misquoted");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const name of ["csv-fuzz-lone-quote", "csv-lone-quote-ending-numbers", "csv-quote-in-header"]) {
    fs.copyFileSync(path.join(repoRoot, "tests/fixtures/hostile/files", `${name}.csv`), path.join(dir, `${name}.csv`));
    const config = path.join(dir, `${name}.yaml`);
    fs.writeFileSync(config, `version: 1\ndata:\n  - name: d\n    path: ${name}.csv\n    table: { row_count: { min: 1 } }\n`);
    const relative = path.relative(repoRoot, config);
    const native = cli(["check", "-c", relative]);
    assert.equal(native.code, 2, `${name}: ${native.stderr}`);
    assert.match(native.stderr, /quote/);
    const action = await runAction({ config: relative, comment: "false" });
    assert.equal(action.code, 1, `${name}: ${action.stdout}`);
    assert.ok(!/internal error|panicked|unreachable/.test(action.stdout), `${name}: ${action.stdout}`);
    assert.ok(action.stdout.includes(`::error::${native.stderr.trim()}`), `${name}: ${action.stdout}\nCLI: ${native.stderr}`);
  }
});

test("a file over settings.max_input_mb is refused by its size, unread, with the CLI's message", async () => {
  const dir = path.join(repoRoot, "target/action-oversized");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // Sparse: 3 GiB that take no disk, and more than Node can read into one buffer (2 GiB).
  const big = path.join(dir, "big.csv");
  fs.closeSync(fs.openSync(big, "w"));
  fs.truncateSync(big, 3 * 2 ** 30);
  fs.writeFileSync(path.join(dir, "mlgate.yaml"), "version: 1\ndata:\n  - name: d\n    path: big.csv\n");
  const config = path.relative(repoRoot, path.join(dir, "mlgate.yaml"));
  const native = cli(["check", "-c", config]);
  assert.equal(native.code, 2, native.stderr);
  assert.match(native.stderr, /big\.csv: cannot read the file: the file is 3072 MB, larger than the limit of 1024 MB \(settings\.max_input_mb raises it\)/);
  const action = await runAction({ config, comment: "false" });
  assert.equal(action.code, 1, action.stdout);
  assert.ok(action.stdout.includes(`::error::${native.stderr.trim()}`), `${action.stdout}\nCLI: ${native.stderr}`);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a path that is a named pipe is refused unopened, with the CLI's message", async () => {
  const { execFileSync } = await import("node:child_process");
  const dir = path.join(repoRoot, "target/action-fifo");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // Opening a FIFO with no writer would wait forever: neither shell may open it.
  execFileSync("mkfifo", [path.join(dir, "pipe.csv")]);
  fs.writeFileSync(path.join(dir, "mlgate.yaml"), "version: 1\ndata:\n  - name: d\n    path: pipe.csv\n");
  const config = path.relative(repoRoot, path.join(dir, "mlgate.yaml"));
  const native = cli(["check", "-c", config]);
  assert.equal(native.code, 2, native.stderr);
  assert.match(native.stderr, /data\[0\]\.path: pipe\.csv: cannot read the file: is a named pipe \(FIFO\); mlgate reads only regular files/);
  const action = await runAction({ config, comment: "false" });
  assert.equal(action.code, 1, action.stdout);
  assert.ok(action.stdout.includes(`::error::${native.stderr.trim()}`), `${action.stdout}\nCLI: ${native.stderr}`);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("every missing file of a run is refused at once, with the name it may have meant, as the CLI says it", async () => {
  const dir = path.join(repoRoot, "target/action-missing");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, "data"), { recursive: true });
  fs.writeFileSync(path.join(dir, "data/train.csv"), "a\n1\n");
  fs.writeFileSync(path.join(dir, "metrics.json"), '{"accuracy": 0.9}\n');
  fs.writeFileSync(
    path.join(dir, "mlgate.yaml"),
    "version: 1\ndata:\n  - name: d\n    path: data/tran.csv\nmetrics:\n  - name: m\n    current: metric.json\n    thresholds:\n      accuracy: { min: 0.5 }\n",
  );
  const config = path.relative(repoRoot, path.join(dir, "mlgate.yaml"));
  const native = cli(["check", "-c", config]);
  assert.equal(native.code, 2, native.stderr);
  const lines = native.stderr.trim().split("\n");
  assert.equal(lines.length, 2, native.stderr);
  assert.match(lines[0], /data\/tran\.csv: cannot read the file: no such file or directory \(did you mean "data\/train\.csv"\?\)/);
  assert.match(lines[1], /metric\.json: cannot read the metric file: no such file or directory \(did you mean "metrics\.json"\?\)/);
  const action = await runAction({ config, comment: "false" });
  assert.equal(action.code, 1, action.stdout);
  for (const line of lines) {
    assert.ok(action.stdout.includes(line.replace(/^error: /, "")), `${action.stdout}\nCLI: ${line}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test("live Prometheus sources are fetched by the Action, with the same verdict as the CLI", async () => {
  const { default: http } = await import("node:http");
  const { cliAsync, repoRoot, untimed } = await import("./helpers.js");
  const path = await import("node:path");
  const seen = [];
  const series = (track) => ({
    status: "success",
    data: {
      resultType: "matrix",
      result: [{ metric: { __name__: "latency_ms", track }, values: Array.from({ length: 40 }, (_, i) => [1700000000 + 15 * i, String((track === "canary" ? 130 : 100) + (i % 7))]) }],
    },
  });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    seen.push(url.pathname + "?" + url.searchParams.get("query"));
    const track = url.searchParams.get("query").includes("canary") ? "canary" : "baseline";
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(series(track)));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const port = server.address().port;
    const dir = path.join(repoRoot, "target/action-live");
    fs.mkdirSync(dir, { recursive: true });
    const live = (track) =>
      `{ prometheus: { url: "http://127.0.0.1:${port}", query: 'latency_ms{track="${track}"}', start: "1700000000", end: "1700000585", step: 15s } }`;
    fs.writeFileSync(
      path.join(dir, "mlgate.yaml"),
      `version: 1\ncanary:\n  - name: deploy\n    metrics:\n      latency_ms:\n        direction: increase\n        baseline: ${live("baseline")}\n        canary: ${live("canary")}\n`,
    );
    const config = "target/action-live/mlgate.yaml";
    const run = await runAction({ config, comment: "false" });
    assert.equal(run.code, 1, run.stdout);
    const report = JSON.parse(fs.readFileSync(run.outputs.report, "utf8"));
    assert.equal(report.gates[0].checks[0].classification, "high");
    assert.equal(report.gates[0].checks[0].n_canary, 40);
    assert.deepEqual(seen.slice(0, 2), ['/api/v1/query_range?latency_ms{track="baseline"}', '/api/v1/query_range?latency_ms{track="canary"}']);
    const native = await cliAsync(["check", "-c", config, "--format", "json"]);
    assert.equal(untimed(fs.readFileSync(run.outputs.report, "utf8")), untimed(native.stdout));
  } finally {
    server.close();
  }
});

test("files at git revisions: read with git when the checkout has them, else through the contents API at the PR base", async () => {
  const { execFileSync, spawnSync } = await import("node:child_process");
  const path = await import("node:path");
  const { repoRoot, untimed } = await import("./helpers.js");
  const dir = path.join(repoRoot, "target/action-git");
  fs.rmSync(dir, { recursive: true, force: true });
  const repo = path.join(dir, "repo");
  fs.mkdirSync(path.join(repo, "ml"), { recursive: true });
  const env = { PATH: process.env.PATH, HOME: dir, GIT_CONFIG_NOSYSTEM: "1", GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };
  const git = (cwd, ...args) => execFileSync("git", args, { cwd, env, stdio: "pipe" });
  const setConfig = (where, baseline) =>
    fs.writeFileSync(
      path.join(where, "ml/mlgate.yaml"),
      `version: 1\nmetrics:\n  - name: model\n    current: metrics.json\n    baseline: ${baseline}\n    thresholds:\n      accuracy: { min: 0.8, direction: higher, max_regression: 0.02 }\n`,
    );
  const setAccuracy = (where, value) => fs.writeFileSync(path.join(where, "ml/metrics.json"), `{"accuracy": ${value}}\n`);
  // main: 0.91 then 0.90; the pull request's branch `feature`: 0.88.
  git(repo, "init", "-q", "-b", "main");
  setConfig(repo, "{ git: HEAD~1, path: metrics.json }");
  setAccuracy(repo, 0.91);
  git(repo, "add", ".");
  git(repo, "commit", "-q", "-m", "first");
  setAccuracy(repo, 0.9);
  git(repo, "commit", "-q", "-am", "second");
  git(repo, "checkout", "-q", "-b", "feature");
  setAccuracy(repo, 0.88);
  git(repo, "commit", "-q", "-am", "feature");
  git(repo, "checkout", "-q", "main");

  const BASE_SHA = "2222222222222222222222222222222222222222"; // the fixture event's pull_request.base.sha
  const gh = await startGitHub({ files: { [`ml/metrics.json@${BASE_SHA}`]: '{"accuracy": 0.95}\n' } });
  const report = (run) => JSON.parse(fs.readFileSync(run.outputs.report, "utf8")).gates[0].checks[0];
  try {
    // The whole history: git reads HEAD~1, the API is not asked, and the report equals the CLI's.
    let run = await runAction({ config: "ml/mlgate.yaml", comment: "false" }, { api: gh.url, workspace: repo });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(report(run).baseline, 0.91);
    assert.equal(gh.requests.length, 0);
    const native = spawnSync(path.join(repoRoot, "target/debug/mlgate"), ["check", "-c", "ml/mlgate.yaml", "--format", "json"], { cwd: repo, encoding: "utf8" });
    assert.equal(native.status, 0, native.stderr);
    assert.equal(untimed(fs.readFileSync(run.outputs.report, "utf8")), untimed(native.stdout));

    // A pull request's shallow checkout of `feature` (no main, no parents): without `git:` the
    // baseline is the PR base commit, read through the contents API with the token.
    git(dir, "clone", "-q", "--depth", "1", "--branch", "feature", `file://${repo}`, "shallow");
    const shallow = path.join(dir, "shallow");
    setConfig(shallow, "{ path: metrics.json }");
    run = await runAction({ config: "ml/mlgate.yaml", comment: "false" }, { api: gh.url, workspace: shallow });
    assert.equal(run.code, 1, run.stdout);
    assert.equal(report(run).baseline, 0.95);
    assert.equal(report(run).status, "fail");
    assert.deepEqual(
      gh.requests.map((r) => [r.method, r.url, r.auth, r.accept]),
      [["GET", `/repos/octo/models/contents/ml/metrics.json?ref=${BASE_SHA}`, `Bearer ${TOKEN}`, "application/vnd.github.raw+json"]],
    );

    // `origin/main` names the PR's base branch: the same base commit.
    setConfig(shallow, "{ git: origin/main, path: metrics.json }");
    run = await runAction({ config: "ml/mlgate.yaml", comment: "false" }, { api: gh.url, workspace: shallow });
    assert.equal(run.code, 1, run.stdout);
    assert.equal(report(run).baseline, 0.95);
    assert.equal(gh.requests.at(-1).url, `/repos/octo/models/contents/ml/metrics.json?ref=${BASE_SHA}`);

    // A revision neither git nor the API has: the step fails with both reasons and the config line.
    setConfig(shallow, "{ git: HEAD~1, path: metrics.json }");
    run = await runAction({ config: "ml/mlgate.yaml", comment: "false" }, { api: gh.url, workspace: shallow });
    assert.equal(run.code, 1);
    assert.equal(run.outputs.verdict, undefined);
    assert.match(
      run.stdout,
      /::error::error: ml\/mlgate\.yaml:5:15: metrics\[0\]\.baseline: HEAD~1:metrics\.json: git cannot read it here \(.+\), and the GitHub contents API answered no file ml\/metrics\.json at HEAD~1; expected a file committed at that revision/,
    );
    assertNoToken(run, gh);
  } finally {
    gh.close();
  }
});

test("pull_request_target: a workspace holding the pull request's head is refused unless the workflow opts in", async () => {
  const { execFileSync } = await import("node:child_process");
  const path = await import("node:path");
  const { repoRoot } = await import("./helpers.js");
  const dir = path.join(repoRoot, "target/action-prt");
  fs.rmSync(dir, { recursive: true, force: true });
  const repo = path.join(dir, "repo");
  fs.mkdirSync(repo, { recursive: true });
  const env = { PATH: process.env.PATH, HOME: dir, GIT_CONFIG_NOSYSTEM: "1", GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };
  const git = (...args) => execFileSync("git", args, { cwd: repo, env, encoding: "utf8" }).trim();
  fs.writeFileSync(path.join(repo, "m.json"), '{"accuracy": 0.9}\n');
  fs.writeFileSync(path.join(repo, "mlgate.yaml"), "version: 1\nmetrics:\n  - name: model\n    current: m.json\n    thresholds:\n      accuracy: { min: 0.8 }\n");
  git("init", "-q", "-b", "main");
  git("add", ".");
  git("commit", "-q", "-m", "base");
  const base = git("rev-parse", "HEAD");
  fs.writeFileSync(path.join(repo, "m.json"), '{"accuracy": 0.95}\n');
  git("commit", "-q", "-am", "head");
  const head = git("rev-parse", "HEAD");
  const event = path.join(dir, "event.json");
  fs.writeFileSync(event, JSON.stringify({ pull_request: { number: 7, head: { sha: head }, base: { ref: "main", sha: base } }, repository: { full_name: "octo/models" } }));
  const gh = await startGitHub({ preexisting: 0 });
  try {
    const options = { api: gh.url, workspace: repo, event, eventName: "pull_request_target" };
    // The head checked out: refused before any file is read, nothing posted.
    let run = await runAction({ config: "mlgate.yaml" }, options);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /::error::mlgate: on pull_request_target the workspace holds the pull request's head, .* See https:\/\/securitylab\.github\.com\/resources\/github-actions-preventing-pwn-requests\//);
    assert.equal(run.outputs.verdict, undefined);
    assert.equal(gh.requests.length, 0);
    assertNoToken(run, gh);
    // GitHub's merge commit of the head counts as the head.
    git("checkout", "-q", base);
    git("merge", "-q", "--no-ff", "-m", "merge", head);
    run = await runAction({ config: "mlgate.yaml" }, options);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /the workspace holds the pull request's head/);
    // The base checked out (pull_request_target's default): runs, and comments.
    git("checkout", "-q", base);
    run = await runAction({ config: "mlgate.yaml" }, options);
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.verdict, "pass");
    assert.equal(gh.comments.length, 1);
    // Opted in: the head is read.
    git("checkout", "-q", head);
    run = await runAction({ config: "mlgate.yaml", "allow-pull-request-head": "true" }, options);
    assert.equal(run.code, 0, run.stdout);
    assert.equal(JSON.parse(fs.readFileSync(run.outputs.report, "utf8")).gates[0].checks[0].observed, 0.95);
    assertNoToken(run, gh);
  } finally {
    gh.close();
  }
});

test("config paths that leave the workspace are refused by the Action, whatever the inputs", async () => {
  const path = await import("node:path");
  const { repoRoot } = await import("./helpers.js");
  const dir = path.join(repoRoot, "target/action-escape");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, "ws"), { recursive: true });
  fs.writeFileSync(path.join(dir, "secret.json"), '{"accuracy": 0.9}\n');
  fs.symlinkSync(path.join(dir, "secret.json"), path.join(dir, "ws/link.json"));
  for (const current of ["../secret.json", path.join(dir, "secret.json"), "link.json"]) {
    fs.writeFileSync(path.join(dir, "ws/mlgate.yaml"), `version: 1\nmetrics:\n  - name: model\n    current: ${current}\n    thresholds:\n      accuracy: { min: 0.8 }\n`);
    const run = await runAction({ config: "mlgate.yaml", comment: "false" }, { workspace: path.join(dir, "ws") });
    assert.equal(run.code, 1, current);
    assert.match(run.stdout, /::error::.*the path leaves the workspace/, current);
    assert.equal(run.outputs.verdict, undefined, current);
  }
});

test("live requests come finished from the core, and a failed answer is refused with the CLI's words", async () => {
  const { default: http } = await import("node:http");
  const { cliAsync } = await import("./helpers.js");
  const seen = [];
  const server = http.createServer((req, res) => {
    seen.push(new URL(req.url, "http://x"));
    res.writeHead(502, { "content-type": "text/plain" });
    res.end("Bad Gateway");
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const dir = path.join(repoRoot, "target/action-live-502");
    fs.mkdirSync(dir, { recursive: true });
    const live = `{ prometheus: { url: "http://127.0.0.1:${server.address().port}/", query: 'latency_ms{track="a b"}', start: -10m } }`;
    fs.writeFileSync(path.join(dir, "mlgate.yaml"), `version: 1\ncanary:\n  - name: deploy\n    baseline: ${live}\n    canary: ${live}\n    metrics: { latency_ms: {} }\n`);
    const config = "target/action-live-502/mlgate.yaml";
    const run = await runAction({ config, comment: "false" });
    const native = await cliAsync(["check", "-c", config]);
    assert.equal(native.code, 2, native.stderr);
    assert.match(native.stderr, /^error: target\/action-live-502\/mlgate\.yaml:4:15: canary\[0\]\.baseline: http:\/\/127\.0\.0\.1:\d+\/api\/v1 \("latency_ms\{track=\\"a b\\"\}"\): Prometheus answered HTTP 502: Bad Gateway\n$/);
    assert.equal(run.code, 1, run.stdout);
    assert.ok(run.stdout.includes(`::error::${native.stderr.trim()}`), `${run.stdout}\nCLI: ${native.stderr}`);
    // Both asked the same: a range query over the last ten minutes at the default step.
    for (const url of seen) {
      assert.equal(url.pathname, "/api/v1/query_range");
      assert.equal(url.searchParams.get("query"), 'latency_ms{track="a b"}');
      assert.ok(Math.abs(Number(url.searchParams.get("end")) - Number(url.searchParams.get("start")) - 600) < 0.002, url.search);
      assert.equal(url.searchParams.get("step"), "15s");
    }
    assert.equal(seen.length, 2, "one request from each shell");
  } finally {
    server.close();
  }
});
