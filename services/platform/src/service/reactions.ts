import { topicForCategory, type Envelope } from '@grid/contracts';
import type { Logger } from 'pino';
import type { ReadModelSync } from '../application/write-result';
import type { Bus } from '../bus/bus';
import type { DocumentStore } from '../documents/document-store';
import type { EventStore } from '../store/event-store';
import { within } from '../util/within';
import type { ReactionDefinition } from './service-definition';

/** Running reactions: a write that caused reactions answers once they (and their read models) are done. */
export interface RunningReactions extends ReadModelSync {
  /** Resolves once every event written before the call has been reacted to. */
  caughtUp(): Promise<void>;
  close(): Promise<void>;
}

export interface ReactionsOptions<S> {
  store: EventStore;
  documents: DocumentStore;
  /** Production: consumer groups on the categories' topics; absent: store subscriptions with named checkpoints. */
  bus?: Bus;
  services: S;
  readModels: ReadModelSync;
  logger?: Logger;
  /** How long a write waits for the reactions it caused before answering anyway (ms, default 5000). */
  settleTimeoutMs?: number;
}

/** Starts the service's reactions: each a store subscription with a named checkpoint, or a consumer group on the bus. */
export async function startReactions<S>(reactions: readonly ReactionDefinition<S>[], options: ReactionsOptions<S>): Promise<RunningReactions> {
  const { store, documents, bus, services, readModels, logger, settleTimeoutMs = 5000 } = options;
  const running: RunningReactions[] = [];
  try {
    for (const reaction of reactions) {
      const react = reaction.start({ store, documents, readModels, services, ...(logger ? { logger } : {}) });
      running.push(bus ? await fromBus(reaction, react, bus, settleTimeoutMs) : await fromStore(reaction, react, store, settleTimeoutMs));
    }
  } catch (error) {
    await Promise.all(running.map((r) => r.close().catch(() => undefined)));
    throw error;
  }
  return {
    async reached(position) {
      for (const r of running) await r.reached(position);
    },
    async caughtUp() {
      await Promise.all(running.map((r) => r.caughtUp()));
    },
    async close() {
      await Promise.all(running.map((r) => r.close()));
    },
  };
}

type React = (event: Envelope) => Promise<void>;

async function fromStore<S>(reaction: ReactionDefinition<S>, react: React, store: EventStore, settleTimeoutMs: number): Promise<RunningReactions> {
  const subscription = await store.subscribeToAll(react, { checkpoint: reaction.name, categories: [...reaction.categories] });
  return {
    reached: (position) => within(subscription.reached(position), settleTimeoutMs),
    caughtUp: () => subscription.caughtUp(),
    close: () => subscription.close(),
  };
}

async function fromBus<S>(reaction: ReactionDefinition<S>, react: React, bus: Bus, settleTimeoutMs: number): Promise<RunningReactions> {
  const topics = reaction.categories.map((c) => topicForCategory(c));
  const subscription = await bus.subscribe(reaction.name, topics, (message) => react(message.value));
  return {
    // A consumer group has no store position: caught up covers everything published before the call.
    reached: () => subscription.caughtUp(settleTimeoutMs).catch(() => undefined),
    caughtUp: () => subscription.caughtUp(),
    close: () => subscription.close(),
  };
}

/** A write's answer waits for the read models, then for the reactions it caused (and their read models). */
export const withReactions = (readModels: ReadModelSync, reactions: ReadModelSync): ReadModelSync => ({
  async reached(position) {
    await readModels.reached(position);
    await reactions.reached(position);
  },
});
