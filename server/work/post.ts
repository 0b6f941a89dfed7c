/**
 * A JSON POST over node's own HTTP client, with connections kept alive per endpoint. The worker
 * sends one request per journal entry, so this is its hot path: node's `fetch` (undici, with web
 * streams and a `Response` per request) cost several times more CPU per request than this.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

const agents = { 'http:': new HttpAgent({ keepAlive: true, maxSockets: 64 }), 'https:': new HttpsAgent({ keepAlive: true, maxSockets: 64 }) };

class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/** POSTs `body` to `url`; resolves to the status once the answer has been read, rejects on a network error or after `timeoutMs`. */
export function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<number> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  if (!secure && target.protocol !== 'http:') return Promise.reject(new Error(`not an http(s) URL: ${url}`));
  return new Promise((resolve, reject) => {
    const request = (secure ? httpsRequest : httpRequest)(
      target,
      {
        method: 'POST',
        agent: agents[target.protocol as 'http:' | 'https:'],
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...headers },
      },
      (response: IncomingMessage) => {
        // The answer's body is not used; reading it to the end lets the connection serve the next request.
        response.resume();
        response.once('end', () => {
          clearTimeout(timer);
          resolve(response.statusCode ?? 0);
        });
        response.once('error', fail);
      },
    );
    const timer = setTimeout(() => request.destroy(new TimeoutError(`no answer within ${timeoutMs} ms`)), timeoutMs);
    function fail(error: Error) {
      clearTimeout(timer);
      reject(error);
    }
    request.once('error', fail);
    request.end(body);
  });
}
