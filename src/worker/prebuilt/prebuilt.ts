/**
 * Prebuilt vectors in the engine: fetches the artifact (artifact-source.ts) when a visit finds
 * items without vectors, indexes its vectors before storing them, installs its optional sections
 * (the index's learnt state; the site's signals, kept for later visits and revalidated against the
 * published manifest on every visit: published-signals.ts) and counts what it contributed.
 */
import type { Artifact, ArtifactManifest, CatalogPatch, HashLookup } from '../../artifact/index.ts';
import type { CatalogEntry } from '../../catalog/index.ts';
import { ErrorCodes } from '../../errors.ts';
import type { LearnedLookup } from '../../learn/lookup.ts';
import type { SignalLookup } from '../../signals/index.ts';
import { decodeTrainingState } from '../../vector-index/index.ts';
import type { EngineContext } from '../context.ts';
import { settlesWithin } from '../deferred.ts';
import { adoptArtifact } from './adopt-artifact.ts';
import { artifactHashesFor } from './artifact-hashes.ts';
import type { ArtifactHead } from './artifact-head.ts';
import { fetchCatalogPatch, fetchPatch, heldBuild, rememberBuild, rememberPublished } from './artifact-patch.ts';
import { ArtifactSource } from './artifact-source.ts';
import { PublishedLearned } from './published-learned.ts';
import { PublishedSignals } from './published-signals.ts';

/** What the prebuilt vectors read and write. */
type Ctx = Pick<EngineContext, 'config' | 'modelKey' | 'store' | 'state' | 'life' | 'encoder' | 'sampleCheck' | 'deps'> &
  Partial<Pick<EngineContext, 'early'>>;

/** Below this share of the items asked of it, an artifact is reported as not this catalog's. */
export const MIN_COVERED_SHARE = 0.5;
/**
 * The head's sign vectors are used only when the rest of the artifact is further away than this
 * (ms, at its rate so far). 32k Steam items, unthrottled: the rest is ~0.5 s away when the head is in,
 * and using the head put the final answers at 3.1 s instead of 2.1-2.4; on a phone it is ~15 s away.
 */
export const HEAD_WORTH_MS = 1_000;
const MIN_CHECKED_ITEMS = 20; // fewer items (new items on a return visit) are not worth a warning

/** The page's prebuilt vectors and the site's signals. */
export class PrebuiltVectors {
  readonly source: ArtifactSource | undefined; // the artifact's download, when the page gave one
  private readonly site: PublishedSignals;
  private readonly space: PublishedLearned;
  private count = 0;
  /** The manifest this visit's revalidation fetched, until the catalog sync has read it. */
  private publishedManifest: Promise<ArtifactManifest> | undefined;

  constructor(private readonly ctx: Ctx) {
    const url = ctx.config.vectors;
    this.source = url === undefined ? undefined : new ArtifactSource(url, ctx);
    this.site = new PublishedSignals(ctx, this.source);
    this.space = new PublishedLearned(ctx, this.source);
  }

  /** True when the page gave prebuilt vectors. */
  get enabled(): boolean {
    return this.source !== undefined;
  }

  /** Items whose vectors came from the artifact so far. */
  get adopted(): number {
    return this.count;
  }

  /** The site's signals: the published artifact's, as saved on an earlier visit until this one has checked. */
  get signals(): SignalLookup | undefined {
    return this.site.lookup;
  }

  /** The shop's learned space (the artifact's `learned` section), saved and revalidated as the signals are. */
  get learned(): LearnedLookup | undefined {
    return this.space.lookup;
  }

  /** This visit's check of the saved sections against the published manifest (tests wait on it). */
  get revalidated(): Promise<void> {
    return Promise.all([this.site.revalidated, this.space.revalidated]).then(() => undefined);
  }

  /** Restores the signals and the learned space an earlier visit stored (none without an artifact). */
  async loadSaved(): Promise<void> {
    await Promise.all([this.site.load(), this.space.load()]);
  }

  /**
   * Revalidates the saved signals in the background (published-signals.ts); never waits for the network.
   * Called once the visit knows whether it downloads the artifact (`prefetch`).
   */
  revalidate(): void {
    // One manifest request for both sections (a rejection is each section's to handle).
    const manifest = this.source?.fetchManifest();
    manifest?.catch(() => undefined);
    // The visit's catalog sync reads the same response for its patch (adoptPatch), not a second one.
    this.publishedManifest = manifest;
    void this.site.revalidate(manifest);
    void this.space.revalidate(manifest);
  }

  /**
   * A catalog sync found what it lacks (`nothingMissing`: every item has its vector). The manifest
   * the visit revalidated serves the first sync only: a later `update()` asks the server again.
   * With nothing missing, the page holds the published build as far as patches go, so a later
   * build's patch from it covers this visitor, who would otherwise fall out of the chain after
   * `MAX_PATCHES` builds it needed nothing from (each build with site signals has a new binary).
   */
  synced(nothingMissing: boolean): void {
    const published = this.publishedManifest;
    this.publishedManifest = undefined;
    const url = this.ctx.config.vectors;
    if (nothingMissing && published && url !== undefined) void rememberPublished(this.ctx, url, published).catch(() => undefined);
  }

