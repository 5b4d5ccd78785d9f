/**
 * Prebuilt vectors (`inpage-rec build`, src/artifact) as a source of vectors for the worker: on a
 * visit that finds items without vectors in IndexedDB, the artifact is fetched once, checked
 * against the model key and text rule this page uses, and every item whose content hash matches
 * takes its vector from it; only the rest is embedded in the browser. A corrupt or truncated file is
 * reported (ARTIFACT_INVALID) and ignored, an artifact of another model or text rule likewise
 * (ARTIFACT_MISMATCH): either way the visit falls back to embedding, and since the artifact is
 * verified whole before any vector is used, nothing of a bad one reaches IndexedDB.
 *
 * A big artifact (artifact-head.ts) is fetched by sections, as byte ranges, its head first: the
 * head's sign vectors may rank meanwhile (prebuilt.ts), marked warming, never stored.
 *
 * The manifest is revalidated with the server (`no-cache`) and requested once per download: the
 * site signals' revalidation (published-signals.ts) and the artifact download share that response;
 * the files it names have content-addressed names and come from the HTTP cache when they can.
 */
import {
  type Artifact,
  type ArtifactManifest,
  artifactError,
  assembleArtifact,
  describeTextRule,
  fetchArtifact,
  parseArtifactManifest,
} from '../../artifact/index.ts';
import { createError, ErrorCodes, errorMessage } from '../../errors.ts';
import type { EngineContext } from '../context.ts';
import { artifactFit } from './artifact-fit.ts';
import { ArtifactHead } from './artifact-head.ts';
import { fetchSections, LATER_SECTIONS } from './artifact-sections.ts';
import { pinnedManifest } from './artifact-space.ts';

/** What the source reads: the model key and text rule it must match, and where it reports. */
type Ctx = Pick<EngineContext, 'config' | 'modelKey' | 'life' | 'deps'> & Partial<Pick<EngineContext, 'takeFirstManifest' | 'early'>>;

/** Fetches the artifact at most once and says whether it fits this page. */
export class ArtifactSource {
  private loading: Promise<Artifact | undefined> | undefined;
  private headLoading: Promise<ArtifactHead | undefined> | undefined;
  private rankingLoading: Promise<ArtifactHead | undefined> | undefined;
  private rankingSections: Promise<Map<string, Uint8Array>> | undefined;
  private headSections: Promise<Map<string, Uint8Array>> | undefined;
  private done = false;
  /** True while a fetched, usable artifact is held (`release` lets it go; a failed one stays failed). */
  private held = false;
  private startedAt: number | undefined;
  private progress = { loaded: 0, total: 0 };
  /** The head's bytes per millisecond once it is in: the rest's rate until the rest's own bytes come. */
  private headRate: number | undefined;
  /** The one manifest response, cloned for each reader. */
  private manifestResponse: Promise<Response> | undefined;
  /** The manifest as soon as it is parsed, or undefined once the artifact has failed. */
  private readonly manifest: Promise<ArtifactManifest | undefined>;
  private manifestKnown: (m: ArtifactManifest | undefined) => void = () => {};

  /** `url`: absolute URL of the artifact's manifest.json. */
  constructor(
    private readonly url: string,
    private readonly ctx: Ctx,
  ) {
    this.manifest = new Promise((ok) => {
      this.manifestKnown = ok;
    });
  }

  /** The verified artifact, or undefined when it is unusable (already reported). */
  get(): Promise<Artifact | undefined> {
    this.loading ??= this.load();
    return this.loading;
  }

  /**
   * The artifact's head (artifact-head.ts), fetched beside the rest: undefined when the manifest
   * lists none (an older build), does not fit this page (model, text rule), or the head could not
   * be fetched. Nothing is reported here: the artifact's download reports what is wrong.
   */
  head(): Promise<ArtifactHead | undefined> {
    this.headLoading ??= this.loadHead((m) => this.headSectionsOf(m));
    return this.headLoading;
  }

  /** The head's first part, without its hashes (artifact-head.ts `rankingNames`): what a first visit ranks with before the catalog. */
  ranking(): Promise<ArtifactHead | undefined> {
    this.rankingLoading ??= this.loadHead((m) => this.rankingSectionsOf(m));
    return this.rankingLoading;
  }

