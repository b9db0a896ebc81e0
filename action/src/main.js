// The mlgate GitHub Action: a thin Node shell around the Rust core compiled to WebAssembly.
//
// It reads the config and exactly the files the core says it needs (refusing paths outside the
// workspace), reads files declared at git revisions (with git when the checkout has the history,
// else through the GitHub contents API), fetches declared live Prometheus queries, runs the
// core, then: writes the job
// summary, sets the outputs, prints the annotations, keeps one pull-request comment up to date
// (found by its hidden marker), and fails the step when the verdict reaches `fail-on`.

import * as core from "@actions/core";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { needs, run, takePanicMessage } from "../wasm/mlgate_wasm.js";

const MARKER_PREFIX = "<!-- mlgate-report config=";

/** Calls into the core, turning a wasm trap from a Rust panic into an Error with its message. */
function callCore(fn, ...args) {
  try {
    return fn(...args);
  } catch (e) {
    const panic = takePanicMessage();
    throw new Error(panic ? `mlgate hit an internal error (a bug; please report it): ${panic}` : e.message);
  }
}

/** The workspace root: nothing outside it is read. */
function workspaceRoot() {
  return path.resolve(process.env.GITHUB_WORKSPACE || process.cwd());
}

/** Resolves a config-relative path, refusing anything that leaves the workspace. */
function insideWorkspace(root, base, rel) {
  const full = path.resolve(base, rel);
  const real = fs.existsSync(full) ? fs.realpathSync(full) : full;
  const rootReal = fs.realpathSync(root);
  if (real !== rootReal && !real.startsWith(rootReal + path.sep)) {
    throw new Error(`${rel}: the path leaves the workspace (${root}); mlgate only reads files inside it`);
  }
  return full;
}

/** Every file below a directory, as paths relative to it with `/` separators, sorted. */
function listFiles(dir, prefix = "") {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(path.join(dir, entry.name), rel));
    else out.push(rel);
  }
  return out;
}

/** `now`, `-30m` (relative to now), or passed on as written, as the CLI does. */
function timeParam(value, now) {
  const t = (value ?? "").trim();
  if (t === "now") return now.toFixed(3);
  if (t.startsWith("-")) {
    const units = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
    let total = 0;
    const parts = t.slice(1).match(/(\d+)(ms|s|m|h|d|w|y)/g);
    if (!parts || parts.join("") !== t.slice(1)) throw new Error(`${JSON.stringify(t)} is not a duration; expected e.g. -30m`);
    for (const p of parts) {
      const [, n, u] = p.match(/(\d+)(ms|s|m|h|d|w|y)/);
      total += Number(n) * units[u];
    }
    return (now - total).toFixed(3);
  }
  return t;
}

async function fetchLive(need, now) {
  const base = need.url.replace(/\/+$/, "");
  const params = new URLSearchParams({ query: need.query });
  let url;
  if (need.start) {
    params.set("start", timeParam(need.start, now));
    params.set("end", timeParam(need.end ?? "now", now));
    params.set("step", need.step ?? "15s");
    url = `${base}/api/v1/query_range?${params}`;
  } else {
    if (need.end) params.set("time", timeParam(need.end, now));
    url = `${base}/api/v1/query?${params}`;
  }
  const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  const body = new Uint8Array(await response.arrayBuffer());
  if (!response.ok && body[0] !== 0x7b /* { : Prometheus' JSON error envelope */) {
    const where = need.declared_at ? `${need.declared_at}: ` : "";
    throw new Error(`${where}cannot query Prometheus at ${base}: HTTP ${response.status}`);
  }
  return body;
}

