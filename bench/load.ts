/**
 * The load generator, run in its own Node process (`fork`): C clients, each walking work orders
 * from greet to done over keep-alive HTTP, one request at a time, as fast as answers come back.
 * A warm-up first (JIT, connection pools), then the measured window. It reports to its parent
 * over IPC: `{ phase: 'measuring' }` when the window opens, then `{ phase: 'done', result }`.
 */
import { connect, type Socket } from 'node:net';
import { walk, type BenchRole } from './walk.js';

export interface LoadConfig {
  baseUrl: string;
  tokens: Record<BenchRole, string>;
  clients: number;
  warmupMs: number;
  durationMs: number;
  /** Work-order numbers start here, so runs against one database do not reuse plates. */
  firstOrder: number;
}

export interface LoadResult {
  windowMs: number;
  /** Committed changes in the window: openings + events. */
  transitions: number;
  opened: number;
  events: number;
  walksCompleted: number;
  latenciesMs: number[];
  openLatenciesMs: number[];
  errors: number;
  firstErrors: string[];
  cpuSeconds: number;
}

interface Answer {
  status: number;
  location: string | undefined;
  body: string | undefined;
}

const CRLF2 = Buffer.from('\r\n\r\n');

/**
 * One keep-alive HTTP/1.1 connection that sends a request and reads its answer, one at a time.
 * Written on `net` rather than `http.request`: on a 2-core machine every microsecond the client
 * spends is taken from the server and PostgreSQL, and this costs a fraction of node:http's client.
 * It reads what the server sends: a status line, headers, and a body by Content-Length or chunked.
 */
class Connection {
  private socket: Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (answer: Answer) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;

  constructor(host: string, port: number) {
    this.socket = connect({ host, port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.parse();
    });
    const fail = (error: Error) => {
      this.failure = error;
      this.waiting?.reject(error);
      this.waiting = undefined;
    };
    this.socket.on('error', fail);
    this.socket.on('close', () => fail(new Error('the server closed the connection')));
  }

  send(head: string, body: Buffer): Promise<Answer> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(Buffer.concat([Buffer.from(head), body]));
    });
  }

  private parse() {
    const end = this.buffer.indexOf(CRLF2);
    if (end < 0 || !this.waiting) return;
    const head = this.buffer.subarray(0, end).toString('latin1');
    const status = Number(head.slice(9, 12));
    const header = (name: string) => head.match(new RegExp(`\r\n${name}:\\s*([^\r]*)`, 'i'))?.[1];
    let bodyStart = end + 4;
    let body: Buffer;
    let consumed: number;
    const length = header('content-length');
    if (length !== undefined) {
      consumed = bodyStart + Number(length);
      if (this.buffer.length < consumed) return;
      body = this.buffer.subarray(bodyStart, consumed);
    } else if (/chunked/i.test(header('transfer-encoding') ?? '')) {
      const parts: Buffer[] = [];
      for (;;) {
        const lineEnd = this.buffer.indexOf('\r\n', bodyStart);
        if (lineEnd < 0) return;
        const size = parseInt(this.buffer.subarray(bodyStart, lineEnd).toString('latin1'), 16);
        if (this.buffer.length < lineEnd + 2 + size + 2) return;
        if (size === 0) {
          consumed = lineEnd + 4;
          break;
        }
        parts.push(this.buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
        bodyStart = lineEnd + 2 + size + 2;
      }
      body = Buffer.concat(parts);
    } else {
      return void this.waiting.reject(new Error(`an answer without a length: ${head}`));
    }
    this.buffer = this.buffer.subarray(consumed);
    const waiting = this.waiting;
    this.waiting = undefined;
    const ok = status >= 200 && status < 300;
    waiting.resolve({ status, location: header('location'), body: ok ? undefined : body.toString() });
  }

  close() {
    this.socket.destroy();
  }
}