  /**
   * Lets go of the fetched artifact and its head, once their vectors are indexed and stored: the
   * codes and head sections a 100k catalog's artifact holds are ~30 MB that the worker would
   * otherwise keep for the page's life (docs/notes/first-visit-memory.md). Whoever awaits them
   * already keeps them. A later `get()` (an `update()` with new items) fetches the manifest and the
   * files again, as the site may have rebuilt since.
   */
  release(): void {
    // Still coming (whoever waits for it releases it afterwards), or failed: a failure is final for
    // the page view, as before.
    if (!this.done || !this.held) return;
    this.held = false;
    this.loading = this.headLoading = this.rankingLoading = undefined;
    this.rankingSections = this.headSections = undefined;
    this.done = false;
    this.progress = { loaded: 0, total: 0 };
    this.startedAt = undefined;
  }

  /** True once the artifact has been fetched and checked (or has failed). */
  get settled(): boolean {
    return this.done;
  }

  /**
   * How long the artifact (by sections: its rest) should still take (ms) at the rate it has come so
   * far; before the rest's first bytes, at the rate the head came (Infinity when neither is known).
   * What decides whether the head's answers are worth showing (prebuilt.ts).
   */
  remainingMs(): number {
    const { loaded, total } = this.progress;
    if (this.done) return 0;
    if (loaded > 0 && this.startedAt !== undefined) return ((total - loaded) * (performance.now() - this.startedAt)) / loaded;
    return this.headRate && total > 0 ? total / this.headRate : Number.POSITIVE_INFINITY;
  }

  /** True once the artifact's download has started (get() was called). */
  get downloading(): boolean {
    return this.loading !== undefined;
  }

  /**
   * The manifest as the site serves it now, without the files it lists: the same request get()
   * uses. Throws `ARTIFACT_INVALID` when it cannot be fetched or read (offline, HTTP 404, not a
   * manifest); nothing is reported, a download that needs it reports that itself.
   */
  async fetchManifest(): Promise<ArtifactManifest> {
    const url = this.url;
    let response: Response;
    try {
      response = (await this.manifestOnce()).clone();
    } catch (err) {
      throw artifactError(url, `could not be fetched (${errorMessage(err)})`, err);
    } finally {
      // Shared only with a download that started while this request was in flight: a download
      // later in the page view (an update() with new items) asks again, as the site may have
      // rebuilt (and deleted the binary this manifest names) since.
      if (!this.loading) this.manifestResponse = undefined;
    }
    if (!response.ok) throw artifactError(url, `the server answered HTTP ${response.status}`);
    let json: unknown;
    try {
      json = JSON.parse(await response.text());
    } catch (err) {
      throw artifactError(url, `is not valid JSON (${errorMessage(err)})`, err);
    }
    return parseArtifactManifest(json, url);
  }

  /**
   * The manifest's one request, revalidated with the server every time (`no-cache`: a conditional
   * request, 304 when unchanged): a new build must reach a returning visitor at once, whatever
   * lifetime the site's server gives the manifest. The files it names have content-addressed
   * names and come from the HTTP cache when they can.
   */
  private manifestOnce(): Promise<Response> {
    // The context's first read of the manifest (artifact-space.ts) is this request's first answer.
    this.manifestResponse ??=
      this.ctx.takeFirstManifest?.() ??
      globalThis.fetch(this.url, { cache: 'no-cache' }).then((r) => pinnedManifest(r, this.ctx.config.vectorsIntegrity));
    return this.manifestResponse;
  }

  /** The manifest as soon as it is parsed (undefined once the artifact has failed), without starting a download. */
  get parsedManifest(): Promise<ArtifactManifest | undefined> {
    return this.manifest;
  }

  private async loadHead(sections: (m: ArtifactManifest) => Promise<Map<string, Uint8Array>>): Promise<ArtifactHead | undefined> {
    try {
      const manifest = await this.fetchManifest();
      if (!(await this.bySections(manifest))) return undefined;
      return ArtifactHead.fromSections(manifest, await sections(manifest), this.url);
    } catch {
      return undefined;
    }
  }

  /**
   * True when this artifact is fetched by sections, its head first: big enough for a head to pay
   * (artifact-head.ts) and made for this page (model and text rule; otherwise the whole file is
   * fetched and the mismatch reported, as before).
   */
  private async bySections(manifest: ArtifactManifest): Promise<boolean> {
    if (!ArtifactHead.worthwhile(manifest, this.ctx.deps.headMinBytes) || manifest.model.key !== this.ctx.modelKey) return false;
    return (await describeTextRule(this.ctx.config.textRule)).fingerprint === manifest.textRule.fingerprint;
  }