  /** The published build's catalog patch from the catalog with SHA-256 `from` (artifact-patch.ts), if any. */
  async catalogPatch(from: string): Promise<CatalogPatch | undefined> {
    const manifest = this.source && (await (this.publishedManifest ?? this.source.fetchManifest()).catch(() => undefined));
    return manifest && fetchCatalogPatch(this.ctx, this.ctx.config.vectors!, manifest, from);
  }

  /** Starts the download early (a first visit: while the catalog loads and validates). */
  prefetch(): void {
    void this.source?.get();
  }

  /** The artifact's content hashes by key, if it was built from catalog bytes with this SHA-256 (artifact-hashes.ts). */
  async catalogHashes(catalogSha256: string): Promise<HashLookup | undefined> {
    return this.source && artifactHashesFor(this.source, this.ctx, catalogSha256);
  }

  /**
   * Takes vectors for `todo` from the artifact: indexes them now, stores them in `persisted`, and
   * leaves a sample for the check against the page's encoder (sample-check.ts). An artifact an
   * earlier check refused gives nothing. When the artifact's head comes first (artifact-head.ts),
   * its sign vectors rank at once, marked warming, and `persisted` also covers their replacement
   * by the real vectors (a `refresh` event tells the lists), or their removal if those never come.
   */
  async adopt(todo: CatalogEntry[]): Promise<{ persisted: Promise<void> }> {
    const source = this.source;
    if (!source) return { persisted: Promise.resolve() };
    // A returning visitor whose build has a patch to the published one takes the patch first.
    const patched = await this.adoptPatch(source, todo);
    if (patched?.remaining.length === 0) return { persisted: patched.persisted };
    // Once stored, the artifact's bytes are not needed any more (artifact-source.ts `release`).
    const stored = (await this.adoptFull(source, patched?.remaining ?? todo)).persisted.finally(() => source.release());
    return { persisted: patched ? Promise.all([patched.persisted, stored]).then(() => undefined) : stored };
  }

  /**
   * Vectors for `todo` from the patch between the build this page holds and the published one
   * (artifact-patch.ts); undefined when there is no patch to use. Once the patch covered every
   * item asked of it, the page holds the published build.
   */
  private async adoptPatch(
    source: ArtifactSource,
    todo: CatalogEntry[],
  ): Promise<{ persisted: Promise<void>; remaining: CatalogEntry[] } | undefined> {
    const url = this.ctx.config.vectors!;
    // The revalidated manifest serves the visit's first sync only: a later update() in this page
    // view asks the server again (the site may have rebuilt since).
    const published = this.publishedManifest;
    this.publishedManifest = undefined;
    const held = await heldBuild(this.ctx, url).catch(() => undefined);
    if (held === undefined) return undefined;
    const manifest = await (published ?? source.fetchManifest()).catch(() => undefined);
    const patch = manifest && (await fetchPatch(this.ctx, url, manifest, held));
    // The patch's vectors are the published build's: checked, and refused, as that build.
    const build = manifest && { manifest };
    if (!build || !patch || (await this.ctx.sampleCheck.refused(build))) return undefined;
    const { persisted, remaining } = this.take(patch, todo, build);
    const whole = remaining.length === 0;
    return {
      persisted: persisted.then(() => (whole ? rememberBuild(this.ctx, url, manifest).catch(() => undefined) : undefined)),
      remaining,
    };
  }

  /** Vectors for `todo` from the published artifact: its head first where that pays, then the whole. */
  private async adoptFull(source: ArtifactSource, todo: CatalogEntry[]): Promise<{ persisted: Promise<void> }> {
    // Whichever comes first: an artifact already in needs no head.
    const head = await Promise.race([source.head(), source.get().then(() => undefined)]);
    // On a fast link the rest is about in when the head is: sign-vector answers would only flash,
    // and replacing every row costs ~0.7 s at 32k items. A rest estimated near (at the head's rate)
    // gets HEAD_WORTH_MS to come; one that does not (a stall, a slower link) leaves the head's.
    const worthIt = head && (source.remainingMs() > HEAD_WORTH_MS || !(await settlesWithin(source.get(), HEAD_WORTH_MS)));
    if (!worthIt || !(await this.adoptHead(head, todo))) return this.adoptWhole(todo);
    const replaced = (async () => {
      const { persisted } = await this.adoptWhole(todo);
      // Whatever the whole artifact did not replace (it failed, or was refused) goes; the lists
      // then rank by real vectors, or by keywords while the page embeds.
      this.ctx.state.dropCoarse();
      this.ctx.life.emit({ type: 'refresh', reason: 'vectors' });
      await persisted;
    })();
    return { persisted: replaced };
  }

