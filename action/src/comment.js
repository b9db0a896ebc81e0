// @ts-check
// The one pull-request comment per config, kept up to date: found by the hidden marker line the
// core writes first in the markdown report, across every page of comments.

import * as actions from "@actions/core";

const MARKER_PREFIX = "<!-- mlgate-report config=";

/**
 * Calls the GitHub REST API; an answer that is not 2xx throws with its status.
 * @param {string} method
 * @param {string} url
 * @param {string} token
 * @param {object} [body]
 */
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
  if (!response.ok) throw new Error(`${method} ${new URL(url).pathname}: HTTP ${response.status}`);
  return text ? JSON.parse(text) : null;
}

/**
 * Creates or edits the one comment of this config on pull request `number` (none: nothing to do).
 * @param {string} markdown the report, its marker line first
 * @param {string} token
 * @param {number | undefined} number
 */
export async function upsertComment(markdown, token, number) {
  if (!number) return;
  const api = (process.env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, "");
  const repo = process.env.GITHUB_REPOSITORY;
  const marker = markdown.split("\n", 1)[0];
  if (!marker.startsWith(MARKER_PREFIX)) throw new Error("the report has no marker line");
  let existing = null;
  for (let page = 1; !existing; page++) {
    /** @type {{ id: number, body?: unknown }[]} */
    const comments = await github("GET", `${api}/repos/${repo}/issues/${number}/comments?per_page=100&page=${page}`, token);
    existing = comments.find((c) => typeof c.body === "string" && c.body.split("\n", 1)[0] === marker) ?? null;
    if (comments.length < 100) break;
  }
  if (existing) {
    await github("PATCH", `${api}/repos/${repo}/issues/comments/${existing.id}`, token, { body: markdown });
    actions.info(`mlgate: updated the pull-request comment ${existing.id}`);
  } else {
    const created = await github("POST", `${api}/repos/${repo}/issues/${number}/comments`, token, { body: markdown });
    actions.info(`mlgate: created the pull-request comment ${created?.id}`);
  }
}
