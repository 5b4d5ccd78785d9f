/**
 * The space a page's vectors live in, decided before the engine opens its context: the encoder's
 * own, or the projection of prebuilt vectors built with `--dims` (src/artifact/projection-file.ts).
 * The model key (what every stored vector and content hash is keyed by) and the index's
 * dimensions depend on it, and so does what the page embeds itself: a search query, or an item
 * added after the build, must land in the build's space.
 *
 * So a page with `vectors` reads the manifest first (the one request the artifact download then
 * reuses, see `takeFirstManifest`) and, when it names a projection, fetches that file (immutable,
 * from the HTTP cache on later visits) and checks its SHA-256 against the manifest. The space is
 * also kept in IndexedDB: a returning visit does not wait for the manifest (offline, slow or held,
 * it would hold back vectors the visit already has); it goes on in the space its stored vectors are
 * in, and a space the site changed since (a `--full` rebuild) takes effect on the next visit. Only a
 * first visit waits, one request, for what it needs anyway. A failure leaves the encoder's own
 * space, and the artifact download then reports the problem (ARTIFACT_INVALID, or
 * ARTIFACT_MISMATCH for a build in another space).
 */
import { parseArtifactManifest } from '../../artifact/manifest.ts';
import { decodeProjection } from '../../artifact/projection-file.ts';
import type { Starter } from '../../artifact/starter-file.ts';
import { integrityOf } from '../../digest/integrity.ts';
import { sha256Hex } from '../../digest/sha256.ts';
import { resolveModel } from '../../encoder/registry.ts';
import type { Projection } from '../../vector-index/projection.ts';
import type { Visit } from '../context.ts';
import { fetchStarter } from './starter.ts';

/** A projected space: the projection and its file's SHA-256 (which the model key names). */
export interface ArtifactSpace {
  projection: Projection;
  sha256: string;
}

/** What the context opens with: the space, and the manifest response the artifact download reuses. */
export interface SpaceRead {
  space: ArtifactSpace | undefined;
  manifest: Promise<Response> | undefined;
  /** On a first visit, the build's starter records (starter.ts), while they download. */
  starter?: Promise<Starter | undefined>;
}

const spaceKey = (url: string) => `space:${url}`;

/**
 * `response` if `pin` is unset or the manifest's bytes have that SHA-256 (`vectorsIntegrity`);
 * otherwise throws, so every reader of the manifest fails as for one that could not be fetched.
 */
export async function pinnedManifest(response: Response, pin: string | undefined): Promise<Response> {
  if (!pin || !response.ok) return response;
  const bytes = new Uint8Array(await response.arrayBuffer());
  const actual = await integrityOf(bytes);
  if (actual !== pin)
    throw new Error(`its SHA-256 is ${actual}, the page pins ${pin} (vectorsIntegrity): another build than the page trusts`);
  return new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** Reads the space of the page's prebuilt vectors (see the file comment); never throws. */
export async function readArtifactSpace(visit: Pick<Visit, 'config' | 'store'>): Promise<SpaceRead> {
  const { config } = visit;
  const url = config.vectors;
  if (!url) return { space: undefined, manifest: undefined };
  const manifest = globalThis.fetch(url, { cache: 'no-cache' }).then((r) => pinnedManifest(r, config.vectorsIntegrity));
  manifest.catch(() => undefined); // the download reports it
  const stored = await storedSpace(visit, url);
  const fresh = freshSpace(visit, url, manifest, stored);
  // A returning visit goes on in the space its stored vectors are in; what the manifest says now
  // is kept for the next visit (this one needs the artifact only for items it lacks).
  if (stored !== undefined) return { space: stored ?? undefined, manifest };
  // No space kept for this URL: a first visit, which may answer from the starter meanwhile.
  const starter = fetchStarter(url, manifest);
  return { space: (await fresh) ?? undefined, manifest, starter };
}

/**
 * The space `manifest` names (null: none), stored for the next visit; undefined when it cannot be
 * read (then the stored one stands). The projection file is fetched only when `stored` is not
 * already that file (its SHA-256): a returning visit of an unchanged space downloads nothing more.
 */
async function freshSpace(
  visit: Pick<Visit, 'config' | 'store'>,
  url: string,
  manifest: Promise<Response>,
  stored: ArtifactSpace | null | undefined,
): Promise<ArtifactSpace | null | undefined> {
  const { config, store } = visit;
  try {
    const response = (await manifest).clone();
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const { model } = parseArtifactManifest(JSON.parse(await response.text()), url);
    const entry = model.projection;
    const ours = model.id === resolveModel(config.model).id && model.dtype === config.dtype;
    let space: ArtifactSpace | null = null;
    if (entry && ours && stored?.sha256 === entry.file.sha256) return stored;
    if (entry && ours) {
      const fileUrl = new URL(entry.file.name, url).href;
      const file = await globalThis.fetch(fileUrl);
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (!file.ok || (await sha256Hex(bytes)) !== entry.file.sha256) throw new Error(`${fileUrl} does not match its manifest`);
      space = { projection: decodeProjection(bytes, fileUrl), sha256: entry.file.sha256 };
    }
    await store.setSetting(spaceKey(url), space).catch(() => undefined);
    return space;
  } catch {
    return undefined;
  }
}

/** The space the last visit read for `url`: null when it had none, undefined when nothing was kept. */
async function storedSpace(visit: Pick<Visit, 'store'>, url: string): Promise<ArtifactSpace | null | undefined> {
  try {
    return await visit.store.getSetting<ArtifactSpace | null>(spaceKey(url));
  } catch {
    return undefined;
  }
}
