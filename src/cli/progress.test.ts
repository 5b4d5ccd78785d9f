import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.ts';

function sink(tty = false) {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  // cli-progress draws only on a terminal; this one has 100 columns.
  Object.assign(stream, { isTTY: tty, columns: 100 });
  return { stream, text: () => chunks.join('') };
}

describe('progress', () => {
  it('writes plain lines with rate and ETA when not on a terminal, at the interval and at the end', () => {
    const { stream, text } = sink();
    const p = createProgress({ label: 'embedding', total: 100, stream, tty: false, interval: 0 });
    p.update(50);
    p.update(100);
    p.stop();
    const lines = text().trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^embedding: 50\/100 \(50%\), \d+ items\/s, ETA \d+ s$/);
    expect(lines[1]).toMatch(/^embedding: 100\/100 \(100%\), \d+ items\/s, ETA 0 s$/);
  });

  it('draws a bar with rate and ETA on a terminal', () => {
    const { stream, text } = sink(true);
    const p = createProgress({ label: 'embedding', total: 10, stream });
    p.update(5);
    p.stop();
    expect(text()).toMatch(/embedding \[.*\] \d+% \| \d+\/10 \| (\d+|-) items\/s \| ETA/);
  });
});