/** A branch name without the prefixes git writes before it (`origin/main` -> `main`). */
function branchName(rev) {
  return rev.replace(/^refs\/heads\//, "").replace(/^(refs\/remotes\/)?origin\//, "");
}

/**
 * A file at a git revision (`{git: REV, path: P}`, P relative to the config's folder). Without
 * `git:` the revision is the base branch: the pull request's base commit (else the repository's
 * default branch). Read with git when the checkout has that history; otherwise (a shallow
 * checkout, the default of actions/checkout) through the contents API, where a revision naming
 * the pull request's base branch means its base commit, the one the pull request is compared with.
 */
async function readGitFile(need, { root, configDir, event, token }) {
  const full = insideWorkspace(root, configDir, need.path);
  const repoPath = path.relative(root, full).split(path.sep).join("/");
  const base = event.pull_request?.base;
  const defaultBranch = event.repository?.default_branch;
  const fail = (why) => new Error(`error: ${need.declared_at ? `${need.declared_at}: ` : ""}${need.key}: ${why}`);
  if (!need.git && !base?.sha && !defaultBranch) {
    throw fail("no `git:` revision is given and this run is not for a pull request; expected `git: REF` (e.g. origin/main)");
  }
  const gitRev = need.git ?? base?.sha ?? `origin/${defaultBranch}`;
  const local = spawnSync("git", ["-C", configDir, "cat-file", "blob", "--end-of-options", `${gitRev}:./${need.path.replace(/^\.\//, "")}`], {
    maxBuffer: 1 << 30,
  });
  if (local.status === 0) return new Uint8Array(local.stdout);
  const gitWhy = (local.error?.message ?? String(local.stderr).split("\n")[0].replace(/^fatal: /, "")) || "git could not read it";

  let apiRef = need.git ? branchName(need.git) : (base?.sha ?? defaultBranch);
  if (need.git && base?.sha && base.ref && branchName(need.git) === base.ref) apiRef = base.sha;
  if (!token) throw fail(`git cannot read it here (${gitWhy}) and there is no github-token for the contents API; fetch the history (fetch-depth: 0 in actions/checkout)`);
  const api = (process.env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, "");
  const encoded = repoPath.split("/").map(encodeURIComponent).join("/");
  const url = `${api}/repos/${process.env.GITHUB_REPOSITORY}/contents/${encoded}?ref=${encodeURIComponent(apiRef)}`;
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, accept: "application/vnd.github.raw+json", "user-agent": "mlgate-action" },
    signal: AbortSignal.timeout(30_000),
  });
  if (response.ok) return new Uint8Array(await response.arrayBuffer());
  const what = response.status === 404 ? `no file ${repoPath} at ${apiRef}` : `HTTP ${response.status}`;
  throw fail(`git cannot read it here (${gitWhy}), and the GitHub contents API answered ${what}; expected a file committed at that revision`);
}

/** Calls the GitHub REST API. */
async function github(method, url, token, body) {
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: "application/vnd.github+json",
      "content-type": "application/json",
      "user-agent": "mlgate-action",
    },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) {
    const error = new Error(`${method} ${new URL(url).pathname}: HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return text ? JSON.parse(text) : null;
}

/** Creates or edits the one comment of this config on the pull request. */
async function upsertComment(markdown, token, event) {
  const number = event.pull_request?.number;
  if (!number) return;
  const api = (process.env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, "");
  const repo = process.env.GITHUB_REPOSITORY;
  const marker = markdown.split("\n", 1)[0];
  if (!marker.startsWith(MARKER_PREFIX)) throw new Error("the report has no marker line");
  let existing = null;
  for (let page = 1; !existing; page++) {
    const comments = await github("GET", `${api}/repos/${repo}/issues/${number}/comments?per_page=100&page=${page}`, token);
    existing = comments.find((c) => typeof c.body === "string" && c.body.split("\n", 1)[0] === marker) ?? null;
    if (comments.length < 100) break;
  }
  if (existing) {
    await github("PATCH", `${api}/repos/${repo}/issues/comments/${existing.id}`, token, { body: markdown });
    core.info(`mlgate: updated the pull-request comment ${existing.id}`);
  } else {
    const created = await github("POST", `${api}/repos/${repo}/issues/${number}/comments`, token, { body: markdown });
    core.info(`mlgate: created the pull-request comment ${created?.id}`);
  }
}

const PWN_REQUESTS = "https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/";

/**
 * On `pull_request_target` the workflow runs with a write token and the repository's secrets. If
 * the workspace holds the pull request's own commit (its head, or the merge GitHub makes of it),
 * its files come from whoever opened the pull request: refuse unless the workflow opts in.
 */
function refusePullRequestHead(root, event) {
  if (process.env.GITHUB_EVENT_NAME !== "pull_request_target") return;
  if (core.getInput("allow-pull-request-head") === "true") return;
  const head = event.pull_request?.head?.sha;
  const commits = spawnSync("git", ["-C", root, "rev-list", "--parents", "-n", "1", "HEAD"], { encoding: "utf8" });
  const checkedOut = commits.status === 0 ? commits.stdout.trim().split(/\s+/) : [];
  if (checkedOut.length > 0 && head && !checkedOut.includes(head)) return; // the base's files: safe
  const what = checkedOut.length === 0 ? "mlgate cannot tell which commit the workspace holds (no git history)" : "the workspace holds the pull request's head";
  throw new Error(
    `mlgate: on pull_request_target ${what}, whose files come from the pull request's author, while this ` +
      `workflow has a write token and secrets; mlgate will not read them. Check out the base (the default), ` +
      `run mlgate in a pull_request workflow, or set allow-pull-request-head: true if you trust every ` +
      `pull request. See ${PWN_REQUESTS}`,
  );
}

