// main() is callable in-process: the bundle the runner starts only runs when it is the entry
// point, and hands `main` over when imported. Here it runs once on the quickstart, with the
// runner's variables set in this process.
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import test from "node:test";
import { actionMetadata, inputEnvironment, parseOutputs, repoRoot } from "./helpers.js";

test("main() from the bundle, called in-process, judges the quickstart and sets the outputs", async () => {
  const bundle = createRequire(import.meta.url)(path.join(repoRoot, actionMetadata().runs.main));
  assert.equal(typeof bundle.main, "function", "the bundle hands main over when imported");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mlgate-main-"));
  const runner = {
    GITHUB_OUTPUT: path.join(tmp, "output"),
    GITHUB_STEP_SUMMARY: path.join(tmp, "summary.md"),
    GITHUB_WORKSPACE: repoRoot,
    GITHUB_EVENT_NAME: "push",
    RUNNER_TEMP: tmp,
    ...inputEnvironment(actionMetadata(), { config: "examples/quickstart/mlgate.yaml" }),
  };
  fs.writeFileSync(runner.GITHUB_OUTPUT, "");
  fs.writeFileSync(runner.GITHUB_STEP_SUMMARY, "");
  const saved = { ...process.env };
  Object.assign(process.env, runner);
  delete process.env.GITHUB_EVENT_PATH;
  try {
    await bundle.main();
  } finally {
    process.env = saved;
  }
  assert.equal(process.exitCode ?? 0, 0, "the step passes");
  const outputs = parseOutputs(fs.readFileSync(runner.GITHUB_OUTPUT, "utf8"));
  assert.equal(outputs.verdict, "pass");
  assert.equal(outputs["failed-checks"], "0");
  assert.equal(JSON.parse(fs.readFileSync(outputs.report, "utf8")).config, "examples/quickstart/mlgate.yaml");
  assert.ok(fs.readFileSync(runner.GITHUB_STEP_SUMMARY, "utf8").startsWith("<!-- mlgate-report config=examples/quickstart/mlgate.yaml -->"));
});
