/**
 * A section of the site's artifact that ranking reads on every visit (the site's signals:
 * published-signals.ts; the learned space: published-learned.ts) in the worker: the copy saved in
 * IndexedDB, and keeping it in step with the artifact the site publishes. Written for the signals
 * first; "signals" below stands for any such section, whose rows refer to items by index in `keys`.
 *
 * Decision: signals follow the currently published artifact, checked once per visit (each page
 * view starts a worker), in the background.
 * - With an artifact configured, the saved signals are served at once and the manifest is
 *   revalidated in the background: ranking by cached vectors never waits for it. That is one
 *   request, to the manifest URL the page gave (the site's origin), always revalidated with the
 *   server (`no-cache`: a 304 when unchanged), so a new build reaches the visit whatever the
 *   manifest's `Cache-Control`. A visit that downloads the artifact, or takes a patch, shares that
 *   one manifest response (artifact-source.ts, prebuilt.ts).
 * - The saved record names the manifest URL and the SHA-256 of the `signals` and `keys` sections it
 *   reflects, as the manifest lists them (the signals' rows refer to items by index in `keys`).
 *   Same URL and digests: nothing more is requested. Other digests: the changed sections are
 *   fetched (byte ranges of the binary, verified against the manifest: artifact-sections.ts), and
 *   replace the saved signals; so does a returning visitor with no record (one an older release
 *   left). A visit that downloads the whole artifact anyway (a first visit, or items without
 *   vectors) takes them from that download instead.
 * - The manifest has no `signals` section, or is for another model (the page ignores such an
 *   artifact whole): the saved signals are cleared.
 * - The manifest cannot be fetched or read (offline, HTTP 404, not a manifest): the saved signals
 *   are kept and served, as the saved vectors are, and the next visit checks again. Likewise when
 *   fetching the changed sections fails (with a warning).
 * - No artifact configured: saved signals (of an earlier configuration) are cleared, never served.
 * - Saved signals of another manifest URL are not served; they are kept only if the page's
 *   manifest lists the same sections (no download then).
 * When the signals served change after a visit started with a saved record, the page hears
 * `refresh` (reason `catalog`), so lists shown meanwhile are asked again.
 */
import { type Artifact, type ArtifactManifest, readKeys } from '../../artifact/index.ts';
import { ErrorCodes, errorMessage } from '../../errors.ts';
import type { EngineContext } from '../context.ts';
import { fetchSections } from './artifact-sections.ts';
import type { ArtifactSource } from './artifact-source.ts';

/** What a published section reads: the page's artifact URL (`config.vectors`), the model key, the store. */
export type PublishedCtx = Pick<EngineContext, 'config' | 'modelKey' | 'store' | 'life'>;

/** Which section, how it is saved, and what ranking makes of its bytes. */
export interface SectionSpec<T> {
  /** The section's name in the artifact, e.g. `signals`. */
  name: string;
  /** The settings key's prefix: the record is saved as `<prefix>:<model key>`. */
  setting: string;
  /** How warnings name it, e.g. "the site signals". */
  label: string;
  /** What ranking uses, from the section's bytes and the keys its rows refer to; throws when they do not fit. */
  decode(bytes: Uint8Array, keys: readonly string[]): T;
}

/**
 * Which published sections a record reflects: their SHA-256 as the manifest lists them, under the
 * section's own name (`{ signals, keys }` for the signals, as records have always been saved).
 */
type SectionDigests = Record<string, string>;

/**
 * The saved record (settings key `signals:<model key>`). Records written before revalidation
 * existed hold `bytes` and `keys` only: they are served, and replaced by the next revalidation.
 */
interface SavedSignals {
  /** The manifest the record reflects; absent when the page had no artifact (or in an old record). */
  url?: string;
  /** The sections it reflects; null: that manifest had no usable signals; absent: unknown (old record). */
  section?: SectionDigests | null;
  /** The section's bytes and the item keys its rows refer to; absent when there are none to serve. */
  bytes?: Uint8Array;
  keys?: readonly string[];
}

