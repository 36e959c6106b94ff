/**
 * Work this process is still doing, by key: a donation's request writes the donation, then its receipt and booking;
 * the repair reaction, woken by the first of these, waits here for the rest instead of racing the request.
 */
export class InFlight {
  private readonly running = new Map<string, Promise<unknown>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    // Registered before fn starts, so nothing fn writes can be seen before it is.
    const work = Promise.resolve().then(fn);
    this.running.set(key, work);
    const done = () => {
      if (this.running.get(key) === work) this.running.delete(key);
    };
    work.then(done, done);
    return work;
  }

  /** Resolves once the work on `key` has ended, whether it succeeded or not; at once when there is none. */
  async settled(key: string): Promise<void> {
    await this.running.get(key)?.then(
      () => undefined,
      () => undefined,
    );
  }
}
