// @ts-check
// Live Prometheus queries: the core hands over finished requests (relative times resolved,
// URL built); this module performs each GET and hands the answer back to the core to check.

import * as core from "./core.js";
import { perform } from "./http.js";

/**
 * The body of one live request, as the core accepts it.
 * @param {core.LiveRequest} request
 * @returns {Promise<Uint8Array>}
 */
export async function fetchLive(request) {
  const { status, body } = await perform(request.url, request.timeout_ms);
  return core.liveResponse(request, status, body);
}
