// The bundled action, run as the runner runs it.
import assert from "node:assert/strict";
import fs from "node:fs";
import test from "node:test";
import { TOKEN, runAction, startGitHub } from "./helpers.js";

const FAILING = "examples/quickstart/failing.yaml";
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
    for (const run of [first, second]) {
      for (const text of [run.stdout, run.stderr, run.summary, run.rawOutput]) assert.ok(!text.includes(TOKEN), "the token never appears");
    }
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
  } finally {
    gh.close();
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
