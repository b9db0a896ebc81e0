// Parity: the Action's report equals the CLI's byte for byte (timings aside), markdown included,
// for every config under examples/ and the acceptance cases (Great Expectations' and Kayenta's)
// when ../shared is present.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import test from "node:test";
import { cli, repoRoot, runAction, untimed } from "./helpers.js";

function configs() {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".yaml") && fs.readFileSync(p, "utf8").includes("version: 1")) out.push(path.relative(repoRoot, p));
    }
  };
  walk(path.join(repoRoot, "examples"));
  for (const set of ["gx", "kayenta"]) {
    const cases = path.join(repoRoot, "../shared/acceptance", set);
    if (!fs.existsSync(cases)) continue;
    // Only inside the workspace (the Action reads nothing outside it): copy the cases in.
    const target = path.join(repoRoot, `target/parity-${set}`);
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(cases, target, { recursive: true });
    for (const c of fs.readdirSync(target)) {
      if (fs.existsSync(path.join(target, c, "mlgate.yaml"))) out.push(path.relative(repoRoot, path.join(target, c, "mlgate.yaml")));
    }
  }
  return out.sort();
}

test("the CLI and the Action give the same report and markdown", async () => {
  const list = configs();
  assert.ok(list.length >= 2);
  for (const config of list) {
    const native = cli(["check", "-c", config, "--format", "json"]);
    const markdown = cli(["check", "-c", config, "--format", "markdown"]);
    const action = await runAction({ config, comment: "false", "fail-on": "never" });
    assert.equal(action.code, 0, `${config}: ${action.stdout}`);
    const report = fs.readFileSync(action.outputs.report, "utf8");
    assert.equal(untimed(report), untimed(native.stdout), `${config}: report JSON differs`);
    assert.equal(action.summary, markdown.stdout, `${config}: markdown differs`);
  }
});
