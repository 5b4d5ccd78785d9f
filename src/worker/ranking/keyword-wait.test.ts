import { describe, expect, it } from 'vitest';
import { KeywordIndex } from '../../recommend/index.ts';
import { KeywordWait } from './keyword-wait.ts';

const index = new KeywordIndex([]);
const later = <T>(ms: number, value: T) => new Promise<T>((ok) => setTimeout(ok, ms, value));

describe('KeywordWait', () => {
  it('returns an index built within the deadline, and announces nothing', async () => {
    let built = 0;
    const wait = new KeywordWait(
      () => later(5, index),
      () => built++,
      200,
    );
    expect(await wait.within()).toBe(index);
    await later(20, 0);
    expect(built).toBe(0);
  });

  it('past the deadline returns undefined, then announces the build once however many searches waited', async () => {
    let built = 0;
    const build = later(80, index);
    const wait = new KeywordWait(
      () => build,
      () => built++,
      10,
    );
    expect(await wait.within()).toBeUndefined();
    expect(await wait.within()).toBeUndefined();
    expect(built).toBe(0);
    await build;
    await later(0, 0);
    expect(built).toBe(1);
    // Built now: returned at once.
    expect(await wait.within()).toBe(index);
    expect(built).toBe(1);
  });

  it('announces nothing for a build that fails', async () => {
    let built = 0;
    const failing = later(30, 0).then(() => Promise.reject(new Error('no')));
    failing.catch(() => undefined);
    const wait = new KeywordWait(
      () => failing,
      () => built++,
      5,
    );
    expect(await wait.within()).toBeUndefined();
    await later(50, 0);
    expect(built).toBe(0);
  });

  it('without a deadline waits for the build', async () => {
    const wait = new KeywordWait(
      () => later(30, index),
      () => undefined,
      Number.POSITIVE_INFINITY,
    );
    expect(await wait.within()).toBe(index);
  });
});
