/**
 * The page's idle rule for checking prebuilt vectors (vectors-check-at-idle.ts): after `ready`,
 * the page's load, the delay, an idle period and a visible page, in that order; never for a visit that saves data,
 * has a slow link or a small device; never throws.
 */
import { describe, expect, it } from 'vitest';
import { checkVectorsAtIdle, constrainedBy, IDLE_DELAY_MS, IDLE_WAIT_MS, type IdlePage } from './vectors-check-at-idle.ts';

/** A page that logs what the schedule waits for, each wait released by the test. */
function fakePage(constrained = false) {
  const log: string[] = [];
  const waiting = new Map<string, () => void>();
  const wait = (name: string) =>
    new Promise<void>((ok) => {
      log.push(name);
      waiting.set(name, ok);
    });
  const page: IdlePage = {
    loaded: () => wait('loaded'),
    sleep: (ms) => wait(`sleep ${ms}`),
    idle: (ms) => wait(`idle ${ms}`),
    visible: () => wait('visible'),
    constrained: () => constrained,
  };
  const release = async (name: string) => {
    const ok = waiting.get(name);
    if (!ok) throw new Error(`nothing waits for ${name} (log: ${log.join(', ')})`);
    ok();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { page, log, release };
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('checking prebuilt vectors at idle', () => {
  it('waits for ready, the page load, the delay and an idle period, then checks once', async () => {
    const { page, log, release } = fakePage();
    let readyOk!: () => void;
    const ready = new Promise<void>((ok) => {
      readyOk = ok;
    });
    const checks: number[] = [];
    const done = checkVectorsAtIdle(ready, async () => checks.push(1), page);
    await flush();
    expect(log).toEqual([]); // nothing before ready
    readyOk();
    await flush();
    expect(log).toEqual(['loaded']);
    await release('loaded');
    expect(log).toEqual(['loaded', `sleep ${IDLE_DELAY_MS}`]);
    await release(`sleep ${IDLE_DELAY_MS}`);
    expect(log).toEqual(['loaded', `sleep ${IDLE_DELAY_MS}`, `idle ${IDLE_WAIT_MS}`]);
    await release(`idle ${IDLE_WAIT_MS}`);
    // A hidden tab waits here until it is shown.
    expect(log).toEqual(['loaded', `sleep ${IDLE_DELAY_MS}`, `idle ${IDLE_WAIT_MS}`, 'visible']);
    expect(checks).toEqual([]);
    await release('visible');
    await done;
    expect(checks).toEqual([1]);
  });

  it('never checks a constrained visit', async () => {
    const { page, release } = fakePage(true);
    let checked = false;
    const done = checkVectorsAtIdle(
      Promise.resolve(),
      async () => {
        checked = true;
      },
      page,
    );
    await flush();
    await release('loaded');
    await release(`sleep ${IDLE_DELAY_MS}`);
    await release(`idle ${IDLE_WAIT_MS}`);
    await release('visible');
    await done;
    expect(checked).toBe(false);
  });

  it('a failed start or a failed check settles quietly (the page heard of them through events)', async () => {
    let checked = false;
    const failedReady = Promise.reject(new Error('MODEL_FAILED'));
    await expect(
      checkVectorsAtIdle(
        failedReady,
        async () => {
          checked = true;
        },
        fakePage().page,
      ),
    ).resolves.toBeUndefined();
    expect(checked).toBe(false);

    const { page, release } = fakePage();
    const done = checkVectorsAtIdle(Promise.resolve(), () => Promise.reject(new Error('DESTROYED')), page);
    await flush();
    await release('loaded');
    await release(`sleep ${IDLE_DELAY_MS}`);
    await release(`idle ${IDLE_WAIT_MS}`);
    await release('visible');
    await expect(done).resolves.toBeUndefined();
  });

  it('a visit is constrained by saved data, a link of 3g or less, or a device under 4 GB; unknown hints are not', () => {
    expect(constrainedBy(undefined)).toBe(false);
    expect(constrainedBy({})).toBe(false);
    expect(constrainedBy({ connection: { saveData: false, effectiveType: '4g' }, deviceMemory: 8 })).toBe(false);
    expect(constrainedBy({ deviceMemory: 4 })).toBe(false);
    expect(constrainedBy({ connection: { saveData: true } })).toBe(true);
    for (const effectiveType of ['slow-2g', '2g', '3g']) expect(constrainedBy({ connection: { effectiveType } })).toBe(true);
    expect(constrainedBy({ deviceMemory: 2 })).toBe(true);
    expect(constrainedBy({ deviceMemory: 0.5 })).toBe(true);
  });
});
