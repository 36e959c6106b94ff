/**
 * Waits for `promise`, but no longer than `ms`: resolves either way (a rejection counts as done), and
 * clears its timer, so thousands of waits per second leave no timers behind.
 */
export function within(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, Math.max(0, ms));
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    promise.then(done, done);
  });
}
