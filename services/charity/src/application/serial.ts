/**
 * Runs writes to one stream one after another within this process. The command handler already retries a lost
 * race, but a burst of parallel donations to one receipt book would exhaust its retries; queued, each decides once
 * on the state the previous one left. Across processes the handler's retries still decide.
 */
export class SerialByKey {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
