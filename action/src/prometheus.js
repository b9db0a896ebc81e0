// @ts-check
// Live Prometheus queries: the core hands over finished requests (relative times resolved,
// URL built); this module performs each GET and hands the answer back to the core to check.

import * as core from "./core.js";

/**
 * The body of one live request, as the core accepts it.
 * @param {core.LiveRequest} request
 * @returns {Promise<Uint8Array>}
 */
export async function fetchLive(request) {
  let status;
  let body;
  try {
    const response = await fetch(request.url, { signal: AbortSignal.timeout(request.timeout_ms) });
    body = new Uint8Array(await response.arrayBuffer());
    status = response.status;
  } catch (e) {
    // No answer: status 0, with the reason as its body (the core words the error).
    const cause = /** @type {{ cause?: Error }} */ (e).cause;
    status = 0;
    body = new TextEncoder().encode(cause?.message ?? /** @type {Error} */ (e).message);
  }
  return core.liveResponse(request, status, body);
}
