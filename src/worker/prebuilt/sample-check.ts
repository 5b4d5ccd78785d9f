/**
 * Prebuilt vectors prove themselves (issue 29): the SHA-256s of an artifact only show that it
 * arrived as written, not that its vectors belong to its items (shuffled between items, or all
 * zero, with the hashes recomputed, was accepted). When a visit adopts an artifact, it keeps a
 * random sample (its seed secret to this browser) of the items it adopted with their artifact vectors (in IndexedDB, so a later visit
 * can finish the check). Once the encoder is loaded for any reason (the page at idle, the first
 * search, items to embed, `preloadModel`), the sample's texts are embedded in the page and compared: more than
 * `MAX_FAILED_SAMPLES` items below cosine `MIN_SAMPLE_COSINE` and the artifact is refused. Its
 * vectors are dropped (here and in IndexedDB), the page warns ARTIFACT_MISMATCH and embeds the
 * catalog itself, and later visits do not adopt that artifact again.
 *
 * The bound: the build's Node encoder and the page's (WASM q8) agree to cosine >= 0.999 item by
 * item, int8 codes included (e2e/demo.spec.ts); two different catalog items rarely exceed 0.8.
 */
import type { Artifact } from '../../artifact/index.ts';
import type { CatalogEntry } from '../../catalog/index.ts';
import type { Encoder } from '../../encoder/index.ts';
import { ErrorCodes } from '../../errors.ts';
import { cosine } from '../../vector-index/cosine.ts';
import { Prng } from '../../vector-index/prng.ts';
import type { EngineContext } from '../context.ts';

/** Items of the artifact embedded in the page to check it. */
export const SAMPLE_SIZE = 16;
/** A sampled item whose page vector is further than this from its artifact vector fails. */
export const MIN_SAMPLE_COSINE = 0.9;
/** Failed items tolerated (one odd text); more and the artifact is refused. */
export const MAX_FAILED_SAMPLES = 2;
/** Fewer comparable items than this and the check waits for a later chance. */
const MIN_COMPARED = 4;

/** Where a check stands: per model key, one record, for the artifact adopted last. */
export interface CheckRecord {
  /** The artifact's identity: its files' SHA-256s. */
  artifact: string;
  state: 'pending' | 'verified' | 'refused';
  /** While pending: the sampled items with their hashes and artifact vectors. */
  sample?: { key: string; hash: string; vector: number[] }[];
  /** When refused: what the check measured. */
  failed?: number;
  compared?: number;
}

type Ctx = Pick<EngineContext, 'config' | 'modelKey' | 'store' | 'state' | 'life' | 'embedding'>;

/** The identity of an artifact: the SHA-256s of its files. */
export function artifactId(artifact: Pick<Artifact, 'manifest'>): string {
  return artifact.manifest.files.map((f) => f.sha256).join(',');
}

/** Checks adopted artifacts against the page's own encoder. */
export class SampleCheck {
  private running: Promise<void> | undefined;
  private record: CheckRecord | undefined;

  constructor(private readonly ctx: Ctx) {}

  /** The state of the last adopted artifact's check, for `status()`. */
  get state(): CheckRecord['state'] | undefined {
    return this.record?.state;
  }

  /** True when an earlier check refused this artifact: it is not adopted again. */
  async refused(artifact: Pick<Artifact, 'manifest'>): Promise<boolean> {
    const record = await this.load();
    return record?.artifact === artifactId(artifact) && record.state === 'refused';
  }

  /**
   * Records the sample of `adopted` (entries whose vectors came from `artifact`) unless this
   * artifact was checked already; with `encoder` (one is loaded) the check starts at once. `build`:
   * the artifact whose verdict this is, when `artifact` is a patch to it (a refused patch refuses
   * the build it leads to: its vectors are the build's).
   */
  async adopted(
    artifact: Artifact,
    adopted: readonly CatalogEntry[],
    encoder: Encoder | undefined,
    build: Pick<Artifact, 'manifest'> = artifact,
  ): Promise<void> {
    const id = artifactId(build);
    const record = await this.load();
    if (record?.artifact === id && record.state !== 'pending') return;
    const rowOf = new Map(artifact.keys.map((k, i) => [k, i]));
    const sample = sampleOf(adopted).map((e) => ({ key: e.key, hash: e.hash, vector: Array.from(artifact.vector(rowOf.get(e.key)!)) }));
    if (sample.length === 0) return;
    await this.save({ artifact: id, state: 'pending', sample });
    if (encoder) void this.run(encoder).catch(() => undefined);
  }