  /** Indexes the head's sign vectors for `todo` (not stored); false when it had none to give. */
  private async adoptHead(head: ArtifactHead, todo: readonly CatalogEntry[]): Promise<boolean> {
    if (await this.ctx.sampleCheck.refused(head)) return false;
    const { found, vectors } = head.vectorsFor(todo);
    if (found.length === 0) return false;
    // The learnt index state first, so the index is created trained, as from the whole artifact.
    if (head.index) this.installIndex(head.index);
    this.ctx.state.addCoarse(found, vectors);
    return true;
  }

  private async adoptWhole(todo: CatalogEntry[]): Promise<{ persisted: Promise<void> }> {
    const artifact = await this.source?.get();
    if (!artifact) return { persisted: Promise.resolve() };
    if (await this.ctx.sampleCheck.refused(artifact)) {
      this.ctx.life.emit({
        type: 'warning',
        code: ErrorCodes.ARTIFACT_MISMATCH,
        message: `the prebuilt vectors at ${this.ctx.config.vectors} failed an earlier check against their items; the catalog is embedded in the browser`,
      });
      return { persisted: Promise.resolve() };
    }
    await this.adoptSections(artifact);
    const { persisted, remaining } = this.take(artifact, todo);
    this.checkCoverage(artifact, todo.length, remaining);
    // The page now holds this build: a later one may come as a patch from it.
    const url = this.ctx.config.vectors!;
    return { persisted: persisted.then(() => rememberBuild(this.ctx, url, artifact.manifest).catch(() => undefined)) };
  }

  /**
   * Indexes the vectors `artifact` holds for `todo` and stores them (`persisted`, which also runs
   * the sample check once stored); returns the entries it had none for.
   */
  private take(
    artifact: Artifact,
    todo: CatalogEntry[],
    build: Pick<Artifact, 'manifest'> = artifact,
  ): { persisted: Promise<void>; remaining: CatalogEntry[] } {
    const { persisted, remaining } = adoptArtifact(
      artifact,
      todo,
      (entries, vectors) => {
        this.ctx.state.addVectors(entries, vectors);
        this.count += entries.length;
        // The first usable ranking may exist now.
        this.ctx.life.markFirstResults();
      },
      (entries, vectors) =>
        this.ctx.store.putVectors(
          this.ctx.modelKey,
          this.ctx.state.dims,
          entries.map((e) => e.hash),
          vectors,
        ),
    );
    const left = new Set(remaining);
    const adopted = todo.filter((e) => !left.has(e));
    // After the first answers, as the storing is: the sample's texts and an IndexedDB write.
    // A failed write leaves no check, never a failed catalog sync.
    const sampled = persisted.then(() =>
      this.ctx.sampleCheck.adopted(artifact, adopted, this.ctx.encoder.loaded, build).catch(() => undefined),
    );
    return { persisted: sampled, remaining };
  }

  /**
   * Warns when the artifact covers less than `MIN_COVERED_SHARE` of the items asked of it (at least
   * `MIN_CHECKED_ITEMS` of them): vectors built for another catalog, or one that changed since,
   * would otherwise make every visitor embed it silently. Counts ids the artifact lacks apart from
   * items whose text changed since the build.
   */
  private checkCoverage(artifact: Artifact, asked: number, remaining: readonly CatalogEntry[]): void {
    if (asked < MIN_CHECKED_ITEMS || asked - remaining.length >= MIN_COVERED_SHARE * asked) return;
    const keys = new Set(artifact.keys);
    const unknown = remaining.filter((e) => !keys.has(e.key)).length;
    this.ctx.life.emit({
      type: 'warning',
      code: ErrorCodes.ARTIFACT_MISMATCH,
      message: `the prebuilt vectors at ${this.ctx.config.vectors} cover ${asked - remaining.length} of ${asked} catalog items (${unknown} ids are not in them, ${remaining.length - unknown} items changed since the build); the other ${remaining.length} are embedded in the browser: rebuild the vectors from this catalog`,
    });
  }

  /**
   * The artifact's optional sections: the index's learnt state (installed before its vectors, so a
   * first visit never trains) and the site's signals. A section that does not fit this catalog is
   * reported and ignored.
   */
  private async adoptSections(artifact: Artifact): Promise<void> {
    const index = artifact.sections.get('index');
    if (index) this.installIndex(index);
    // Sections present replace the saved ones; none clear them (the site withdrew them).
    await Promise.all([this.site.fromArtifact(artifact), this.space.fromArtifact(artifact)]);
  }

  /** Installs the `index` section's learnt state (ignored once the index exists: catalog-state.ts). */
  private installIndex(section: Uint8Array): void {
    try {
      this.ctx.state.installTraining(decodeTrainingState(section));
    } catch (err) {
      const message = `the prebuilt index state was ignored: ${(err as Error).message}`;
      this.ctx.life.emit({ type: 'warning', code: ErrorCodes.ARTIFACT_INVALID, message });
    }
  }
}
