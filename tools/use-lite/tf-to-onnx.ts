/**
 * Converts the USE-lite TF.js graph to ONNX, op by op, keeping TF.js semantics (TF.js runs every
 * integer tensor as int32, so the ONNX graph does too). Only the ops and attribute combinations
 * this graph uses are supported; anything else throws, so a changed source model fails loudly.
 *
 * The graph's own inputs are sparse (`indices` [N,2], `values` [N]); a prelude derives them from
 * the dense `input_ids` / `attention_mask` that transformers.js feeds, so the rest of the graph,
 * including its quirks (token id 0 counts as padding), runs unchanged.
 *
 * This file walks the graph; the op converters are in tf-ops-math.ts, tf-ops-shape.ts and
 * tf-ops-index.ts. They stay beside it, in this folder: tools/use-lite/build.ts hashes the
 * folder's sources (not its subfolders) to know when the model must be rebuilt.
 */
import { type DType, OnnxGraph, type Tensor } from './onnx-graph.ts';
import type { NodeContext, OpConverter } from './tf-op-context.ts';
import { INDEX_OPS } from './tf-ops-index.ts';
import { MATH_OPS } from './tf-ops-math.ts';
import { SHAPE_OPS } from './tf-ops-shape.ts';
import type { TfModel, TfNode } from './tfjs-model.ts';

/** Name of the graph's final node: the L2-normalised 512-d embedding. */
const TF_OUTPUT = 'module_apply_default/Encoder_en/hidden_layers/l2_normalize';

/** Output name transformers.js reads; shape [batch, 1, 512] so `pooling: 'cls'` takes row 0. */
export const ONNX_OUTPUT = 'last_hidden_state';

/** The graph's inputs and weights: the prelude already made the inputs; weights become initializers. */
const GRAPH_OPS: Record<string, OpConverter> = {
  Placeholder: ({ name }) => {
    if (name !== 'indices' && name !== 'values') throw new Error(`unexpected graph input ${name}`);
  },
  Const: ({ g, name, weights, consts, set }) => {
    const w = weights.get(name);
    if (!w) throw new Error(`${name}: constant without weight data`);
    consts.set(name, w);
    g.constant(w, name);
    set(w.dtype);
  },
};

/** Every supported TF op. A Map, so an op named like an Object.prototype key is not found by accident. */
const OPS = new Map<string, OpConverter>(Object.entries({ ...GRAPH_OPS, ...MATH_OPS, ...SHAPE_OPS, ...INDEX_OPS }));

/** The prelude: dense int64 `input_ids` / `attention_mask` in, the graph's sparse int32 `indices` / `values` out. */
function addDenseInputs(g: OnnxGraph, dtypes: Map<string, DType>): void {
  g.input('input_ids', 'int64', ['batch', 'sequence']);
  g.input('attention_mask', 'int64', ['batch', 'sequence']);
  const positions = g.op('Transpose', [g.op('NonZero', ['attention_mask'])], { perm: [1, 0] });
  g.op('Cast', [positions], { to: 6 }, 'indices');
  g.op('Cast', [g.op('GatherND', ['input_ids', positions])], { to: 6 }, 'values');
  dtypes.set('indices', 'int32');
  dtypes.set('values', 'int32');
}

/** The context converting `node` needs, over the graph's shared dtype and constant tables. */
function nodeContext(g: OnnxGraph, node: TfNode, model: TfModel, dtypes: Map<string, DType>, consts: Map<string, Tensor>): NodeContext {
  const inputs = (node.input ?? []).filter((i) => !i.startsWith('^'));
  const name = node.name;
  return {
    g,
    node,
    name,
    inputs,
    attr: node.attr ?? {},
    consts,
    weights: model.weights,
    set: (dtype, out = name) => {
      dtypes.set(out, dtype);
    },
    dt: (i) => {
      const d = dtypes.get(inputs[i]!);
      if (!d) throw new Error(`${name}: input ${inputs[i]} has no known dtype`);
      return d;
    },
    constInts: (constName) => {
      const t = consts.get(constName);
      if (t?.dtype !== 'int32') throw new Error(`${constName}: expected an int32 constant`);
      return [...(t.data as Int32Array)];
    },
    toInt64: (input) => g.op('Cast', [input], { to: 7 }),
  };
}

/** Converts the model into an ONNX graph: dense token inputs, the 512-d embedding as [batch, 1, 512]. */
export function convertUseLite(model: TfModel): OnnxGraph {
  const g = new OnnxGraph();
  const dtypes = new Map<string, DType>();
  const consts = new Map<string, Tensor>();
  addDenseInputs(g, dtypes);
  for (const node of model.nodes) {
    const convert = OPS.get(node.op);
    if (!convert) throw new Error(`${node.name}: TF op ${node.op} is not supported by the converter`);
    convert(nodeContext(g, node, model, dtypes, consts));
  }
  if (!dtypes.has(TF_OUTPUT)) throw new Error(`graph has no node ${TF_OUTPUT}`);
  g.op('Unsqueeze', [TF_OUTPUT, g.int64s([1])], {}, ONNX_OUTPUT);
  g.output(ONNX_OUTPUT, 'float32', ['batch', 1, 512]);
  return g;
}
