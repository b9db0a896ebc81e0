// @ts-check
// MLflow sources: the core walks each source's chain of REST calls (alias → version → run →
// artifact) and hands over the calls whose answers are missing; this module performs them, hands
// each answer back to the core to check, and asks again until nothing is missing.

import * as core from "./core.js";
import { perform } from "./http.js";

/**
 * Every answer the config's MLflow sources need, under its request's key.
 * @param {string} configText
 * @param {string} configPath
 * @returns {Promise<Map<string, Uint8Array>>}
 */
export async function resolveMlflow(configText, configPath) {
  return answer((answers) => core.mlflowRequests(configText, configPath, mlflowEnv(), answers));
}

/**
 * Records the run's verdict on the MLflow run `runId` (the input `mlflow-log`).
 * @param {string} configText
 * @param {string} configPath
 * @param {string} runId
 * @param {string} reportJson
 */
export async function logToMlflow(configText, configPath, runId, reportJson) {
  await answer((answers) => core.mlflowLogRequests(configText, configPath, mlflowEnv(), runId, reportJson, answers));
}

/** The variables of the environment MLflow calls read, those that are set. */
function mlflowEnv() {
  /** @type {Record<string, string>} */
  const env = {};
  for (const name of core.mlflowEnvNames()) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  return env;
}

/**
 * Performs the calls `next` asks for, round after round, until it asks for none.
 * @param {(answers: Map<string, Uint8Array>) => core.HttpRequest[]} next
 * @returns {Promise<Map<string, Uint8Array>>}
 */
async function answer(next) {
  /** @type {Map<string, Uint8Array>} */
  const answers = new Map();
  for (;;) {
    const requests = next(answers);
    if (requests.length === 0) return answers;
    for (const request of requests) answers.set(request.key, await call(request));
  }
}

/**
 * One call, its answer checked by the core.
 * @param {core.HttpRequest} request
 * @returns {Promise<Uint8Array>}
 */
async function call(request) {
  const { status, body } = await perform(request.url, request.timeout_ms, { method: request.method, headers: request.headers, body: request.body });
  return core.mlflowResponse(request, status, body);
}
