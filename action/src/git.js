// @ts-check
// Files at git revisions, and which commit the workspace holds.
//
// A file declared `{git: REV, path: P}` is read with git when the checkout has that history;
// otherwise (a shallow checkout, the default of actions/checkout) through the GitHub contents
// API. Without `git:` the revision is the base branch: the pull request's base commit (else the
// repository's default branch), where a revision naming the pull request's base branch means
// its base commit, the one the pull request is compared with.

import * as actions from "@actions/core";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { insideWorkspace } from "./workspace.js";

/** @typedef {import("./core.js").GitNeed} GitNeed */

/**
 * The parts of the workflow's event payload the Action reads.
 * @typedef {{ pull_request?: { number?: number, head?: { sha?: string }, base?: { sha?: string, ref?: string } }, repository?: { default_branch?: string } }} Event
 */

/**
 * A branch name without the prefixes git writes before it (`origin/main` -> `main`).
 * @param {string} rev
 */
function branchName(rev) {
  return rev.replace(/^refs\/heads\//, "").replace(/^(refs\/remotes\/)?origin\//, "");
}

/**
 * The bytes of a file at a git revision.
 * @param {GitNeed} need
 * @param {{ root: string, configDir: string, event: Event, token: string }} context
 * @returns {Promise<Uint8Array>}
 */
export async function readGitFile(need, { root, configDir, event, token }) {
  const full = insideWorkspace(root, configDir, need.path);
  const repoPath = path.relative(root, full).split(path.sep).join("/");
  const base = event.pull_request?.base;
  const defaultBranch = event.repository?.default_branch;
  /** @param {string} why */
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
  const url = `${api}/repos/${process.env.GITHUB_REPOSITORY}/contents/${encoded}?ref=${encodeURIComponent(String(apiRef))}`;
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, accept: "application/vnd.github.raw+json", "user-agent": "mlgate-action" },
    signal: AbortSignal.timeout(30_000),
  });
  if (response.ok) return new Uint8Array(await response.arrayBuffer());
  const what = response.status === 404 ? `no file ${repoPath} at ${apiRef}` : `HTTP ${response.status}`;
  throw fail(`git cannot read it here (${gitWhy}), and the GitHub contents API answered ${what}; expected a file committed at that revision`);
}

const PWN_REQUESTS = "https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/";

/**
 * On `pull_request_target` the workflow runs with a write token and the repository's secrets. If
 * the workspace holds the pull request's own commit (its head, or the merge GitHub makes of it),
 * its files come from whoever opened the pull request: refuse unless the workflow opts in.
 * @param {string} root
 * @param {Event} event
 */
export function refusePullRequestHead(root, event) {
  if (process.env.GITHUB_EVENT_NAME !== "pull_request_target") return;
  if (actions.getBooleanInput("allow-pull-request-head")) return;
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
