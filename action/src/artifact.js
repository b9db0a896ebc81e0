// @ts-check
// The HTML report as a workflow artifact (`upload-report: true`), uploaded with GitHub's own
// client and unzipped, so the artifact opens as the page itself; the comment and the job summary
// link its URL.

import { DefaultArtifactClient } from "@actions/artifact";
import path from "node:path";

/**
 * Uploads `file` as a workflow artifact named as the file; resolves to the artifact's URL on
 * GitHub (what actions/upload-artifact's `artifact-url` output gives).
 * @param {string} file
 * @returns {Promise<string>}
 */
export async function uploadReport(file) {
  const client = new DefaultArtifactClient();
  const { id } = await client.uploadArtifact(path.basename(file), [file], path.dirname(file), { skipArchive: true });
  if (id === undefined) throw new Error("the artifact service gave no artifact id");
  const server = (process.env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, "");
  return `${server}/${process.env.GITHUB_REPOSITORY}/actions/runs/${process.env.GITHUB_RUN_ID}/artifacts/${id}`;
}
