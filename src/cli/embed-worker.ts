/**
 * One embedding thread of `inpage-rec build` (native-encoder.ts starts one per core): a tokenizer
 * and an onnxruntime-node session on one intra-op thread, embedding one text per model run.
 *
 * Why threads of their own: onnxruntime-node runs a session's `run` on the JavaScript thread that
 * calls it, so two sessions in one thread take turns; one session with two intra-op threads
 * splits each small run in two and waits at every operator. Two threads with one session each ran
 * 300 Steam items/s on this 2-core machine, against 167 for one session on two threads.
 * One text per run: the int8-activations graph quantises each run's input by one scale, so a text
 * alone gets a vector that depends on it only (int8-activations.ts).
 *
 * Protocol (native-encoder.ts): `workerData` is {@link EmbedWorkerSetup}; the thread posts
 * `{ ready: dims }` or `{ error }`, then answers each {@link EmbedRequest} with an
 * {@link EmbedReply} (its vectors' buffer transferred).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Tokenizer } from '@huggingface/tokenizers';
import { pool } from '../encoder/pool.ts';

/** What a thread needs to start: the model's bytes as the session reads them, and its tokenizer. */
export interface EmbedWorkerSetup {
  model: Uint8Array;
  tokenizer: { json: string; config: string };
  spec: { pooling: 'cls' | 'mean'; normalize: boolean; maxTokens: number; addSpecialTokens: boolean };
  /** onnxruntime session config entries (e.g. `session.disable_quant_qdq`). */
  sessionConfig: Record<string, string>;
}

/** Texts to embed (already capped and not blank), with the request's number. */
export interface EmbedRequest {
  id: number;
  texts: string[];
}

/** The vectors of a request's texts, `texts.length * dims` floats, and where the time went. */
export type EmbedReply =
  | { id: number; vectors: Float32Array; tokenizeMs: number; inferenceMs: number; poolMs: number }
  | { id: number; error: string };

type Ort = typeof import('onnxruntime-node');

async function start(setup: EmbedWorkerSetup): Promise<void> {
  const port = parentPort!;
  // Older releases (1.10) are CommonJS whose names Node cannot detect: their exports are `default`.
  const loaded = (await import('onnxruntime-node')) as Ort & { default?: Ort };
  const ort: Ort = loaded.InferenceSession ? loaded : loaded.default!;
  const tokenizer = new Tokenizer(JSON.parse(setup.tokenizer.json) as object, JSON.parse(setup.tokenizer.config) as object);
  const session = await ort.InferenceSession.create(setup.model, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    // Errors only, where the release honours it (1.10 logs graph warnings regardless, so the
    // rewrites leave no unused constants to warn about: onnx-prune.ts).
    logSeverityLevel: 3,
    extra: { session: setup.sessionConfig },
  } as Parameters<Ort['InferenceSession']['create']>[1]);
  const output = session.outputNames.includes('last_hidden_state') ? 'last_hidden_state' : session.outputNames[0]!;
  const { spec } = setup;

  type Times = { tokenizeMs: number; inferenceMs: number; poolMs: number };

  /** One text's pooled vector; undefined when it has no tokens (the caller keeps a zero row). */
  async function embedOne(text: string, times: Times): Promise<Float32Array | undefined> {
    const t0 = performance.now();
    const ids = tokenizer.encode(text, { add_special_tokens: spec.addSpecialTokens }).ids.slice(0, spec.maxTokens);
    const t1 = performance.now();
    times.tokenizeMs += t1 - t0;
    if (ids.length === 0) return undefined;
    const n = ids.length;
    const mask = new BigInt64Array(n).fill(1n);
    const feeds: Record<string, InstanceType<Ort['Tensor']>> = {};
    for (const name of session.inputNames) {
      if (name === 'input_ids') feeds[name] = new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, n]);
      else if (name === 'attention_mask') feeds[name] = new ort.Tensor('int64', mask, [1, n]);
      else if (name === 'token_type_ids') feeds[name] = new ort.Tensor('int64', new BigInt64Array(n), [1, n]);
      else throw new Error(`the model asks for an input "${name}" the build does not know`);
    }
    const result = await session.run(feeds);
    const t2 = performance.now();
    const hidden = result[output]!;
    const pooled = pool({ data: hidden.data as Float32Array, dims: [...hidden.dims] }, { data: mask, dims: [1, n] }, spec);
    times.inferenceMs += t2 - t1;
    times.poolMs += performance.now() - t2;
    return pooled.data;
  }

  // The model's width, from one run.
  const dims = (await embedOne('dims', { tokenizeMs: 0, inferenceMs: 0, poolMs: 0 }))?.length ?? 0;
  port.postMessage({ ready: dims });

  port.on('message', async (req: EmbedRequest) => {
    try {
      const times: Times = { tokenizeMs: 0, inferenceMs: 0, poolMs: 0 };
      const vectors = new Float32Array(req.texts.length * dims);
      for (let i = 0; i < req.texts.length; i++) {
        const v = await embedOne(req.texts[i]!, times);
        if (v) vectors.set(v, i * dims);
      }
      const reply: EmbedReply = { id: req.id, vectors, ...times };
      port.postMessage(reply, [vectors.buffer]);
    } catch (err) {
      port.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) } satisfies EmbedReply);
    }
  });
}

if (parentPort) {
  start(workerData as EmbedWorkerSetup).catch((err: unknown) => {
    parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) });
  });
}
