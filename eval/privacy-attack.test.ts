/**
 * The basket-inference attack (eval/privacy-attack.ts) on the real Office logs, as the fault probe
 * of issue 29 ran it (users subsampled 1 in 8), and on every user. On exact counts it works: every
 * claim true, about a fifth of the sampled sessions exposed. On the release the build publishes
 * (default epsilon; the noise seeded here only so that a failure can be replayed) it is at chance.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregate, DEFAULT_SIGNALS_OPTIONS, flattenSessions } from '../src/signals/build.ts';
import { seededRandom } from '../src/signals/noise.ts';
import { privateSignals } from '../src/signals/release.ts';
import { DATASETS_DIR } from '../test/paths.ts';
import { loadDataset } from './dataset.ts';
import { type AttackResult, basketAttack, subsample } from './privacy-attack.ts';

const OFFICE = join(DATASETS_DIR, 'amazon-office-2014');
const present = existsSync(join(OFFICE, 'derived', 'interactions.csv'));

/** At most the true claims that `claims` blind picks would hold, at a 99.9% one-sided level. */
const chanceTrue = (r: AttackResult) => r.claims * r.chance + 3.1 * Math.sqrt(r.claims * r.chance * (1 - r.chance)) + 1e-9;

describe.skipIf(!present)('the basket-inference attack on the Office logs', () => {
  const data = present ? loadDataset(OFFICE) : undefined;
  const ids = data?.items.map((i) => i.id) ?? [];
  const samples = data ? { 'users 1 in 8': subsample(data.sequences, 8), 'every user': subsample(data.sequences, 1) } : {};

  it('on exact counts (minSupport 2) every claim is true and a fifth of the sampled sessions are exposed', () => {
    const r = basketAttack(aggregate(samples['users 1 in 8']!, ids, DEFAULT_SIGNALS_OPTIONS), samples['users 1 in 8']!);
    console.info('exact, users 1 in 8:', JSON.stringify(r));
    expect(r.claims).toBeGreaterThanOrEqual(50);
    expect(r.precision).toBe(1);
    expect(r.trueClaims).toBeGreaterThan(chanceTrue(r)); // far above chance: the test can see the attack work
    expect(r.exposed / r.sessions).toBeGreaterThan(0.15);
    expect(r.exposed).toBeGreaterThan(r.exposedByChance);
  });

  for (const [name, sessions] of Object.entries(samples))
    it(`on the published release (${name}) claims are no truer than blind picks and expose no more sessions`, () => {
      for (const seed of [1, 2, 3]) {
        const release = privateSignals(flattenSessions(sessions), ids, DEFAULT_SIGNALS_OPTIONS, { random: seededRandom(seed) });
        const r = basketAttack(release.signals, sessions, seed);
        console.info(`private (epsilon ${release.privacy.epsilon}), ${name}, seed ${seed}:`, JSON.stringify(r));
        expect(r.trueClaims).toBeLessThanOrEqual(chanceTrue(r));
        expect(r.exposed).toBeLessThanOrEqual(r.exposedByChance);
      }
    });
});
