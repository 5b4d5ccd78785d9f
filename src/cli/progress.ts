/**
 * Embedding progress: a cli-progress bar with rate and ETA on a terminal; on anything else (CI
 * logs, pipes) a plain line every 10 seconds and at the end, because redrawn bars turn into
 * thousands of lines in a log file.
 */
import cliProgress from 'cli-progress';

/** Receives progress updates of one task. */
export interface Progress {
  update(done: number): void;
  stop(): void;
}

/** Options of `createProgress`. */
export interface ProgressOptions {
  label: string;
  total: number;
  /** Where to draw; `process.stderr` keeps stdout for the report. */
  stream: NodeJS.WriteStream;
  /** Draw a bar (default: `stream.isTTY`). */
  tty?: boolean;
  /** What is counted, in the rate (default `items`). */
  unit?: string;
  /** Milliseconds between plain lines (default 10,000). */
  interval?: number;
}

/** A progress display for `total` items. */
export function createProgress(options: ProgressOptions): Progress {
  const { label, total, stream } = options;
  const unit = options.unit ?? 'items';
  const started = performance.now();
  const rate = (done: number) => done / Math.max(1e-3, (performance.now() - started) / 1000);
  if (options.tty ?? stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `${label} [{bar}] {percentage}% | {value}/{total} | {rate} ${unit}/s | ETA {eta_formatted}`,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { rate: '-' });
    return {
      update: (done) => bar.update(done, { rate: rate(done).toFixed(0) }),
      stop: () => bar.stop(),
    };
  }
  const interval = options.interval ?? 10_000;
  let last = started;
  let lastDone = -1;
  const line = (done: number) => {
    const r = rate(done);
    const eta = r > 0 ? Math.round((total - done) / r) : 0;
    stream.write(
      `${label}: ${done}/${total} (${total ? Math.floor((done / total) * 100) : 100}%), ${r.toFixed(0)} ${unit}/s, ETA ${eta} s\n`,
    );
    lastDone = done;
  };
  return {
    update(done) {
      const now = performance.now();
      if (now - last >= interval) {
        last = now;
        line(done);
      }
      if (done === total && lastDone !== total) line(done);
    },
    stop() {},
  };
}
