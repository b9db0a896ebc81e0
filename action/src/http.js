// @ts-check
// One HTTP request as the core's requests describe them: the answer's status and body, or, when
// no answer came (connection refused, timeout), status 0 with the reason as the body, so that the
// core words every failure itself.

/**
 * @param {string} url
 * @param {number} timeoutMs
 * @param {{ method?: string, headers?: [string, string][], body?: string }} [init]
 * @returns {Promise<{ status: number, body: Uint8Array }>}
 */
export async function perform(url, timeoutMs, init = {}) {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, body: new Uint8Array(await response.arrayBuffer()) };
  } catch (e) {
    const cause = /** @type {{ cause?: Error }} */ (e).cause;
    return { status: 0, body: new TextEncoder().encode(cause?.message ?? /** @type {Error} */ (e).message) };
  }
}
