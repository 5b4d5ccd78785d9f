/**
 * The trainer's memory (train.ts): everything its WASM SIMD kernels (kernels.wat) read or write, in
 * one WebAssembly memory, so a step copies nothing. The trainer uses the regions as ordinary typed
 * arrays: the text vectors (copied in once, rows padded to a multiple of 4 floats), the map's
 * weights and their gradient (same padding), the learned rows `u` and their gradients, and the
 * softmax's scratch. Float32 sums in a fixed order: the same inputs give the same bits on any
 * engine. Training runs in Node (the build, the eval), which always has WASM SIMD; an engine
 * without it gets a clear error.
 */
import { KERNELS_WASM_BASE64 } from './kernels.generated.ts';

/** Anchors whose logits and gradients share one pass over the candidates (softmax.ts). */
export const BLOCK = 4;

/** The kernels' exports; every pointer is a byte address in the workspace's memory. */
export interface Kernels {
  logits4(u: number, a0: number, a1: number, a2: number, a3: number, at: number, m: number, d: number, inv: number, out: number): void;
  grads4(
    u: number,
    grad: number,
    a0: number,
    a1: number,
    a2: number,
    a3: number,
    at: number,
    m: number,
    d: number,
    coef: number,
    scale: number,
    acc: number,
  ): void;
  project(w: number, x: number, n: number, outs: number, out: number): void;
  outer(dw: number, x: number, n: number, outs: number, dz: number): void;
  max(p: number, m: number): number;
  exp_sum(p: number, m: number, shift: number): number;
  scale(p: number, m: number, w: number): void;
}

/** The kernels over `memory` (the trainer's workspace, or another user's, as held-out.ts). */
export function instantiate(memory: WebAssembly.Memory): Kernels {
  const bytes = Uint8Array.from(atob(KERNELS_WASM_BASE64), (c) => c.charCodeAt(0));
  if (!WebAssembly.validate(bytes)) throw new Error('training the learned space needs WebAssembly SIMD (Node 20 or later has it)');
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as unknown as Kernels;
}

/** Sizes of a workspace: `items` text vectors of `inDims` floats, `rows` learned rows of `d`. */
export interface WorkspaceSizes {
  items: number;
  inDims: number;
  rows: number;
  d: number;
  /** The most candidates one step's softmax runs over. */
  maxCandidates: number;
}

/** The regions of the memory, as arrays, with their byte addresses. */
export class Workspace {
  readonly kernels: Kernels;
  /** Floats per text vector and per weight row in memory: `inDims` rounded up to a multiple of 4. */
  readonly stride: number;
  readonly d: number;
  readonly vectors: Float32Array;
  readonly weights: Float32Array;
  readonly dW: Float32Array;
  readonly u: Float32Array;
  readonly grad: Float32Array;
  readonly coef: Float32Array;
  readonly candidateOffsets: Int32Array;
  readonly acc: Float32Array;
  /** One projection (`d` floats) and one row's gradient for the weights (`d` floats). */
  readonly z: Float32Array;
  readonly dz: Float32Array;

  constructor(s: WorkspaceSizes) {
    if (s.d % 4 !== 0) throw new RangeError(`the learned space's dimensions must be a multiple of 4, got ${s.d}`);
    this.d = s.d;
    this.stride = Math.ceil(s.inDims / 4) * 4;
    // [name, floats] in memory order; every region starts on 16 bytes (the kernels' v128 loads).
    const layout: Array<[string, number]> = [
      ['vectors', s.items * this.stride],
      ['weights', s.d * this.stride],
      ['dW', s.d * this.stride],
      ['u', s.rows * s.d],
      ['grad', s.rows * s.d],
      ['coef', BLOCK * s.maxCandidates],
      ['candidates', s.maxCandidates],
      ['acc', BLOCK * s.d],
      ['z', s.d],
      ['dz', s.d],
    ];
    const at = new Map<string, number>();
    let end = 16;
    for (const [name, floats] of layout) {
      at.set(name, end);
      end += Math.ceil(floats / 4) * 16;
    }
    // One 32-bit WebAssembly memory: 4 GiB, about 1.9 M items of 512 floats.
    if (end > 2 ** 32 - 65536)
      throw new RangeError(
        `training the learned space over ${s.items} items of ${s.inDims} floats needs ${end} bytes, over WebAssembly's 4 GiB`,
      );
    const memory = new WebAssembly.Memory({ initial: Math.ceil(end / 65536) });
    this.kernels = instantiate(memory);
    const f32 = (name: string, floats: number) => new Float32Array(memory.buffer, at.get(name)!, floats);
    this.vectors = f32('vectors', s.items * this.stride);
    this.weights = f32('weights', s.d * this.stride);
    this.dW = f32('dW', s.d * this.stride);
    this.u = f32('u', s.rows * s.d);
    this.grad = f32('grad', s.rows * s.d);
    this.coef = f32('coef', BLOCK * s.maxCandidates);
    this.candidateOffsets = new Int32Array(memory.buffer, at.get('candidates')!, s.maxCandidates);
    this.acc = f32('acc', BLOCK * s.d);
    this.z = f32('z', s.d);
    this.dz = f32('dz', s.d);
  }

  /** The byte address of `array[index]` (an array of this workspace). */
  address(array: Float32Array | Int32Array, index = 0): number {
    return array.byteOffset + index * 4;
  }

  /** Copies `vectors` (`inDims` floats per item) and `weights` (`d` rows of `inDims`) in, padded. */
  load(vectors: Float32Array, weights: Float32Array, inDims: number): void {
    for (let i = 0; i * inDims < vectors.length; i++) this.vectors.set(vectors.subarray(i * inDims, (i + 1) * inDims), i * this.stride);
    for (let k = 0; k < this.d; k++) this.weights.set(weights.subarray(k * inDims, (k + 1) * inDims), k * this.stride);
  }

  /** The weights without padding: `d` rows of `inDims`. */
  unpaddedWeights(inDims: number): Float32Array {
    const out = new Float32Array(this.d * inDims);
    for (let k = 0; k < this.d; k++) out.set(this.weights.subarray(k * this.stride, k * this.stride + inDims), k * inDims);
    return out;
  }

  /** f(x) of item `item` into `z`. */
  project(item: number): void {
    this.kernels.project(
      this.address(this.weights),
      this.address(this.vectors, item * this.stride),
      this.stride,
      this.d,
      this.address(this.z),
    );
  }

  /** dW += dz (outer) x of item `item`. */
  addToWeights(item: number): void {
    this.kernels.outer(this.address(this.dW), this.address(this.vectors, item * this.stride), this.stride, this.d, this.address(this.dz));
  }
}
