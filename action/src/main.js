// @ts-check
// The mlgate GitHub Action: a thin Node shell around the Rust core compiled to WebAssembly. The
// core decides everything (what to read, each request, the verdict, every report); this shell
// only performs the I/O:
//
// it reads the config and exactly the files the core says it needs (refusing paths outside the
// workspace), reads files declared at git revisions, performs the live requests the core built,
// runs the core, then writes the reports, uploads the HTML one when asked, writes the job summary,
// sets the outputs, prints the annotations, keeps one pull-request comment up to date, and fails
// the step when the verdict reaches `fail-on`.

import * as actions from "@actions/core";
import fs from "node:fs";
import path from "node:path";
import { upsertComment } from "./comment.js";
import * as core from "./core.js";
import { readGitFile, refusePullRequestHead } from "./git.js";
import { logToMlflow, resolveMlflow } from "./mlflow.js";
import { fetchLive } from "./prometheus.js";
import { insideWorkspace, readFiles, workspaceRoot } from "./workspace.js";

/** @typedef {import("./git.js").Event} Event */

/** The inputs of action.yml, as the runner hands them over (`INPUT_*`). */
function inputs() {
  const isPullRequest = Boolean(process.env.GITHUB_EVENT_PATH) && /^pull_request/.test(process.env.GITHUB_EVENT_NAME || "pull_request");
  return {
    config: actions.getInput("config") || "mlgate.yaml",
    only: actions.getInput("only").split(/[\s,]+/).filter(Boolean),
    failOn: actions.getInput("fail-on") || "fail",
    isPullRequest,
    // Empty (the default): on pull requests only.
    comment: actions.getInput("comment") === "" ? isPullRequest : actions.getBooleanInput("comment"),
    summary: actions.getBooleanInput("summary"),
    uploadReport: actions.getBooleanInput("upload-report"),
    reportName: reportName(actions.getInput("report-name") || "mlgate-report"),
    mlflowLog: actions.getInput("mlflow-log"),
    // The runner masks github.token itself; echoing it in an add-mask command would print it.
    token: actions.getInput("github-token"),
  };
}

/**
 * The reports' file name without extension: also the artifact's name, so two mlgate steps of one
 * job (or of a matrix) can keep theirs apart.
 * @param {string} name
 */
function reportName(name) {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) || name.length > 100) {
    throw new Error(`error: report-name: expected letters, digits, '.', '_' or '-' (a file and artifact name), found ${JSON.stringify(name)}`);
  }
  return name;
}

/** Runs the Action once: what `dist/index.js` does when the runner starts it. */
export async function main() {
  const root = workspaceRoot();
  /** @type {Event} */
  const event = process.env.GITHUB_EVENT_PATH ? JSON.parse(fs.readFileSync(process.env.GITHUB_EVENT_PATH, "utf8")) : {};
  refusePullRequestHead(root, event);
  const input = inputs();
  const configFull = insideWorkspace(root, root, input.config);
  const configPath = path.relative(root, configFull).split(path.sep).join("/");
  const configDir = path.dirname(configFull);

  let configText;
  try {
    configText = fs.readFileSync(configFull, "utf8");
  } catch (e) {
    const error = /** @type {NodeJS.ErrnoException} */ (e);
    throw new Error(`error: ${configPath}: cannot read the config file: ${error.code === "ENOENT" ? "no such file" : error.message}`);
  }
  const needed = core.needs(configText, configPath, Date.now() / 1000);
  const { paths, contents } = readFiles(root, configDir, needed.files, needed.max_input_bytes);
  for (const need of needed.git) {
    paths.push(need.key);
    contents.push(await readGitFile(need, { root, configDir, event, token: input.token }));
  }
  for (const request of needed.live) {
    paths.push(request.key);
    contents.push(await fetchLive(request));
  }
  for (const [key, answer] of await resolveMlflow(configText, configPath)) {
    paths.push(key);
    contents.push(answer);
  }

  const result = core.run(configText, configPath, paths, contents, input.only, input.failOn, Date.now() / 1000);
  const temp = process.env.RUNNER_TEMP || process.cwd();
  const reportPath = path.join(temp, `${input.reportName}.json`);
  fs.writeFileSync(reportPath, result.report);
  const htmlPath = path.join(temp, `${input.reportName}.html`);
  fs.writeFileSync(htmlPath, result.html);
  let markdown = result.markdown;
  let htmlUrl = "";
  if (input.uploadReport) {
    try {
      // Loaded only when asked for: the artifact client is most of the bundle's JavaScript.
      const { uploadReport } = await import("./artifact.js");
      htmlUrl = await uploadReport(htmlPath);
      markdown = core.markdownLinking(result.report, htmlUrl);
      actions.info(`mlgate: the HTML report is the artifact ${htmlUrl}`);
    } catch (e) {
      // The verdict stands without the page; the warning says why it is not linked.
      actions.warning(`mlgate: could not upload the HTML report as an artifact (${/** @type {Error} */ (e).message}); the comment and summary do not link it`);
    }
  }
  actions.setOutput("verdict", result.verdict);
  actions.setOutput("report", reportPath);
  actions.setOutput("html-report", htmlPath);
  actions.setOutput("html-report-url", htmlUrl);
  actions.setOutput("failed-checks", String(result.failed_checks));
  if (input.summary && process.env.GITHUB_STEP_SUMMARY) {
    await actions.summary.addRaw(markdown).write();
  }
  if (result.annotations) process.stdout.write(result.annotations);
  if (input.comment && input.isPullRequest) {
    if (!input.token) {
      actions.warning("mlgate: no github-token, so no pull-request comment; the job summary has the report");
    } else {
      try {
        await upsertComment(markdown, input.token, event.pull_request?.number);
      } catch (e) {
        // A fork's read-only token: the summary and the verdict still stand.
        actions.warning(`mlgate: could not comment on the pull request (${/** @type {Error} */ (e).message}); on forks, use the job summary or a workflow_run workflow`);
      }
    }
  }
  if (input.mlflowLog) {
    // As the CLI's --mlflow-log: a verdict that cannot be recorded fails the step.
    await logToMlflow(configText, configPath, input.mlflowLog, result.report);
    actions.info(`mlgate: recorded the verdict on the MLflow run ${input.mlflowLog}`);
  }
  if (result.exit_code !== 0) {
    actions.setFailed(`mlgate: verdict ${result.verdict} (fail-on: ${input.failOn})`);
  } else {
    actions.info(`mlgate: verdict ${result.verdict}`);
  }
}