async function main() {
  const root = workspaceRoot();
  const event = process.env.GITHUB_EVENT_PATH ? JSON.parse(fs.readFileSync(process.env.GITHUB_EVENT_PATH, "utf8")) : {};
  refusePullRequestHead(root, event);
  const configInput = core.getInput("config") || "mlgate.yaml";
  const configFull = insideWorkspace(root, root, configInput);
  const configPath = path.relative(root, configFull).split(path.sep).join("/");
  const configDir = path.dirname(configFull);
  const only = core.getInput("only").split(/[\s,]+/).filter(Boolean);
  const failOn = core.getInput("fail-on") || "fail";
  const isPullRequest = Boolean(process.env.GITHUB_EVENT_PATH) && /^pull_request/.test(process.env.GITHUB_EVENT_NAME || "pull_request");
  const wantComment = (core.getInput("comment") || (isPullRequest ? "true" : "false")) === "true";
  const wantSummary = (core.getInput("summary") || "true") === "true";
  // The runner masks github.token itself; echoing it in an add-mask command would print it.
  const token = core.getInput("github-token");

  let configText;
  try {
    configText = fs.readFileSync(configFull, "utf8");
  } catch (e) {
    throw new Error(`error: ${configPath}: cannot read the config file: ${e.code === "ENOENT" ? "no such file" : e.message}`);
  }
  const needed = JSON.parse(callCore(needs, configText, configPath));
  const paths = [];
  const contents = [];
  // A file over settings.max_input_mb is not read: its size goes to the core, which refuses it
  // with the CLI's message (reading gigabytes only to refuse them could exhaust memory).
  const readOrSize = (full) => {
    const size = fs.statSync(full).size;
    return size > needed.max_input_bytes ? size : new Uint8Array(fs.readFileSync(full));
  };
  for (const rel of needed.files) {
    const full = insideWorkspace(root, configDir, rel);
    if (!fs.existsSync(full)) continue; // the core reports a missing file with its config line
    if (fs.statSync(full).isDirectory()) {
      for (const f of listFiles(full)) {
        const inner = insideWorkspace(root, full, f);
        paths.push(`${rel.replace(/\/+$/, "")}/${f}`);
        contents.push(readOrSize(inner));
      }
    } else {
      paths.push(rel);
      contents.push(readOrSize(full));
    }
  }
  for (const need of needed.git) {
    paths.push(need.key);
    contents.push(await readGitFile(need, { root, configDir, event, token }));
  }
  const now = Date.now() / 1000;
  for (const need of needed.live) {
    paths.push(need.key);
    contents.push(await fetchLive(need, now));
  }

  const result = JSON.parse(callCore(run, configText, configPath, paths, contents, only, failOn));
  const reportPath = path.join(process.env.RUNNER_TEMP || process.cwd(), "mlgate-report.json");
  fs.writeFileSync(reportPath, result.report);
  core.setOutput("verdict", result.verdict);
  core.setOutput("report", reportPath);
  core.setOutput("failed-checks", String(result.failed_checks));
  if (wantSummary && process.env.GITHUB_STEP_SUMMARY) {
    await core.summary.addRaw(result.markdown).write();
  }
  if (result.annotations) process.stdout.write(result.annotations);
  if (wantComment && isPullRequest) {
    if (!token) {
      core.warning("mlgate: no github-token, so no pull-request comment; the job summary has the report");
    } else {
      try {
        await upsertComment(result.markdown, token, event);
      } catch (e) {
        // A fork's read-only token: the summary and the verdict still stand.
        core.warning(`mlgate: could not comment on the pull request (${e.message}); on forks, use the job summary or a workflow_run workflow`);
      }
    }
  }
  if (result.exit_code !== 0) {
    core.setFailed(`mlgate: verdict ${result.verdict} (fail-on: ${failOn})`);
  } else {
    core.info(`mlgate: verdict ${result.verdict}`);
  }
}

main().catch((e) => core.setFailed(e.message));
