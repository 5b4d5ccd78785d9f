/**
 * Converters of the TF ops that work with coordinates: listing the true elements, ranges, and
 * writing values at given coordinates of a dense tensor (how the graph turns sparse input dense).
 */
import type { NodeContext, OpConverter } from './tf-op-context.ts';

/**
 * TF.js pairs update row i with index row i and ignores surplus update rows; ONNX needs equal
 * counts, so surplus rows are sliced off (this happens when a text has id-0 tokens).
 */
function scatterNd({ g, inputs, name, set, toInt64 }: NodeContext): void {
  const [indices, updates, shape] = inputs as [string, string, string];
  const zeros = g.op('ConstantOfShape', [toInt64(shape)], {
    value: { tensor: { dtype: 'float32', shape: [1], data: new Float32Array([0]) } },
  });
  const count = g.op('Slice', [g.op('Shape', [indices]), g.int64s([0]), g.int64s([1])]);
  const used = g.op('Slice', [updates, g.int64s([0]), count, g.int64s([0])]);
  g.op('ScatterND', [zeros, toInt64(indices), used], {}, name);
  set('float32');
}

/** TF op name to converter. */
export const INDEX_OPS: Record<string, OpConverter> = {
  // TF's one-input Where lists the coordinates of true elements, row-major, like NonZero^T.
  Where: ({ g, inputs, name, set }) => {
    g.op('Cast', [g.op('Transpose', [g.op('NonZero', [inputs[0]!])], { perm: [1, 0] })], { to: 6 }, name);
    set('int32');
  },
  Range: ({ g, inputs, name, set, dt }) => {
    g.op('Range', [inputs[0]!, inputs[1]!, inputs[2]!], {}, name);
    set(dt(0));
  },
  SparseToDense: ({ g, inputs, name, set, dt, toInt64 }) => {
    const [indices, shape, values, fill] = inputs as [string, string, string, string];
    const dense = g.op('Expand', [fill, toInt64(shape)]);
    g.op('ScatterND', [dense, toInt64(indices), values], {}, name);
    set(dt(2));
  },
  ScatterNd: scatterNd,
};
