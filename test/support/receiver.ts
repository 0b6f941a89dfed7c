/**
 * A webhook receiver for tests: a real HTTP server on a port the OS picks that checks each
 * delivery's Standard Webhooks signature and keeps what it was sent. It can be told to fail
 * (answer 503) a number of attempts first, to fail every attempt, or to be down (closed port).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { WebhookPayload } from '../../server/work/deliveries';

/** A secret in the specification's format, for tests and the benchmark. */
export const TEST_WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

export interface Received {
  webhookId: string;
  timestamp: number;
  /** Whether `webhook-signature` matched the body under the secret. */
  signatureValid: boolean;
  body: WebhookPayload;
  /** When it arrived (wall clock), for lag figures. */
  receivedAt: number;
}

export interface Receiver {
  url: string;
  /** Accepted deliveries (2xx answered), in arrival order. */
  accepted: Received[];
  /** Attempts answered with an error. */
  refused: number;
  /** Answer 503 to the next `n` attempts. */
  failNext(n: number): void;
  /** Answer 503 to every attempt until `failNext(0)`. */
  failAlways(): void;
  /** Accept the next `n` attempts, then answer 503 to one. */
  failAfter(n: number): void;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  secret?: string;
  port?: number;
  /** Answer each accepted delivery this much later (a slow receiver). */
  delayMs?: number;
  /** Check signatures (default true); the benchmark leaves it to receivers elsewhere. */
  verify?: boolean;
}

export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const signer = new Webhook(options.secret ?? TEST_WEBHOOK_SECRET);
  let failures = 0;
  let failAfter = -1;
  const receiver = { accepted: [] as Received[], refused: 0 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (failAfter === 0) {
        failAfter = -1;
        failures += 1;
      } else if (failAfter > 0) failAfter -= 1;
      if (failures > 0) {
        failures -= 1;
        receiver.refused += 1;
        response.writeHead(503).end();
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      const id = String(request.headers['webhook-id']);
      const timestamp = Number(request.headers['webhook-timestamp']);
      // Checked against the header's own time: test servers may run on an injected clock.
      const signatureValid =
        options.verify === false || String(request.headers['webhook-signature']).split(' ').includes(signer.sign(id, new Date(timestamp * 1000), text));
      receiver.accepted.push({ webhookId: id, timestamp, signatureValid, body: JSON.parse(text), receivedAt: Date.now() });
      if (options.delayMs) setTimeout(() => response.writeHead(204).end(), options.delayMs);
      else response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    get accepted() {
      return receiver.accepted;
    },
    get refused() {
      return receiver.refused;
    },
    failNext: (n) => {
      failures = n;
    },
    failAlways: () => {
      failures = Number.POSITIVE_INFINITY;
    },
    failAfter: (n) => {
      failAfter = n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The seqs each case's accepted deliveries came in, in arrival order. */
export function seqsByCase(received: readonly Received[]): Map<string, number[]> {
  const byCase = new Map<string, number[]>();
  for (const { body } of received) byCase.set(body.caseId, [...(byCase.get(body.caseId) ?? []), body.seq]);
  return byCase;
}