export async function runLoad(config: LoadConfig, onMeasuring: () => void = () => {}, onMeasured: () => void = () => {}): Promise<LoadResult> {
  const target = new URL(config.baseUrl);
  if (target.hostname !== '127.0.0.1') throw new Error('the load generator only talks to 127.0.0.1');
  const hostHeader = `Host: ${target.host}\r\n`;
  const authorization = Object.fromEntries(
    Object.entries(config.tokens).map(([role, token]) => [role, `Authorization: Bearer ${token}\r\n`]),
  ) as Record<BenchRole, string>;
  const connections: Connection[] = [];

  function post(connection: Connection, path: string, role: BenchRole, payload: Buffer): Promise<Answer> {
    const head = `POST ${path} HTTP/1.1\r\n${hostHeader}${authorization[role]}Content-Type: application/json\r\nContent-Length: ${payload.length}\r\n\r\n`;
    return connection.send(head, payload);
  }

  const started = performance.now();
  const windowStart = started + config.warmupMs;
  const windowEnd = windowStart + config.durationMs;
  let measuringAnnounced = false;
  let cpuAtStart = process.cpuUsage();
  const result: LoadResult = {
    windowMs: config.durationMs,
    transitions: 0,
    opened: 0,
    events: 0,
    walksCompleted: 0,
    latenciesMs: [],
    openLatenciesMs: [],
    errors: 0,
    firstErrors: [],
    cpuSeconds: 0,
  };
  const announce = () => {
    if (measuringAnnounced) return;
    measuringAnnounced = true;
    cpuAtStart = process.cpuUsage();
    onMeasuring();
  };
  const timer = setTimeout(announce, config.warmupMs);
  let cpuInWindow = { user: 0, system: 0 };
  const endTimer = setTimeout(() => {
    cpuInWindow = process.cpuUsage(cpuAtStart);
    onMeasured();
  }, config.warmupMs + config.durationMs);

  // The events' bodies are the same for every order: serialize them once.
  const events = walk(0).slice(1).map((step) => ({ role: step.role, payload: Buffer.from(JSON.stringify(step.body)) }));
  let nextOrder = config.firstOrder;

  async function client() {
    const connection = new Connection(target.hostname, Number(target.port));
    connections.push(connection);
    while (performance.now() < windowEnd) {
      const n = nextOrder++;
      const [open] = walk(n);
      let begun = performance.now();
      const opened = await post(connection, '/api/cases', open!.role, Buffer.from(JSON.stringify(open!.body)));
      let now = performance.now();
      if (!record(opened, 201, begun, now, true)) continue;
      const path = `${opened.location}/events`;
      let finished = true;
      for (const event of events) {
        if (now >= windowEnd) {
          finished = false;
          break;
        }
        begun = performance.now();
        const answer = await post(connection, path, event.role, event.payload);
        now = performance.now();
        if (!record(answer, 200, begun, now, false)) {
          finished = false;
          break;
        }
      }
      if (finished && now >= windowStart && now < windowEnd) result.walksCompleted++;
    }
  }

  function record(answer: Answer, expected: number, begun: number, ended: number, isOpen: boolean): boolean {
    if (answer.status !== expected || (isOpen && !answer.location)) {
      result.errors++;
      if (result.firstErrors.length < 5) result.firstErrors.push(`${answer.status} ${answer.body?.slice(0, 300)}`);
      return false;
    }
    if (ended >= windowStart && ended < windowEnd) {
      result.transitions++;
      const latency = ended - begun;
      result.latenciesMs.push(latency);
      if (isOpen) {
        result.opened++;
        result.openLatenciesMs.push(latency);
      } else {
        result.events++;
      }
    }
    return true;
  }

  await Promise.all(Array.from({ length: config.clients }, client));
  clearTimeout(timer);
  clearTimeout(endTimer);
  result.cpuSeconds = (cpuInWindow.user + cpuInWindow.system) / 1e6;
  for (const connection of connections) connection.close();
  return result;
}

// Run as a forked child: take the config from the parent, answer with the result.
if (process.env.BENCH_LOAD_CHILD === '1' && process.send) {
  process.once('message', async (config: LoadConfig) => {
    try {
      const result = await runLoad(
        config,
        () => process.send!({ phase: 'measuring' }),
        () => process.send!({ phase: 'measured' }),
      );
      process.send!({ phase: 'done', result }, () => process.exit(0));
    } catch (error) {
      process.send!({ phase: 'failed', error: String((error as Error).stack ?? error) }, () => process.exit(1));
    }
  });
}
