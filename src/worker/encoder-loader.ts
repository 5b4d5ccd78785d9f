/**
 * The encoder, loaded once and only when needed: a visit whose vectors all come from IndexedDB or
 * prebuilt vectors never loads the model unless it searches. Reports the backend, remembers the
 * model's dims for later visits, and can load in the background (the page then hears `refresh`).
 */
import type { Encoder } from '../encoder/index.ts';
import { createError, ErrorCodes, InpageRecError } from '../errors.ts';
import type { Store } from '../storage/index.ts';
import type { EngineDeps } from './engine-deps.ts';
import type { EngineConfig, EngineEvent } from './protocol.ts';

/** Loads and holds the engine's encoder. */
export class EncoderLoader {
  private loading: Promise<Encoder> | undefined;
  private encoder: Encoder | undefined;

  constructor(
    private readonly deps: EngineDeps,
    private readonly cfg: EngineConfig,
    private readonly store: () => Store,
    private readonly emit: (e: EngineEvent) => void,
    /** Around the load: the engine shows `loading-model` while it runs. */
    private readonly phases: { start(): () => void },
  ) {}

  /** The encoder once loaded (status reads its runs and backend without waiting). */
  get loaded(): Encoder | undefined {
    return this.encoder;
  }

  /** The encoder, loading it on first call. */
  get(): Promise<Encoder> {
    this.loading ??= (async () => {
      const done = this.phases.start();
      const encoder = await this.deps.createEncoder({
        model: this.cfg.model,
        dtype: this.cfg.dtype,
        device: this.cfg.device,
        modelBase: new URL('models/', this.cfg.assetsBase).href,
        wasmBase: new URL('ort/', this.cfg.assetsBase).href,
        batchSize: this.cfg.batchSize,
        allowRemote: this.cfg.allowRemoteModels,
      });
      this.encoder = encoder;
      await this.store().setSetting(`dims:${this.cfg.model}`, encoder.dims);
      this.emit({ type: 'backend', backend: encoder.backend });
      done();
      return encoder;
    })();
    return this.loading;
  }

  /** Loads off any query; the page hears `refresh` (searches rank by vectors from then on) or the error. */
  loadInBackground(): void {
    if (this.loading) return;
    this.get().then(
      () => this.emit({ type: 'refresh', reason: 'model' }),
      (err) => {
        const e = err instanceof InpageRecError ? err : createError(ErrorCodes.MODEL_FAILED, String(err), err);
        this.emit({ type: 'error', code: e.code, message: e.message });
      },
    );
  }

  /** Releases the model session. */
  async dispose(): Promise<void> {
    const encoder = await this.loading?.catch(() => undefined);
    await encoder?.dispose();
  }
}