/** One section as the site publishes it: saved, revalidated, served. */
export class PublishedSection<T> {
  private current: T | undefined;
  private saved: SavedSignals | undefined;
  private restored = false;
  private queue: Promise<void> = Promise.resolve();
  private checking: Promise<void> | undefined;
  /** The fetch of a section a download by sections left out (`LATER_SECTIONS`), once started. */
  private later: Promise<void> | undefined;

  /** `source`: the page's artifact, when it configured one. */
  constructor(
    private readonly ctx: PublishedCtx,
    private readonly source: ArtifactSource | undefined,
    private readonly spec: SectionSpec<T>,
  ) {}

  /** Absolute URL of the artifact's manifest; undefined when the page configured none. */
  private get url(): string | undefined {
    return this.ctx.config.vectors;
  }

  /** A problem with the published section: the page hears it as a warning. */
  private warn(message: string): void {
    this.ctx.life.emit({ type: 'warning', code: ErrorCodes.ARTIFACT_INVALID, message });
  }

  /** What to rank with, if any. */
  get lookup(): T | undefined {
    return this.current;
  }

  /** The background revalidation of this visit (settled when it is done; it never rejects). */
  get revalidated(): Promise<void> {
    return (this.checking ?? Promise.resolve()).then(() => this.later);
  }

  /** Restores what an earlier visit saved, where it may be served; clears it without an artifact. */
  async load(): Promise<void> {
    const saved = await this.ctx.store.getSetting<SavedSignals>(this.key());
    this.saved = saved;
    this.restored = saved !== undefined;
    if (this.url === undefined) {
      // A record that says "none" rather than no record: should the page configure an artifact
      // later, this visitor is not taken for a first visit (which downloads the whole artifact).
      const none = saved !== undefined && saved.section === null && saved.url === undefined && saved.bytes === undefined;
      if (!none) await this.write({ section: null });
      return;
    }
    if (saved?.bytes && saved.keys && (saved.url === undefined || saved.url === this.url)) this.install(saved.bytes, saved.keys);
  }

  /**
   * Starts this visit's revalidation against the published manifest (once). The engine calls it
   * after deciding whether this visit downloads the artifact, so a visit that does takes the
   * signals from that download and one that does not fetches only the changed sections.
   * `manifest`: the manifest response this visit already asked for (the sections share one request).
   */
  revalidate(manifest?: Promise<ArtifactManifest>): Promise<void> {
    const source = this.source;
    if (!source) return Promise.resolve();
    this.checking ??= this.check(source, manifest ?? source.fetchManifest()).catch((err: unknown) => {
      this.warn(`${this.spec.label} could not be updated: ${errorMessage(err)}`);
    });
    return this.checking;
  }

  /** Takes the signals of a downloaded, verified artifact (or clears them when it has none). */
  async fromArtifact(artifact: Artifact): Promise<void> {
    const section = digests(artifact.manifest, this.spec.name);
    const bytes = artifact.sections.get(this.spec.name);
    if (section && !bytes && this.url) return this.fetchLater(artifact, section, this.url);
    await this.settle(section && bytes ? { url: this.url, section, bytes, keys: [...artifact.keys] } : { url: this.url, section: null });
  }

  /**
   * The section of a downloaded artifact that left it out (`LATER_SECTIONS`): one byte-range
   * request, in the background, so the artifact's adoption (and the first answers) never wait for
   * it. Lists shown before it is in are asked again (`refresh`, as for a revalidated section).
   */
  private fetchLater(artifact: Artifact, section: SectionDigests, url: string): void {
    const saved = this.saved;
    if (saved?.bytes && saved.url === url && sameSections(saved.section, section)) return;
    this.later ??= fetchSections(url, artifact.manifest, [this.spec.name])
      .then((got) => this.settle({ url, section, bytes: got.get(this.spec.name)!, keys: [...artifact.keys] }, true))
      .catch((err: unknown) => this.warn(`${this.spec.label} could not be fetched: ${errorMessage(err)}`));
  }

