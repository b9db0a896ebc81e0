// The candidate against the champion from a real MLflow tracking server (`mlflow server` with its
// basic-authentication app, from target/tools-venv), seeded with MLflow's own client
// (tests/mlflow/seed.py): the Action resolves every source through its Node shell, as the core
// asks, and gives the CLI's report byte for byte (timings aside), markdown and HTML included;
// `mlflow-log` records the verdict, read back with MLflow's client.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import test from "node:test";
import { cli, repoRoot, runAction, untimed } from "./helpers.js";

const USER = "admin";
const PASSWORD = "mlgate-test-Passw0rd";
const VENV = path.join(repoRoot, "target/tools-venv/bin");
const QUIET = { MLFLOW_DISABLE_TELEMETRY: "true", DO_NOT_TRACK: "true" };

/** A free port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** Whether something listens on the port. */
function listening(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.end();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

/** `mlflow server` with basic authentication, its stores in `dir`; stop() kills its process group. */
async function startMlflow(dir) {
  const mlflow = path.join(VENV, "mlflow");
  assert.ok(fs.existsSync(mlflow), "mlflow is not installed: run scripts/test.sh (it installs mlflow[auth] in target/tools-venv)");
  const port = await freePort();
  const log = fs.openSync(path.join(dir, "server.log"), "w");
  const child = spawn(
    mlflow,
    ["server", "--app-name", "basic-auth", "--host", "127.0.0.1", "--port", String(port), "--workers", "1",
      "--backend-store-uri", `sqlite:///${path.join(dir, "store.db")}`, "--artifacts-destination", path.join(dir, "artifacts")],
    {
      cwd: dir,
      detached: true,
      stdio: ["ignore", log, log],
      env: { ...process.env, ...QUIET, MLFLOW_SERVER_ENABLE_JOB_EXECUTION: "false", MLFLOW_AUTH_ADMIN_PASSWORD: PASSWORD, MLFLOW_FLASK_SERVER_SECRET_KEY: "mlgate-test-secret" },
    },
  );
  const stop = () => {
    try {
      process.kill(-(/** @type {number} */ (child.pid)), "SIGTERM");
    } catch {
      // Already gone.
    }
  };
  const deadline = Date.now() + 120_000;
  while (!(await listening(port))) {
    if (Date.now() > deadline) {
      stop();
      throw new Error(`mlflow server did not start: ${fs.readFileSync(path.join(dir, "server.log"), "utf8")}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url: `http://127.0.0.1:${port}`, stop };
}

/** Python of the tools' venv running `script` with `args`, with the server's credentials. */
function python(script, args) {
  const r = spawnSync(path.join(VENV, "python"), ["-c", script, ...args], {
    encoding: "utf8",
    env: { ...process.env, ...QUIET, MLFLOW_TRACKING_USERNAME: USER, MLFLOW_TRACKING_PASSWORD: PASSWORD },
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test("MLflow sources: the Action resolves them as the CLI does, same bytes; mlflow-log records the verdict", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlgate-mlflow-"));
  const server = await startMlflow(dir);
  try {
    const seed = python(fs.readFileSync(path.join(repoRoot, "tests/mlflow/seed.py"), "utf8"), [server.url, path.join(repoRoot, "examples/slices/preds")]);
    const seeded = JSON.parse(seed.trim().split("\n").at(-1) ?? "");
    const env = { MLFLOW_TRACKING_URI: server.url, MLFLOW_TRACKING_USERNAME: USER, MLFLOW_TRACKING_PASSWORD: PASSWORD };
    const config = "tests/mlflow/mlgate.yaml";

    const action = await runAction({ config, comment: "false", "mlflow-log": seeded.log }, { env });
    assert.equal(action.code, 1, action.stdout + action.stderr);
    assert.equal(action.outputs.verdict, "fail");
    const report = fs.readFileSync(action.outputs.report, "utf8");
    const native = cli(["check", "-c", config, "--format", "json"], env);
    assert.equal(native.code, 1, native.stderr);
    assert.equal(untimed(report), untimed(native.stdout), "report JSON differs");
    assert.equal(action.summary, cli(["check", "-c", config, "--format", "markdown"], env).stdout, "markdown differs");
    assert.equal(fs.readFileSync(action.outputs["html-report"], "utf8"), cli(["check", "-c", config, "--format", "html"], env).stdout, "HTML differs");
    const sources = JSON.parse(report).gates[0].sources;
    assert.deepEqual(
      sources.map((/** @type {{input: string, run_id: string}} */ s) => [s.input, s.run_id]),
      [["current", seeded.candidate], ["baseline", seeded.champion], ["predictions/current", seeded.candidate], ["predictions/baseline", seeded.champion]],
    );
    for (const text of [action.stdout, action.stderr, action.summary, action.rawOutput, report]) {
      assert.ok(!text.includes(PASSWORD), "the password never prints");
    }

    const back = JSON.parse(
      python(
        "import json, sys, mlflow\nclient = mlflow.MlflowClient(sys.argv[1])\nrun = client.get_run(sys.argv[2])\npath = client.download_artifacts(sys.argv[2], 'mlgate/report.json', sys.argv[3])\nprint(json.dumps({'tags': run.data.tags, 'report': json.load(open(path))}))\n",
        [server.url, seeded.log, dir],
      ).trim().split("\n").at(-1) ?? "",
    );
    assert.equal(back.tags["mlgate.verdict"], "fail");
    assert.equal(back.tags["mlgate.failed_checks"], "1");
    assert.equal(untimed(JSON.stringify(back.report)), untimed(report));

    // The other forms, a run id and a version number, alike in both shells.
    const forms = path.join(repoRoot, "target/mlflow-forms");
    fs.mkdirSync(forms, { recursive: true });
    const shipped = fs.readFileSync(path.join(repoRoot, config), "utf8");
    const byId = shipped
      .replaceAll(`experiment: churn, filter: "tags.git_sha = 'bbb222'"`, `run: ${seeded.candidate}`)
      .replaceAll("model: churn, alias: champion", "model: churn, version: 1");
    assert.notEqual(byId, shipped);
    fs.writeFileSync(path.join(forms, "mlgate.yaml"), byId);
    const formsConfig = "target/mlflow-forms/mlgate.yaml";
    const formsAction = await runAction({ config: formsConfig, comment: "false", "fail-on": "never" }, { env });
    assert.equal(formsAction.code, 0, formsAction.stdout);
    const formsReport = fs.readFileSync(formsAction.outputs.report, "utf8");
    assert.equal(untimed(formsReport), untimed(cli(["check", "-c", formsConfig, "--format", "json"], env).stdout));
    assert.deepEqual(
      JSON.parse(formsReport).gates[0].sources.map((/** @type {{source: string}} */ s) => s.source),
      [`run ${seeded.candidate}`, "churn version 1", `run ${seeded.candidate}`, "churn version 1"],
    );
    // The same runs, so the same numbers as the shipped config's.
    const numbers = (/** @type {string} */ r) => JSON.parse(r).gates[0].checks.map((/** @type {{observed: number, baseline: number}} */ c) => [c.observed, c.baseline]);
    assert.deepEqual(numbers(formsReport), numbers(report));

    // A refused password fails the step with the CLI's words, naming the config line.
    const refused = await runAction({ config, comment: "false" }, { env: { ...env, MLFLOW_TRACKING_PASSWORD: "wrong-password-1234" } });
    assert.equal(refused.code, 1);
    const cliRefused = cli(["check", "-c", config], { ...env, MLFLOW_TRACKING_PASSWORD: "wrong-password-1234" });
    assert.equal(cliRefused.code, 2);
    const first = cliRefused.stderr.split("\n")[0];
    assert.match(first, /^error: tests\/mlflow\/mlgate\.yaml:10:14: metrics\[0\]\.current: MLflow experiment "churn": the MLflow server at .* refused the request \(HTTP 401\)/);
    assert.ok(refused.stdout.includes(`::error::${first}`), refused.stdout);
  } finally {
    server.stop();
  }
});
