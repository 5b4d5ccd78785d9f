/**
 * The one shape of an injectable `fetch`: what the catalog loader, the artifact loader and the
 * encoder's model-file fetch call, so tests, the CLI (a local file served as a Response) and the
 * worker (a manifest it already fetched) can stand in for the network. The global `fetch` fits.
 */

/** The part of `fetch` inpage-rec calls: a URL and the usual request options. */
export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;
