/**
 * Section "IndexedDB": write and read times of n vectors through the library's store (src/store,
 * records of 1,024 vectors) inside the bench worker in headless Chromium.
 *
 * Reads open the database afresh each time, as a returning visit does. The first read follows the
 * write in the same browser session (the OS and Chromium caches are warm); the second repeats it.
 * A cold read (new browser, dropped page cache) is not measured.
 */
import type { IndexSession } from './index-session.ts';
import { median, mib, round } from './stats.ts';

/** One size: write time, read times, throughput. */
export interface IdbRow {
  n: number;
  mib: number;
  writeMs: number;
  transactions: number;
  readMs: number;
  warmReadMs: number;
  openMs: number;
  writeMiBps: number;
  readMiBps: number;
  usageMiB: number | null;
}

/** Writes and reads back each size once (plus one repeat read), deleting each database after. */
export async function runIdb(session: IndexSession, opts: { sizes: number[]; dims: number; log: (line: string) => void }) {
  const rows: IdbRow[] = [];
  const errors: string[] = [];
  for (const n of opts.sizes) {
    const namespace = `bench-${n}`;
    try {
      const w = await session.call('idbWrite', { namespace, n, batch: 1024 });
      const r1 = await session.call('idbRead', { namespace });
      const r2 = await session.call('idbRead', { namespace });
      if (r1.count !== n || r2.count !== n) throw new Error(`read back ${r1.count} / ${r2.count} of ${n} vectors`);
      const bytes = n * opts.dims * 4;
      const row: IdbRow = {
        n,
        mib: mib(bytes),
        writeMs: round(w.ms, 1),
        transactions: w.transactions,
        readMs: round(r1.loadMs, 1),
        warmReadMs: round(r2.loadMs, 1),
        openMs: round(median([r1.openMs, r2.openMs]), 1),
        writeMiBps: round(bytes / 2 ** 20 / (w.ms / 1000), 1),
        readMiBps: round(bytes / 2 ** 20 / (r2.loadMs / 1000), 1),
        usageMiB: w.usageBytes === null ? null : mib(w.usageBytes),
      };
      rows.push(row);
      opts.log(`  n=${n}: write ${row.writeMs} ms (${row.writeMiBps} MiB/s), read ${row.readMs} ms, warm read ${row.warmReadMs} ms`);
    } catch (err) {
      errors.push(`n=${n}: ${(err as Error).message}`);
      opts.log(`  IndexedDB n=${n} FAILED: ${(err as Error).message}`);
    } finally {
      await session.call('idbDelete', { namespace }).catch(() => undefined);
    }
  }
  return { rows, errors };
}
