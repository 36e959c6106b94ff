import { eventRegistry } from '@grid/contracts';
import type { Bus } from '../bus/bus';
import { withMembers } from './forwarding-proxy';
import type { Upcaster } from './upcasting-store';

/**
 * The bus as its consumers should see it: each delivered message's event upcast to its type's newest version.
 * Publishing is left alone, so the topics carry what the store holds (outside subscribers can check the hashes),
 * and a message that goes to the dead-letter topic goes as it came.
 */
export function upcastingBus<B extends Bus>(bus: B, registry: Upcaster = eventRegistry): B {
  const replaced: Partial<Bus> = {
    subscribe: (groupId, topics, handler, tuning) =>
      bus.subscribe(groupId, topics, (message) => handler({ ...message, value: registry.current(message.value) }), tuning),
  };
  return withMembers(bus, replaced);
}
