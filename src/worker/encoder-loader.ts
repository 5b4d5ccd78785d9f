/**
 * The encoder, loaded once and only when needed: a visit whose vectors all come from IndexedDB or
 * prebuilt vectors never loads the model unless it searches. Reports the backend, remembers the
 * model's dims for later visits, and can load in the background (the page then hears `refresh`).
 */
import type { Encoder } from '../encoder/index.ts';
import { projectedEncoder } from '../encoder/projected.ts';
import { createError, ErrorCodes, InpageRecError } from '../errors.ts';
import type { Projection } from '../vector-index/projection.ts';
import type { Visit } from './context.ts';

/** Loads and holds the engine's encoder. */
export class EncoderLoader {
  private loading: Promise<Encoder> | undefined;
  private encoder: Encoder | undefined;
  /** The model's own encoder, without the projection (`model()`). */
  private raw: Encoder | undefined;
  private projection: Projection | undefined;
  private readonly listeners: ((encoder: Encoder) => void)[] = [];

  constructor(private readonly ctx: Pick<Visit, 'config' | 'deps' | 'store' | 'life'>) {}

  /** The encoder once loaded (status reads its runs and backend without waiting). */
  get loaded(): Encoder | undefined {
    return this.encoder;
  }

  /** Calls `listener` once the encoder has loaded (at once when it has): work that waits for a model, never loads one. */
  onLoaded(listener: (encoder: Encoder) => void): void {
    if (this.encoder) listener(this.encoder);
    else this.listeners.push(listener);
  }

  /**
   * Projects every vector the encoder gives by `projection` (prebuilt vectors built with `--dims`,
   * prebuilt/artifact-space.ts). Set before the first load.
   */
  project(projection: Projection): void {
    this.projection = projection;
  }

  /** The encoder, loading it on first call. */
  get(): Promise<Encoder> {
    this.loading ??= (async () => {
      const { config, deps, life } = this.ctx;
      // The engine shows `loading-model` while it runs.
      const done = life.loadingModel();
      const encoder = await deps.createEncoder({
        model: config.model,
        dtype: config.dtype,
        device: config.device,
        ...(config.threads === undefined ? {} : { threads: config.threads }),
        modelBase: new URL('models/', config.assetsBase).href,
        wasmBase: new URL('ort/', config.assetsBase).href,
        // transformers.js as the package builds it beside the worker (tools/build.ts), fetched on the first load.
        moduleBase: config.assetsBase,
        batchSize: config.batchSize,
        allowRemote: config.allowRemoteModels,
        stallMs: config.stallTimeoutMs,
      });
      // The model's own dims: a later visit without the projection needs them.
      await this.ctx.store.setSetting(`dims:${config.model}`, encoder.dims);
      this.raw = encoder;
      this.encoder = this.projection ? projectedEncoder(encoder, this.projection) : encoder;
      life.emit({ type: 'backend', backend: encoder.backend });
      done();
      for (const listener of this.listeners) listener(this.encoder);
      return this.encoder;
    })();
    return this.loading;
  }

  /**
   * The model's own encoder, without the prebuilt vectors' projection, loading it on first call:
   * search compares query words with the catalog's labels (recommend/label-words.ts) in the space
   * where that threshold was chosen; a projection keeps only the catalog's directions of a word.
   */
  async model(): Promise<Encoder> {
    await this.get();
    return this.raw!;
  }

  /** Loads off any query; the page hears `refresh` (searches rank by vectors from then on) or the error. */
  loadInBackground(): void {
    if (this.loading) return;
    this.get().then(
      () => this.ctx.life.emit({ type: 'refresh', reason: 'model' }),
      (err) => {
        const e = err instanceof InpageRecError ? err : createError(ErrorCodes.MODEL_FAILED, String(err), err);
        this.ctx.life.emit({ type: 'error', code: e.code, message: e.message });
      },
    );
  }

  /** Releases the model session. */
  async dispose(): Promise<void> {
    const encoder = await this.loading?.catch(() => undefined);
    await encoder?.dispose();
  }
}
