/**
 * CPU time of the Chromium processes, from /proc (utime + stime of each), for the first-visit
 * benchmark: a worker's embedding counts. Every process named like Chromium counts, so another job
 * running Chromium on the same machine inflates the figure.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** CPU time (ms) used so far by each running Chromium process, by pid. */
export function chromiumCpu(): Map<string, number> {
  const tick = 1000 / Number(spawnSync('getconf', ['CLK_TCK']).stdout.toString().trim() || 100);
  const out = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!/chrom/i.test(name)) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, (Number(fields[11]) + Number(fields[12])) * tick);
    } catch {
      // A process that ended meanwhile.
    }
  }
  return out;
}

/** CPU ms Chromium used between two snapshots: processes started since count from zero. */
export function cpuSince(before: Map<string, number>): number {
  let total = 0;
  for (const [pid, ms] of chromiumCpu()) total += ms - (before.get(pid) ?? 0);
  return Math.round(total);
}
