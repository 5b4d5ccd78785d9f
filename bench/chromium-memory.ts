/**
 * Peak memory of Chromium's renderer processes, from /proc: the kernel's high-water mark of each
 * process's resident set (`VmHWM` in /proc/<pid>/status), which needs no sampling and misses no
 * short peak. A page and its dedicated workers live in one renderer process, so a fresh browser
 * context's new renderer is the visit's whole footprint (V8 heaps, WASM memory, IndexedDB's
 * in-renderer buffers, the DOM). Shared library pages count in RSS too (~60-100 MB of Chromium's
 * own code), so the figure is what the OS sees, not the page's heap alone.
 */
import { readdirSync, readFileSync } from 'node:fs';

function renderers(): Map<string, number> {
  const out = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('--type=renderer')) continue;
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
 * The largest peak resident set (bytes) among renderers not in `before`: the renderer a visit
 * started. Read it before the page closes (a closed page's process is gone). 0 when none is new.
 */
export function newRendererPeakBytes(before: Set<string>): number {
  let peak = 0;
  for (const [pid, bytes] of renderers()) if (!before.has(pid)) peak = Math.max(peak, bytes);
  return peak;
}
