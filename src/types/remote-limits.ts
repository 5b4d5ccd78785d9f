/**
 * The limits of a retrieval endpoint's requests (docs/guide/remote.md), in one place: the server
 * refuses a request over them (src/server/requests.ts) and the page never sends one
 * (src/worker/remote). Constants only, so the worker bundle takes nothing of the server's code.
 */

/** The most results one request may ask for. */
export const MAX_REMOTE_K = 100;
/** The most ids one request may exclude. */
export const MAX_EXCLUDE = 1000;
/** The longest item id accepted (characters). */
export const MAX_ID_LENGTH = 256;
/** The longest search query accepted (characters). */
export const MAX_QUERY_LENGTH = 512;
/** The most ids one "vectors" request may ask for. */
export const MAX_VECTOR_IDS = 32;
