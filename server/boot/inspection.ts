/**
 * Live inspection of the machines, for development, never on by default: with `INSPECT_PORT`
 * set, every opening and event the engine commits goes to Stately's inspector through
 * `@statelyai/inspect`. Its bridge serves a page on that port which shows the inspector (a page
 * Stately hosts) and relays what the server sends it; each case appears there as an actor of its
 * process's machine, named by its number, with its state, its context and the events it took.
 *
 * What is sent leaves out customers' names and phones and every signature: the inspector is for
 * seeing how cases move, and its page comes from outside this server.
 */
import { findProcess } from '../../machines/index.js';
import type { CommittedTransition } from '../core/engine.js';

/** Keys whose values are replaced wherever they sit in a context or an event. */
const PERSONAL = new Set(['customer', 'name', 'phone', 'customerSignature', 'signature', 'signedBy', 'strokes']);

function withoutPersonalData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPersonalData);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, PERSONAL.has(key) ? '[left out]' : withoutPersonalData(inner)]));
}

/** How many cases are remembered as already shown (announced once each, then only their changes). */
const ANNOUNCED_AT_MOST = 10_000;

export interface Inspection {
  /** Hand to the engine as `onTransition`. */
  observe(transition: CommittedTransition): void;
  stop(): void;
}

/** Starts the bridge on `port` (on every interface: the library opens it so) and connects to it. */
export async function startInspection(port: number): Promise<Inspection> {
  const [{ createWebSocketInspector }, { createInspectorServer }] = await Promise.all([import('@statelyai/inspect'), import('@statelyai/inspect/server')]);
  const bridge = createInspectorServer({ port, autoOpen: false });
  const inspector = createWebSocketInspector({
    url: `ws://127.0.0.1:${port}`,
    sanitizeContext: (context) => withoutPersonalData(context) as typeof context,
    sanitizeEvent: (event) => withoutPersonalData(event) as typeof event,
  });
  const announced = new Set<string>();

  return {
    observe({ row, event }) {
      const definition = findProcess(row.processType, row.definitionVersion);
      if (!definition) return;
      const { value, context, status } = row.snapshot as { value: unknown; context: unknown; status: 'active' | 'done' };
      const snapshot = { value, context, status };
      // An actor-like reference, so that the inspector shows the machine's own definition.
      const actor = { sessionId: row.number, id: row.number, logic: definition.machine, send: () => {}, getSnapshot: () => snapshot };
      if (!announced.has(row.id)) {
        if (announced.size >= ANNOUNCED_AT_MOST) announced.clear();
        announced.add(row.id);
        inspector.actor(actor as never, snapshot);
      }
      if (!event) return;
      const sent = { ...event.payload, type: event.type };
      inspector.event(actor as never, sent, { source: `${event.actor.role} ${event.actor.id}` });
      inspector.snapshot(actor as never, snapshot, { event: sent });
    },
    stop() {
      inspector.stop();
      bridge.stop();
    },
  };
}