  private async check(source: ArtifactSource, published: Promise<ArtifactManifest>): Promise<void> {
    let manifest: ArtifactManifest;
    try {
      manifest = await published;
    } catch {
      // Offline, 404, or broken: what is saved stays in use until a visit can check.
      return;
    }
    const url = this.url;
    // An artifact of another model is ignored whole (artifact-source.ts): no signals from it.
    const section = manifest.model.key === this.ctx.modelKey ? digests(manifest, this.spec.name) : null;
    const saved = this.saved;
    if (saved && saved.url === url && sameSections(saved.section, section)) return; // unchanged: the manifest was the only request
    if (section === null) return this.settle({ url, section: null });
    if (saved?.bytes && sameSections(saved.section, section)) return this.settle({ ...saved, url });
    if (source.downloading) {
      // This visit downloads the whole artifact anyway (a first visit, or items without vectors).
      const artifact = await source.get();
      if (artifact) await this.fromArtifact(artifact);
      return;
    }
    // Only the changed sections, by byte range; also for a returning visitor without a record
    // (saved by a release before revalidation, or a failed write), whose vectors are all cached.
    const keysKnown = saved?.section?.keys === section.keys && saved?.keys !== undefined;
    const names = keysKnown ? [this.spec.name] : ['keys', this.spec.name];
    const got = await fetchSections(url!, manifest, names);
    const keys = keysKnown ? saved!.keys! : readKeys(got.get('keys')!, manifest.count, url!);
    // Lists shown before this check ranked without these signals: refresh them, record or not.
    await this.settle({ url, section, bytes: got.get(this.spec.name)!, keys }, true);
  }

  /** Serves and saves `next`, one change at a time; nothing when it is what is saved and served. */
  private settle(next: SavedSignals, notify = this.restored): Promise<void> {
    const run = this.queue.then(async () => {
      const saved = this.saved;
      if (saved && saved.url === next.url && sameSections(saved.section, next.section ?? null)) return;
      const before = this.current;
      let record = next;
      if (next.bytes && next.keys) {
        // Unusable signals are remembered as such: the same section is not fetched again.
        if (!this.install(next.bytes, next.keys)) record = { url: next.url, section: next.section ?? null };
      } else {
        this.current = undefined;
      }
      this.saved = record;
      await this.write(record);
      // Lists shown with the saved signals are asked again (there is no refresh reason of its own).
      if (notify && before !== this.current) this.ctx.life.emit({ type: 'refresh', reason: 'catalog' });
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private install(bytes: Uint8Array, keys: readonly string[]): boolean {
    try {
      this.current = this.spec.decode(bytes, keys);
      return true;
    } catch (err) {
      this.current = undefined;
      this.warn(`${this.spec.label} ${this.spec.label.endsWith('s') ? 'were' : 'was'} ignored: ${(err as Error).message}`);
      return false;
    }
  }

  private write(record: SavedSignals): Promise<void> {
    const { url, section, bytes, keys } = record;
    return this.ctx.store.setSetting(this.key(), {
      ...(url !== undefined ? { url } : {}),
      section: section ?? null,
      ...(bytes && keys ? { bytes, keys } : {}),
    } satisfies SavedSignals);
  }

  private key(): string {
    return `${this.spec.setting}:${this.ctx.modelKey}`;
  }
}

/** The digests of the manifest's section `name` and its `keys`; null when it has no such section. */
function digests(manifest: ArtifactManifest, name: string): SectionDigests | null {
  const section = manifest.sections.find((s) => s.name === name);
  const keys = manifest.sections.find((s) => s.name === 'keys');
  return section && keys ? { [name]: section.sha256, keys: keys.sha256 } : null;
}

function sameSections(a: SectionDigests | null | undefined, b: SectionDigests | null): boolean {
  if (a === undefined) return false;
  if (a === null || b === null) return a === b;
  const names = Object.keys(b);
  return names.length === Object.keys(a).length && names.every((n) => a[n] === b[n]);
}
