/** Killing the page mid-embedding and reopening resumes from the persisted vectors. */
import { expect, status, test, waitReady } from './fixtures.ts';

test('a reload in the middle of embedding resumes where it stopped', async ({ context, server }) => {
  const first = await context.newPage();
  await first.goto(`${server.url}/demo/?embed`);
  await first.waitForFunction(() => 'inpageRec' in window);
  const doneAtKill = await first.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const rec = (window as unknown as { inpageRec: { on(t: string, l: (e: { done: number }) => void): void } }).inpageRec;
        rec.on('progress', (e) => e.done >= 96 && resolve(e.done));
      }),
  );
  await first.close(); // kills the page and its worker mid-embedding
  const second = await context.newPage();
  await second.goto(`${server.url}/demo/?embed`);
  const s = await waitReady(second);
  expect(s.items).toBe(659);
  // Every batch reported before the kill was persisted first; the rest is all that was embedded.
  expect(s.fromCache).toBeGreaterThanOrEqual(doneAtKill);
  expect(s.fromCache + s.embedded).toBe(659);
  expect(s.embedded).toBeLessThan(659);
  expect((await status(second)).indexed).toBe(659);
});