  /** Runs a pending check with the loaded `encoder` (once at a time; nothing to do otherwise). */
  run(encoder: Encoder): Promise<void> {
    this.running ??= this.check(encoder).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * True when a pending check could run now: enough of its sample is still in the catalog as it
   * was built. The page loads the encoder at idle only then (vectors-check-at-idle.ts).
   */
  async runnable(): Promise<boolean> {
    // Read afresh (one read, also this tab's first): another tab of this site may have verified the
    // artifact since this one read its record, and then there is nothing to load the model for. (A
    // refusal there leaves this tab's own check to run: it then drops the vectors this tab ranks with.)
    const stored = await this.ctx.store.getSetting<CheckRecord>(checkKey(this.ctx.modelKey));
    const record = this.record ?? stored;
    this.record = stored?.state === 'verified' && stored.artifact === record?.artifact ? stored : record;
    return this.record?.state === 'pending' && this.comparable(this.record).length >= MIN_COMPARED;
  }

  /** The sampled items whose text is the build's: removed or changed ones cannot be compared. */
  private comparable(record: CheckRecord): NonNullable<CheckRecord['sample']> {
    const { entries } = this.ctx.state;
    return (record.sample ?? []).filter((s) => entries.get(s.key)?.hash === s.hash);
  }

  private async check(encoder: Encoder): Promise<void> {
    const record = await this.load();
    if (record?.state !== 'pending' || !record.sample) return;
    const { entries } = this.ctx.state;
    const comparable = this.comparable(record);
    if (comparable.length < MIN_COMPARED) return;
    const texts = comparable.map((s) => entries.get(s.key)!.text);
    const page = await encoder.embed(texts);
    const dims = encoder.dims;
    let failed = 0;
    comparable.forEach((s, i) => {
      if (cosine(page.subarray(i * dims, (i + 1) * dims), s.vector) < MIN_SAMPLE_COSINE) failed++;
    });
    if (failed <= MAX_FAILED_SAMPLES) {
      await this.save({ artifact: record.artifact, state: 'verified' });
      return;
    }
    await this.save({ artifact: record.artifact, state: 'refused', failed, compared: comparable.length });
    await this.discard(failed, comparable.length);
  }

  /** Drops every vector this visit holds and stores (they may be the artifact's), warns, and embeds the catalog. */
  private async discard(failed: number, compared: number): Promise<void> {
    const { state, store, life, modelKey, embedding, config } = this.ctx;
    life.emit({
      type: 'warning',
      code: ErrorCodes.ARTIFACT_MISMATCH,
      message: `the prebuilt vectors at ${config.vectors} do not match their items: ${failed} of ${compared} sampled items embedded in the page differ from them (cosine < ${MIN_SAMPLE_COSINE}); they are discarded and the catalog is embedded in the browser`,
    });
    const entries = [...state.entries.values()];
    state.remove(entries.map((e) => e.key));
    await store.pruneVectors(modelKey, new Set());
    life.emit({ type: 'refresh', reason: 'vectors' });
    await embedding.run(entries);
  }

  private async load(): Promise<CheckRecord | undefined> {
    this.record ??= await this.ctx.store.getSetting<CheckRecord>(checkKey(this.ctx.modelKey));
    return this.record;
  }

  private async save(record: CheckRecord): Promise<void> {
    this.record = record;
    await this.ctx.store.setSetting(checkKey(this.ctx.modelKey), record);
  }
}

function checkKey(modelKey: string): string {
  return `artifact-check:${modelKey}`;
}

/**
 * Up to `SAMPLE_SIZE` of `entries`, from a seed no one outside this browser knows: a sample a
 * forger could compute (say, from the artifact's own hashes) could be left correct while every
 * other vector is wrong. The sample is stored, so the check needs the same items only once.
 */
function sampleOf(entries: readonly CatalogEntry[]): CatalogEntry[] {
  const rng = new Prng(globalThis.crypto.getRandomValues(new Uint32Array(1))[0]!);
  const picked = new Map<string, CatalogEntry>();
  // Items with no text have a zero vector on both sides, which proves nothing: skip them.
  for (let tries = 0; tries < SAMPLE_SIZE * 4 && picked.size < Math.min(SAMPLE_SIZE, entries.length); tries++) {
    const e = entries[rng.int(entries.length)]!;
    if (e.text !== '') picked.set(e.key, e);
  }
  return [...picked.values()];
}
