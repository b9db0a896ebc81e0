// @ts-check
// The Rust core, compiled to WebAssembly: every decision is made there. This module only turns
// its JSON into typed values and a trap from a Rust panic into an Error with its message.

import "./tiering.js"; // before the core is compiled
import * as wasm from "../wasm/mlgate_wasm.js";

/**
 * A live query as a finished request (`mlgate_engine::host::LiveRequest`): GET `url`, wait at
 * most `timeout_ms`, and hand the answer to {@link liveResponse}.
 * @typedef {{ key: string, url: string, timeout_ms: number, source: string, declared_at: object | null }} LiveRequest
 */

/**
 * A file at a git revision (`mlgate_engine::host::GitNeed`).
 * @typedef {{ key: string, git: string | null, path: string, declared_at: string | null }} GitNeed
 */

/**
 * One MLflow REST call (`mlgate_engine::mlflow::HttpRequest`): `headers` may carry a credential,
 * so a request is never printed.
 * @typedef {{ key: string, method: string, url: string, headers: [string, string][], body?: string, timeout_ms: number, what: string, declared_at: object | null }} HttpRequest
 */

/**
 * What the host must do before the run (`mlgate_engine::host::Needs`).
 * @typedef {{ files: string[], live: LiveRequest[], git: GitNeed[], max_input_bytes: number }} Needs
 */

/**
 * What one run gives back.
 * @typedef {{ verdict: string, exit_code: number, failed_checks: number, report: string, markdown: string, html: string, annotations: string }} RunResult
 */

/**
 * Calls into the core, turning a wasm trap from a Rust panic into an Error with its message.
 * @template T
 * @param {() => T} call
 * @returns {T}
 */
function callCore(call) {
  try {
    return call();
  } catch (e) {
    const panic = wasm.takePanicMessage();
    throw new Error(panic ? `mlgate hit an internal error (a bug; please report it): ${panic}` : /** @type {Error} */ (e).message);
  }
}

/**
 * What a run of this config reads, with live queries as requests at `now`.
 * @param {string} configText
 * @param {string} configPath
 * @param {number} now unix seconds
 * @returns {Needs}
 */
export function needs(configText, configPath, now) {
  return JSON.parse(callCore(() => wasm.needs(configText, configPath, now)));
}

/**
 * A live answer, checked as the CLI checks it: the bytes to hand over, or an Error naming the
 * config line.
 * @param {LiveRequest} request
 * @param {number} status
 * @param {Uint8Array} body
 * @returns {Uint8Array}
 */
export function liveResponse(request, status, body) {
  return callCore(() => wasm.liveResponse(JSON.stringify(request), status, body));
}

/**
 * Runs the config over what the host read: `contents[i]` is the file `paths[i]`, its size when it
 * was left unread for being over `needs().max_input_bytes`, its kind (`fifo`, `socket`, ...)
 * when it is not a regular file, or `{missing: [names]}` when it is not there.
 * @param {string} configText
 * @param {string} configPath
 * @param {string[]} paths
 * @param {(Uint8Array | number | string | { missing: string[] })[]} contents
 * @param {string[]} only
 * @param {string} failOn
 * @param {number} now unix seconds (what `today` and `now` in date bounds mean)
 * @returns {RunResult}
 */
export function run(configText, configPath, paths, contents, only, failOn, now) {
  return JSON.parse(callCore(() => wasm.run(configText, configPath, paths, contents, only, failOn, now)));
}

/**
 * The markdown report of a run again, from its JSON report, linking the HTML report at `url`.
 * @param {string} reportJson {@link RunResult}'s `report`
 * @param {string} url where the host uploaded the HTML report
 * @returns {string}
 */
export function markdownLinking(reportJson, url) {
  return callCore(() => wasm.markdown(reportJson, url));
}

/** The environment variables MLflow sources read. @returns {string[]} */
export function mlflowEnvNames() {
  return callCore(() => wasm.mlflowEnvNames());
}

/**
 * The MLflow calls whose answers are not in `answers` yet; none when every source is resolved.
 * @param {string} configText
 * @param {string} configPath
 * @param {Record<string, string>} env the variables of {@link mlflowEnvNames} that are set
 * @param {Map<string, Uint8Array>} answers
 * @returns {HttpRequest[]}
 */
export function mlflowRequests(configText, configPath, env, answers) {
  return JSON.parse(callCore(() => wasm.mlflowRequests(configText, configPath, JSON.stringify(env), [...answers.keys()], [...answers.values()])));
}

/**
 * The MLflow calls that record a run's verdict on the MLflow run `runId`, not in `answers` yet.
 * @param {string} configText
 * @param {string} configPath
 * @param {Record<string, string>} env
 * @param {string} runId
 * @param {string} reportJson
 * @param {Map<string, Uint8Array>} answers
 * @returns {HttpRequest[]}
 */
export function mlflowLogRequests(configText, configPath, env, runId, reportJson, answers) {
  return JSON.parse(callCore(() => wasm.mlflowLogRequests(configText, configPath, JSON.stringify(env), runId, reportJson, [...answers.keys()], [...answers.values()])));
}

/**
 * One MLflow answer, checked as the CLI checks it: the bytes to hand over, or an Error naming
 * the MLflow object and the config line.
 * @param {HttpRequest} request
 * @param {number} status
 * @param {Uint8Array} body
 * @returns {Uint8Array}
 */
export function mlflowResponse(request, status, body) {
  return callCore(() => wasm.mlflowResponse(JSON.stringify(request), status, body));
}
