/**
 * Ranking through a retrieval endpoint (option `remote`; src/server is the endpoint): each mode's
 * ranker says what its request carries (`Ranker.remote`, in its file in src/modes); this sends it
 * and turns the answer into the page's recommendations. The visitor's history stays here: "for
 * you" sends a profile vector and the ids to leave out (visitor-profile.ts), dismissed items are
 * removed from every answer in the page rather than named in each request.
 *
 * Never a hang: a request has a time limit, and an endpoint that is down or refuses a request is
 * replaced by the page's own ranking when the page has a catalog (a `warning` says so once per
 * outage), else the call fails with `REMOTE_FAILED`.
 */
import { createError, ErrorCodes } from '../../errors.ts';
import type { AnyMode } from '../../modes/index.ts';
import type { Ranker, RemoteTools } from '../../modes/rankers.ts';
import type { Recommendation } from '../../types/index.ts';
import { MAX_EXCLUDE, MAX_REMOTE_K, MAX_VECTOR_IDS } from '../../types/remote-limits.ts';
import type { EngineContext } from '../context.ts';
import { checkInput, checkRankOptions } from '../ranking/rank-options.ts';
import { ItemVectors } from './item-vectors.ts';
import { readRankingAnswer, readVectorsAnswer } from './remote-answer.ts';
import { RemoteEndpoint, type RemoteResult } from './remote-endpoint.ts';
import { excludedIds, profileVector } from './visitor-profile.ts';

/** Digits kept of each query-vector number. */
const SCALE = 1e6;

/** The parts of the engine's context remote ranking reads. */
export type RemoteContext = Pick<EngineContext, 'history' | 'store' | 'life' | 'encoder' | 'state'>;

/** The page's own ranking of the same call, when the page has a catalog. */
export type LocalRanking = (() => Promise<Recommendation[]>) | undefined;

/** Answers mode calls from a retrieval endpoint. */
export class RemoteRanking {
  readonly endpoint: RemoteEndpoint;
  private readonly vectors: ItemVectors;
  private readonly rankers: ReadonlyMap<string, Ranker>;
  private readonly warned = new Set<string>();

  constructor(
    private readonly ctx: RemoteContext,
    remote: { url: string; timeoutMs: number },
    rankers: readonly Ranker[],
    fetchFn?: typeof fetch,
  ) {
    const onDown = (message: string) =>
      ctx.life.emit({
        type: 'warning',
        code: ErrorCodes.REMOTE_FAILED,
        message: `the retrieval endpoint ${remote.url} is unavailable (${message}); lists come from the page's own catalog, if it has one, for a while`,
      });
    this.endpoint = new RemoteEndpoint(remote.url, remote.timeoutMs, onDown, fetchFn);
    this.vectors = new ItemVectors(ctx.store, `remote-vectors:${remote.url}`, ctx.state.dims);
    this.rankers = new Map(rankers.map((r) => [r.mode.method, r]));
  }

  /** Forgets the kept item vectors with the history (`storage: false`: another tab erased them). */
  forget(storage = true): Promise<void> {
    return this.vectors.clear(storage);
  }

  /** Answers a call of `mode` with the page's arguments; `local` ranks it in the page instead. */
  async rank(mode: AnyMode, args: readonly unknown[], local: LocalRanking): Promise<Recommendation[]> {
    const ranker = this.rankers.get(mode.method);
    const takesInput = mode.input !== 'none';
    const options = checkRankOptions(mode.method, takesInput ? args[1] : args[0]);
    const input = mode.input !== 'none' ? checkInput(mode.method, mode.input, args[0]) : undefined;
    if (!ranker?.remote) return this.fallback(local, `${mode.method} is not answered by a retrieval endpoint`);
    if (!this.endpoint.available) return this.fallback(local, 'it failed a moment ago');
    const callExcludes = (options.excludeIds ?? []).slice(0, MAX_EXCLUDE).map(String);
    const ask = await ranker.remote(this.tools(callExcludes), input as never);
    const dismissed = this.ctx.history.profile.dismissed;
    const request = {
      mode: mode.method,
      exclude: callExcludes,
      ...ask.fields,
      // Dismissed items are removed here, not named in the request: ask for that many more.
      k: Math.min(MAX_REMOTE_K, options.k + dismissed.size),
      ...(options.filter ? { filter: options.filter } : {}),
    };
    const result = this.endpoint.available ? await this.endpoint.post(request) : undefined;
    const answer = result?.ok ? readRankingAnswer(result.body, this.ctx.state.dims) : undefined;
    if (!answer) return this.failed(result, local);
    if (answer.anchor) this.keep(new Map([[answer.anchor.key, answer.anchor.vector]]));
    return answer.rows
      .filter((r) => !dismissed.has(r.key))
      .slice(0, options.k)
      .map((r) => ({ id: r.item.id, item: r.item, score: r.score, warming: ask.warming, ...(r.basis ? { basis: r.basis } : {}) }));
  }

