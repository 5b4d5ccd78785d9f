/**
 * Which recommender a widget uses, for the custom element and the React component alike: its own
 * (a `recommender` property or prop), else one shared per catalog URL (many widgets, one worker),
 * else the page default that the script-tag embed or `setDefaultRecommender` registers.
 */
import { createRecommender } from '../recommender.ts';
import type { Recommender, RecommenderOptions } from '../types/index.ts';
import type { WidgetError } from './list-types.ts';

const shared = new Map<string, Recommender>();
let pageDefault: Recommender | undefined;
/** Why the page default could not be created, until one is registered. */
let pageDefaultFailure: WidgetError | undefined;
const waiting = new Set<() => void>();

/** Tells every waiting widget that the page default changed (it registers again if it still waits). */
function wake(): void {
  const listeners = [...waiting];
  waiting.clear();
  for (const w of listeners) w();
}

/** Registers the recommender widgets use when they name no catalog. */
export function setDefaultRecommender(recommender: Recommender): void {
  pageDefault = recommender;
  pageDefaultFailure = undefined;
  wake();
}

/**
 * Records that the page default could not be created (the script tag's `data-*` options are
 * unusable): widgets waiting for it, and widgets added later, fail at once with `error` instead of
 * saying after a long wait that no recommender was ever given. `setDefaultRecommender` still
 * replaces it.
 */
export function failDefaultRecommender(error: WidgetError): void {
  if (pageDefault) return;
  pageDefaultFailure = error;
  wake();
}

/**
 * Calls `listener` once a default recommender exists (now, if it does), or once creating it
 * failed; a listener that still waits after that registers again.
 */
export function whenDefaultRecommender(listener: () => void): void {
  if (pageDefault) listener();
  else waiting.add(listener);
}

/** The page default recommender, if one was registered. */
export function defaultRecommender(): Recommender | undefined {
  return pageDefault;
}

/**
 * The recommender for a catalog URL (resolved against the page), created on first use and shared
 * by every element and component naming it: one worker per catalog. Without a catalog, the one of
 * `options.remote` (a retrieval endpoint that ranks alone), shared the same way. `options` apply
 * when it is created; later callers get the existing one.
 */
export function sharedRecommender(catalog: string | URL | undefined, options: Omit<RecommenderOptions, 'catalog'> = {}): Recommender {
  const absolute = (url: string | URL) => new URL(url, document.baseURI).href;
  const remote = options.remote === undefined ? undefined : absolute(options.remote);
  const key = catalog !== undefined ? absolute(catalog) : `remote:${remote}`;
  let r = shared.get(key);
  if (!r) {
    r = createRecommender({ ...options, ...(remote ? { remote } : {}), ...(catalog === undefined ? {} : { catalog: absolute(catalog) }) });
    shared.set(key, r);
  }
  return r;
}

/** What a widget names of its recommender: a catalog URL, its prebuilt vectors, a retrieval endpoint. */
export interface WidgetSource {
  catalog?: string | null;
  vectors?: string | null;
  remote?: string | null;
}

/**
 * A widget's recommender: its own, else the shared one of its catalog URL or retrieval endpoint
 * (with prebuilt `vectors` and `remote` when the first widget naming that catalog gives them),
 * else the page default. Throws when the one it names cannot be created (an invalid catalog URL,
 * a page default that failed).
 */
export function recommenderFor(own: Recommender | undefined, { catalog, vectors, remote }: WidgetSource): Recommender | undefined {
  if (own) return own;
  const failure = pageDefault ? undefined : pageDefaultFailure;
  if (!catalog && !remote && failure) throw Object.assign(new Error(failure.message), { code: failure.code });
  if (!catalog && !remote) return pageDefault;
  const options = {
    ...(vectors ? { vectors: new URL(vectors, document.baseURI).href } : {}),
    ...(remote ? { remote: new URL(remote, document.baseURI).href } : {}),
  };
  return sharedRecommender(catalog || undefined, options);
}

/**
 * `recommenderFor`, with a failure returned instead of thrown, as the widget error a list shows:
 * the code it carries (a failed page default's), else INVALID_OPTION (a catalog URL that is not one).
 */
export function resolveRecommender(
  own: Recommender | undefined,
  source: WidgetSource,
): { r: Recommender | undefined; error?: WidgetError } {
  try {
    return { r: recommenderFor(own, source) };
  } catch (err) {
    const { code, message } = err as { code?: unknown; message?: unknown };
    return { r: undefined, error: { code: typeof code === 'string' ? code : 'INVALID_OPTION', message: String(message) } };
  }
}
