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
 * by every element and component naming it: one worker per catalog. `options` apply when it is
 * created; later callers get the existing one.
 */
export function sharedRecommender(catalog: string | URL, options: Omit<RecommenderOptions, 'catalog'> = {}): Recommender {
  const key = new URL(catalog, document.baseURI).href;
  let r = shared.get(key);
  if (!r) {
    r = createRecommender({ ...options, catalog: key });
    shared.set(key, r);
  }
  return r;
}

/**
 * A widget's recommender: its own, else the shared one of its catalog URL (with prebuilt `vectors`
 * when the first widget naming that catalog gives them), else the page default. Throws when the
 * one it names cannot be created (an invalid catalog URL, a page default that failed).
 */
export function recommenderFor(
  own: Recommender | undefined,
  catalog: string | null | undefined,
  vectors?: string | null,
): Recommender | undefined {
  if (own) return own;
  const failure = pageDefault ? undefined : pageDefaultFailure;
  if (!catalog && failure) throw Object.assign(new Error(failure.message), { code: failure.code });
  if (!catalog) return pageDefault;
  return sharedRecommender(catalog, vectors ? { vectors: new URL(vectors, document.baseURI).href } : {});
}

/**
 * `recommenderFor`, with a failure returned instead of thrown, as the widget error a list shows:
 * the code it carries (a failed page default's), else INVALID_OPTION (a catalog URL that is not one).
 */
export function resolveRecommender(
  own: Recommender | undefined,
  catalog: string | null | undefined,
  vectors?: string | null,
): { r: Recommender | undefined; error?: WidgetError } {
  try {
    return { r: recommenderFor(own, catalog, vectors) };
  } catch (err) {
    const { code, message } = err as { code?: unknown; message?: unknown };
    return { r: undefined, error: { code: typeof code === 'string' ? code : 'INVALID_OPTION', message: String(message) } };
  }
}