  /** A call without an answer: a refusal is the page's error (or its own ranking); a failure, the fallback. */
  private failed(result: RemoteResult | undefined, local: LocalRanking): Promise<Recommendation[]> {
    if (result === undefined) return this.fallback(local, 'it failed a moment ago');
    if (result.ok) {
      this.endpoint.down('its answer is not a list of items');
      return this.fallback(local, 'its answer is not a list of items');
    }
    const { failure } = result;
    if (failure.kind === 'down') return this.fallback(local, failure.message);
    if (!local) return Promise.reject(failure.error);
    this.warnOnce(`${failure.error.message}; the page ranked this call with its own catalog`);
    return local();
  }

  private fallback(local: LocalRanking, why: string): Promise<Recommendation[]> {
    if (local) return local();
    return Promise.reject(
      createError(
        ErrorCodes.REMOTE_FAILED,
        `the retrieval endpoint could not answer (${why}), and this page has no catalog of its own to rank with`,
      ),
    );
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message) || this.warned.size > 100) return;
    this.warned.add(message);
    this.ctx.life.emit({ type: 'warning', code: ErrorCodes.REMOTE_FAILED, message });
  }

  /** What a mode's request may read of the visitor's side (src/modes/ranker.ts). */
  private tools(callExcludes: readonly string[]): RemoteTools {
    return {
      profile: async () => {
        const { profile } = this.ctx.history;
        const vectors = await this.anchorVectors(profile.anchors.map((a) => a.key));
        return { profile: profileVector(profile, vectors), exclude: excludedIds(profile, callExcludes) };
      },
      queryVector: async (query) => {
        const encoder = this.ctx.encoder.loaded;
        if (!encoder) {
          this.ctx.encoder.loadInBackground(); // the page hears `refresh` once searches can use it
          return undefined;
        }
        return Array.from(await encoder.embed([query]), (x) => Math.round(x * SCALE) / SCALE);
      },
    };
  }

  /**
   * The vectors of `keys`: kept from earlier answers, else the page's own index, else asked for in
   * one `vectors` request (which names only ids the "for you" request excludes anyway).
   */
  private async anchorVectors(keys: readonly string[]): Promise<Map<string, Float32Array>> {
    const found = await this.vectors.get(keys);
    const index = this.ctx.state.index;
    for (const key of keys) {
      const v = found.has(key) ? undefined : index?.vector(key);
      if (v) found.set(key, v);
    }
    const missing = keys.filter((key) => !found.has(key)).slice(0, MAX_VECTOR_IDS);
    if (missing.length === 0 || !this.endpoint.available) return found;
    const result = await this.endpoint.post({ mode: 'vectors', items: missing });
    const fetched = result.ok ? readVectorsAnswer(result.body, this.ctx.state.dims) : undefined;
    if (!fetched) return found;
    this.keep(fetched);
    for (const [key, v] of fetched) if (missing.includes(key)) found.set(key, v);
    return found;
  }

  private keep(vectors: Map<string, Float32Array>): void {
    // Storage failing costs the next visit a request, never this answer.
    void this.vectors.add(vectors).catch(() => undefined);
  }
}
