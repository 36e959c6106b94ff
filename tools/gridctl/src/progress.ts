import { SingleBar } from 'cli-progress';

/** A progress bar with rate and ETA on stderr, when it is a terminal (in a pipe or a log it would be noise). */
export function progressBar(what: string): { update(done: number, total: number): void; stop(): void } {
  if (process.stderr.isTTY !== true) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    stream: process.stderr,
    format: `${what} {bar} {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}`,
    etaBuffer: 50,
    hideCursor: true,
  });
  const started = performance.now();
  let running = false;
  return {
    update(done, total) {
      if (!running) bar.start(total, 0, { rate: 0 });
      running = true;
      const seconds = (performance.now() - started) / 1000;
      bar.setTotal(total);
      bar.update(done, { rate: Math.round(done / Math.max(seconds, 1e-3)).toLocaleString('en-US') });
    },
    stop: () => running && bar.stop(),
  };
}
