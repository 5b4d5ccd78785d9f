/**
 * Recall@10 of the artifact's vector code (int8, one scale per item) on real vectors: the first
 * 5,000 Steam catalog texts from ../shared, embedded with use-lite-en q8 (cached in .cache/vectors),
 * written and read back through the artifact, ranked against exact float32 top-10.
 * `npx tsx test/artifact-measure.ts` measures the full 32k catalog.
 */
import { describe, expect, it } from 'vitest';
import { steamTexts } from '../bench/steam.ts';
import { quantize } from '../src/artifact/quantize.ts';
import { decodeArtifact } from '../src/artifact/read.ts';
import { describeTextRule } from '../src/artifact/text-rule.ts';
import { writeArtifact } from '../src/artifact/write.ts';
import { modelKey } from '../src/model-key.ts';
import { embedCached } from '../tools/embed-cache.ts';
import { MODEL } from './artifact-fixtures.ts';
import { DATASETS_DIR, hasShared } from './paths.ts';
import { queryRows, recallAtK } from './recall.ts';

const ITEMS = 5000;
const QUERIES = 300;

describe.skipIf(!hasShared)(`artifact code recall@10 on ${ITEMS} Steam vectors (../shared)`, () => {
  // The first run embeds 5,000 texts (~30-60 s on 2 idle cores); later runs read .cache/vectors.
  it('keeps recall@10 >= 0.99 of exact float32 ranking, for artifact and float32 queries, in <= 600 bytes per item', {
    timeout: 600_000,
  }, async () => {
    const texts = steamTexts(ITEMS);
    const { vectors, dims } = await embedCached(texts, { name: 'steam-games-catalog' });
    // Zero-padded keys keep stored order equal to input order: row i is text i.
    const items = texts.map((_, i) => ({
      key: `steam-${String(i).padStart(5, '0')}`,
      hash: i.toString(16).padStart(32, '0'),
      ...quantize(vectors.subarray(i * dims, (i + 1) * dims)),
    }));
    const model = { ...MODEL, dims, key: modelKey(MODEL.id, dims, MODEL.dtype) };
    const written = await writeArtifact({ model, textRule: await describeTextRule(), generator: 'test', items });
    const artifact = await decodeArtifact(written.manifest, new Map([[written.binaryName, written.binary]]));
    const decoded = artifact.vectors();
    const queries = queryRows(ITEMS, QUERIES);
    const symmetric = recallAtK(vectors, decoded, dims, queries, 10, true);
    const asymmetric = recallAtK(vectors, decoded, dims, queries, 10, false);
    const bytesPerItem = written.binary.byteLength / ITEMS;
    console.log(
      `artifact code, ${ITEMS} Steam vectors, ${QUERIES} queries: recall@10 ${symmetric.toFixed(4)} (artifact queries), ` +
        `${asymmetric.toFixed(4)} (float32 queries); ${bytesPerItem.toFixed(1)} bytes/item`,
    );
    expect(symmetric).toBeGreaterThanOrEqual(0.99);
    expect(asymmetric).toBeGreaterThanOrEqual(0.99);
    expect(bytesPerItem).toBeLessThanOrEqual(600);
  });
});

describe.skipIf(hasShared)('artifact code recall@10', () => {
  it(`skipped: ${DATASETS_DIR} is absent (the Steam catalog is read from ../shared at run time)`, (ctx) => {
    ctx.skip();
  });
});
