/**
 * Prebuilt vectors in the engine: fetches the artifact (artifact-source.ts) when a visit finds
 * items without vectors, indexes its vectors before storing them, installs its optional sections
 * (the index's learnt state; the site's signals, kept in IndexedDB for later visits and
 * revalidated against the published manifest on every visit: site-signals.ts) and counts what it
 * contributed.
 */
import type { Artifact } from '../artifact/index.ts';
import type { CatalogEntry } from '../catalog/index.ts';
import { ErrorCodes } from '../errors.ts';
import type { SignalLookup } from '../signals/index.ts';
import type { Store } from '../storage/index.ts';
import type { TextRule } from '../types.ts';
import { decodeTrainingState } from '../vector-index/index.ts';
import { ArtifactSource, adoptArtifact } from './artifact-source.ts';
import type { CatalogState } from './catalog-state.ts';
import type { EngineEvent } from './protocol.ts';
import { SiteSignals } from './site-signals.ts';

/** What the prebuilt vectors need from the engine. */
export interface PrebuiltHooks {
  /** Absolute URL of the artifact's manifest, when the page gave one. */
  url: string | undefined;
  modelKey: string;
  textRule: TextRule | undefined;
  store: Store;
  state: CatalogState;
  emit(e: EngineEvent): void;
  /** Vectors were indexed (the first usable ranking may exist now). */
  onIndexed(count: number): void;
}

/** The page's prebuilt vectors and the site's signals. */
export class PrebuiltVectors {
  private readonly source: ArtifactSource | undefined;
  private readonly site: SiteSignals;
  private count = 0;

  constructor(private readonly h: PrebuiltHooks) {
    this.source =
      h.url === undefined
        ? undefined
        : new ArtifactSource({
            url: h.url,
            modelKey: h.modelKey,
            textRule: h.textRule,
            onProgress: (done, total) => h.emit({ type: 'progress', done, total, unit: 'bytes' }),
            onProblem: (kind, code, message) => h.emit({ type: kind, code, message }),
          });
    this.site = new SiteSignals({
      url: h.url,
      modelKey: h.modelKey,
      store: h.store,
      source: this.source,
      warn: (message) => this.warn(message),
      // Lists shown with the saved signals are asked again (there is no refresh reason of its own).
      onChange: () => h.emit({ type: 'refresh', reason: 'catalog' }),
    });
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

  /** This visit's check of the saved signals against the published manifest (tests wait on it). */
  get revalidated(): Promise<void> {
    return this.site.revalidated;
  }

  /** Restores the signals an earlier visit stored (none without an artifact). */
  async loadSaved(): Promise<void> {
    await this.site.load();
  }

  /**
   * Revalidates the saved signals in the background (site-signals.ts); never waits for the network.
   * Called once the visit knows whether it downloads the artifact (`prefetch`).
   */
  revalidate(): void {
    void this.site.revalidate();
  }

  /** Starts the download early (a first visit: while the catalog loads and validates). */
  prefetch(): void {
    void this.source?.get();
  }

  /**
   * The artifact's content hashes by key when it was built from catalog bytes with this SHA-256
   * (hex) under this page's model and text rule (`ArtifactSource.hashesFor`); otherwise undefined.
   */
  async catalogHashes(catalogSha256: string): Promise<ReadonlyMap<string, string> | undefined> {
    return this.source?.hashesFor(catalogSha256);
  }

  /** Takes vectors for `todo` from the artifact: indexes them now, stores them in `persisted`. */
  async adopt(todo: CatalogEntry[]): Promise<{ persisted: Promise<void> }> {
    const artifact = await this.source?.get();
    if (!artifact) return { persisted: Promise.resolve() };
    await this.adoptSections(artifact);
    const { persisted } = adoptArtifact(
      artifact,
      todo,
      (entries, vectors) => {
        this.h.state.addVectors(entries, vectors);
        this.count += entries.length;
        this.h.onIndexed(entries.length);
      },
      (entries, vectors) =>
        this.h.store.putVectors(
          this.h.modelKey,
          this.h.state.dims,
          entries.map((e) => e.hash),
          vectors,
        ),
    );
    return { persisted };
  }

  /**
   * The artifact's optional sections: the index's learnt state (installed before its vectors, so a
   * first visit never trains) and the site's signals. A section that does not fit this catalog is
   * reported and ignored.
   */
  private async adoptSections(artifact: Artifact): Promise<void> {
    const index = artifact.sections.get('index');
    if (index) {
      try {
        this.h.state.installTraining(decodeTrainingState(index));
      } catch (err) {
        this.warn(`the prebuilt index state was ignored: ${(err as Error).message}`);
      }
    }
    // Signals present replace the saved ones; none clear them (the site withdrew them).
    await this.site.fromArtifact(artifact);
  }

  private warn(message: string): void {
    this.h.emit({ type: 'warning', code: ErrorCodes.ARTIFACT_INVALID, message });
  }
}
