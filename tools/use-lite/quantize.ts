/**
 * Weight-only int8 quantisation of a converted graph: every large 2-D float weight is stored as
 * int8 with one float scale per output channel (symmetric, zero point 0) and dequantised in the
 * graph. Activations stay float32, so accuracy loss is small and the file is ~4x smaller.
 */
import type { OnnxGraph, Tensor } from './onnx-graph.ts';

/** Weights smaller than this stay float32: their bytes do not matter and biases stay exact. */
const MIN_ELEMENTS = 65_536;

/** Per-channel symmetric int8: `axis` 1 gives one scale per column, 0 one per row. */
export function quantizePerChannel(w: Tensor, axis: 0 | 1): { q: Tensor; scale: Tensor } {
  const [rows, cols] = w.shape as [number, number];
  const data = w.data as Float32Array;
  const channels = axis === 1 ? cols : rows;
  const scale = new Float32Array(channels);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const ch = axis === 1 ? c : r;
      scale[ch] = Math.max(scale[ch]!, Math.abs(data[r * cols + c]!));
    }
  }
  for (let ch = 0; ch < channels; ch++) scale[ch] = scale[ch]! / 127 || 1;
  const q = new Int8Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) q[r * cols + c] = Math.round(data[r * cols + c]! / scale[axis === 1 ? c : r]!);
  }
  return { q: { dtype: 'int8', shape: [rows, cols], data: q }, scale: { dtype: 'float32', shape: [channels], data: scale } };
}

/** Rewrites `g` in place (node order is fixed up by `OnnxGraph.encode`): MatMul weights via DequantizeLinear, Gather tables by gathering int8 rows first. */
export function quantizeWeights(g: OnnxGraph): void {
  for (const [name, w] of [...g.initializers]) {
    if (w.dtype !== 'float32' || w.shape.length !== 2 || w.data.length < MIN_ELEMENTS) continue;
    const readers = g.nodes.filter((n) => n.input.includes(name));
    const asTable = readers.every((n) => n.opType === 'Gather' && n.input[0] === name);
    const asMatrix = readers.every((n) => n.opType === 'MatMul' && n.input[1] === name);
    if (!asTable && !asMatrix) throw new Error(`weight ${name} has readers the quantiser does not handle`);
    const { q, scale } = quantizePerChannel(w, asTable ? 0 : 1);
    g.initializers.delete(name);
    const qName = g.constant(q, `${name}/int8`);
    const sName = g.constant(scale, `${name}/scale`);
    if (asMatrix) {
      const zero = g.constant({ dtype: 'int8', shape: [scale.shape[0]!], data: new Int8Array(scale.shape[0]!) }, `${name}/zero`);
      const deq = g.op('DequantizeLinear', [qName, sName, zero], { axis: 1 });
      for (const n of readers) n.input[1] = deq;
      continue;
    }
    for (const n of readers) {
      const ids = n.input[1]!;
      const out = n.output[0]!;
      n.input[0] = qName;
      n.output[0] = g.fresh('rows_int8');
      const rowScale = g.op('Unsqueeze', [g.op('Gather', [sName, ids], { axis: 0 }), g.int64s([-1])]);
      const rows = g.op('Cast', [n.output[0]], { to: 1 });
      g.op('Mul', [rows, rowScale], {}, out);
    }
  }
}