  /** The head's ranking sections, fetched once, first; their rate is the link's until the rest's bytes come. */
  private rankingSectionsOf(manifest: ArtifactManifest): Promise<Map<string, Uint8Array>> {
    const started = performance.now();
    this.rankingSections ??= fetchSections(this.url, manifest, ArtifactHead.rankingNames(manifest)).then((got) => {
      this.headRate = [...got.values()].reduce((sum, b) => sum + b.byteLength, 0) / Math.max(1, performance.now() - started);
      return got;
    });
    return this.rankingSections;
  }

  /** The head's sections, fetched once (by the head or by the whole artifact): the ranking part, then the hashes. */
  private headSectionsOf(manifest: ArtifactManifest): Promise<Map<string, Uint8Array>> {
    this.headSections ??= this.rankingSectionsOf(manifest).then(
      async (got) => new Map([...got, ...(await fetchSections(this.url, manifest, ['hashes']))]),
    );
    return this.headSections;
  }

  /** The whole artifact as its head's sections and the rest's, each a verified byte range. */
  private async fetchBySections(manifest: ArtifactManifest): Promise<Artifact> {
    const headNames = ArtifactHead.sectionNames(manifest);
    const head = this.headSectionsOf(manifest);
    const rest = manifest.sections.filter((s) => !headNames.includes(s.name) && !LATER_SECTIONS.includes(s.name));
    const total = rest.reduce((sum, s) => sum + s.bytes, 0);
    this.progress = { loaded: 0, total };
    // The head first, then the rest: on a slow link the head (and the catalog, fetched meanwhile)
    // then have the link to themselves, so the first answers come sooner; on a fast one the rest
    // starts a head's download later (~0.1 s at 32k, 128 dimensions). A head that fails fails the
    // artifact at once.
    const headBytes = await head;
    await this.ctx.early?.gate; // a first visit's head answers first (early-answers.ts)
    this.startedAt = performance.now();
    const got = await fetchSections(
      this.url,
      manifest,
      rest.map((s) => s.name),
      (loaded) => this.progressed(loaded, total),
    );
    try {
      return assembleArtifact(manifest, new Map([...headBytes, ...got]));
    } catch (err) {
      const e = err as Error & { code?: string };
      throw e.code === ErrorCodes.ARTIFACT_INVALID
        ? createError(ErrorCodes.ARTIFACT_INVALID, `${e.message} (manifest ${this.url})`, err)
        : err;
    }
  }

  /** Bytes of the artifact in so far: for `remainingMs` and the page's progress bar. */
  private progressed(loaded: number, total: number): void {
    this.progress = { loaded, total };
    this.ctx.life.emit({ type: 'progress', done: loaded, total, unit: 'bytes' });
  }

  private async load(): Promise<Artifact | undefined> {
    try {
      const artifact = await this.loadWhole();
      this.held = artifact !== undefined;
      return artifact;
    } finally {
      this.done = true;
    }
  }

  private async loadWhole(): Promise<Artifact | undefined> {
    // The head before the rest (fetchBySections). Delaying the rest until the catalog is in cost
    // fast links ~1 s (docs/notes/phone-first-visit.md): the head's answers were shown, then replaced.
    void this.head();
    this.startedAt = performance.now();
    let artifact: Artifact;
    try {
      const manifest = await this.fetchManifest();
      if (await this.bySections(manifest)) {
        this.manifestKnown(manifest);
        artifact = await this.fetchBySections(manifest);
      } else
        artifact = await fetchArtifact(this.url, {
          // The manifest from the request fetchManifest() made already; the rest as usual.
          fetch: (input, init) => (input === this.url ? this.manifestOnce().then((r) => r.clone()) : globalThis.fetch(input, init)),
          onProgress: (loaded, total) => this.progressed(loaded, total),
          onManifest: (m) => this.manifestKnown(m),
        });
    } catch (err) {
      this.manifestKnown(undefined);
      const e = err as { code?: string; message?: string };
      this.problem(
        'error',
        e.code ?? ErrorCodes.ARTIFACT_INVALID,
        `${e.message ?? String(err)}; the catalog is embedded in the browser instead`,
      );
      return undefined;
    }
    const fit = await artifactFit(artifact.manifest, { modelKey: this.ctx.modelKey, textRule: this.ctx.config.textRule }, this.url);
    if (fit.warning) this.problem('warning', ErrorCodes.ARTIFACT_MISMATCH, fit.warning);
    if (!fit.usable) return undefined;
    return artifact;
  }

  /** A problem that made the artifact unusable (the visit embeds instead), or part of it. */
  private problem(kind: 'error' | 'warning', code: string, message: string): void {
    this.ctx.life.emit({ type: kind, code, message });
  }
}
