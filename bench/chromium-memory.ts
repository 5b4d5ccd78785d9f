/**
 * Peak memory of Chromium's renderer processes, from /proc: the kernel's high-water mark of each
 * process's resident set (`VmHWM` in /proc/<pid>/status). A page and its dedicated workers live in
 * one renderer process, so a fresh browser context's new renderer is the visit's whole footprint
 * (V8 heaps, WASM memory, IndexedDB's in-renderer buffers, the DOM). Shared library pages count in
 * RSS too (~60-100 MB of Chromium's own code), so the figure is what the OS sees, not the page's
 * heap alone.
 *
 * The mark is polled, not read once at the end: Chromium resets it now and then (the kernel's
 * `clear_refs`), and a single read missed an earlier peak. Seen on the phone's 32k visit (stop 55):
 * a renderer's mark read 288 MB "settled", 12 s after the same process had read 317 MB at the
 * cards, and another's fell from 387 to 384 MB between two polls. A reset between two polls of
 * 50 ms can still hide a peak shorter than that; nothing else can.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Whether each pid seen is a renderer (a pid's command line does not change while it lives). */
const isRenderer = new Map<string, boolean>();

function renderers(): Map<string, number> {
  const out = new Map<string, number>();
  const pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  // A pid that is gone may come back as another process.
  const running = new Set(pids);
  for (const pid of isRenderer.keys()) if (!running.has(pid)) isRenderer.delete(pid);
  for (const pid of pids) {
    try {
      let renderer = isRenderer.get(pid);
      if (renderer === undefined) {
        const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        renderer = command.includes('--type=renderer');
        // A renderer is forked from the zygote and shows the zygote's command line for a moment.
        if (renderer || !command.includes('--type=zygote')) isRenderer.set(pid, renderer);
      }
      if (!renderer) continue;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm) out.set(pid, Number(hwm[1]) * 1024);
    } catch {
      // a process that ended meanwhile
    }
  }
  return out;
}

/** The renderer processes running now, to tell a visit's new renderer from older ones. */
export function rendererPids(): Set<string> {
  return new Set(renderers().keys());
}

/**
 * Watches the renderers: every `everyMs` it reads their high-water marks and keeps each one's
 * largest (see the module comment). The visit's renderer is the one whose mark grew the most since
 * the watch began: a new page often takes the spare renderer Chromium started before the watch (a
 * watch of new processes only then saw the next spare, ~75-160 MB, for a returning 100k visit of
 * ~500: stop 74). Make it before the visit's page, read `peakBytes()` before the page closes (a
 * closed page's process is gone), then `stop()`.
 */
export class RendererPeakWatch {
  /** Each renderer's mark when the watch began (0 for one started since). */
  private readonly before = renderers();
  private readonly peaks = new Map<string, number>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(everyMs = 50) {
    this.timer = setInterval(() => this.poll(), everyMs);
    this.timer.unref(); // a visit that throws must not keep the bench's process alive
  }

  private poll(): void {
    for (const [pid, bytes] of renderers()) this.peaks.set(pid, Math.max(this.peaks.get(pid) ?? 0, bytes));
  }

  /** The renderer whose mark grew the most since the watch began (the visit's), or undefined when none grew. */
  private visitPid(): string | undefined {
    let best: string | undefined;
    let growth = 0;
    for (const [pid, bytes] of this.peaks) {
      const grew = bytes - (this.before.get(pid) ?? 0);
      if (grew > growth) [best, growth] = [pid, grew];
    }
    return best;
  }

  /** The visit's renderer's peak resident set (bytes) so far. 0 when no renderer grew. */
  peakBytes(): number {
    this.poll();
    const pid = this.visitPid();
    return pid === undefined ? 0 : this.peaks.get(pid)!;
  }

  /** The resident set (bytes) now of the visit's renderer: what a visit holds after its peak. 0 when none. */
  residentBytes(): number {
    const pid = this.visitPid();
    if (pid === undefined) return 0;
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return rss ? Number(rss[1]) * 1024 : 0;
    } catch {
      return 0; // the process ended
    }
  }

  /** Stops polling, and returns `peakBytes()` as of now. */
  stop(): number {
    clearInterval(this.timer);
    return this.peakBytes();
  }
}
