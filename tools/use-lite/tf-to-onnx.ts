/**
 * Converts the USE-lite TF.js graph to ONNX, op by op, keeping TF.js semantics (TF.js runs every
 * integer tensor as int32, so the ONNX graph does too). Only the ops and attribute combinations
 * this graph uses are supported; anything else throws, so a changed source model fails loudly.
 *
 * The graph's own inputs are sparse (`indices` [N,2], `values` [N]); a prelude derives them from
 * the dense `input_ids` / `attention_mask` that transformers.js feeds, so the rest of the graph,
 * including its quirks (token id 0 counts as padding), runs unchanged.
 */
import { type DType, OnnxGraph, type Tensor } from './onnx-graph.ts';
import type { TfAttr, TfModel, TfNode } from './tfjs-model.ts';

/** Name of the graph's final node: the L2-normalised 512-d embedding. */
const TF_OUTPUT = 'module_apply_default/Encoder_en/hidden_layers/l2_normalize';

/** Output name transformers.js reads; shape [batch, 1, 512] so `pooling: 'cls'` takes row 0. */
export const ONNX_OUTPUT = 'last_hidden_state';

const TF_DTYPES: Record<number, DType> = { 1: 'float32', 3: 'int32', 9: 'int32', 10: 'bool' };
const INT64_MAX = Number.MAX_SAFE_INTEGER;

function tfType(attr: TfAttr | undefined, what: string): DType {
  const t = attr?.type === undefined ? undefined : TF_DTYPES[attr.type];
  if (!t) throw new Error(`${what}: TF dtype ${attr?.type} is not supported`);
  return t;
}

function ints(attr: TfAttr | undefined): number[] {
  return (attr?.list?.i ?? []).map(Number);
}

/** Converts the model; `onWeight` may rewrite how a large float weight enters the graph (quantisation). */
export function convertUseLite(model: TfModel): OnnxGraph {
  const g = new OnnxGraph();
  const dtypes = new Map<string, DType>();
  const consts = new Map<string, Tensor>();

  g.input('input_ids', 'int64', ['batch', 'sequence']);
  g.input('attention_mask', 'int64', ['batch', 'sequence']);
  const positions = g.op('Transpose', [g.op('NonZero', ['attention_mask'])], { perm: [1, 0] });
  g.op('Cast', [positions], { to: 6 }, 'indices');
  g.op('Cast', [g.op('GatherND', ['input_ids', positions])], { to: 6 }, 'values');
  dtypes.set('indices', 'int32');
  dtypes.set('values', 'int32');

  const constInts = (name: string): number[] => {
    const t = consts.get(name);
    if (t?.dtype !== 'int32') throw new Error(`${name}: expected an int32 constant`);
    return [...(t.data as Int32Array)];
  };
  const toInt64 = (name: string): string => g.op('Cast', [name], { to: 7 });

  for (const node of model.nodes) {
    const inputs = (node.input ?? []).filter((i) => !i.startsWith('^'));
    const attr = node.attr ?? {};
    const name = node.name;
    const set = (dtype: DType, out = name) => dtypes.set(out, dtype);
    const dt = (i: number): DType => {
      const d = dtypes.get(inputs[i]!);
      if (!d) throw new Error(`${name}: input ${inputs[i]} has no known dtype`);
      return d;
    };
    const unary = (op: string) => {
      g.op(op, [inputs[0]!], {}, name);
      set(dt(0));
    };
    const binary = (op: string, outType?: DType) => {
      g.op(op, [inputs[0]!, inputs[1]!], {}, name);
      set(outType ?? dt(0));
    };
    const reduce = (op: string) => {
      const axes = g.int64s(constInts(inputs[1]!));
      g.op(op, [inputs[0]!, axes], { keepdims: attr.keep_dims?.b ? 1 : 0 }, name);
      set(dt(0));
    };

    switch (node.op) {
      case 'Placeholder':
        if (name !== 'indices' && name !== 'values') throw new Error(`unexpected graph input ${name}`);
        break;
      case 'Const': {
        const w = model.weights.get(name);
        if (!w) throw new Error(`${name}: constant without weight data`);
        consts.set(name, w);
        g.constant(w, name);
        set(w.dtype);
        break;
      }
      case 'Add':
      case 'BiasAdd':
        binary('Add');
        break;
      case 'Sub':
        binary('Sub');
        break;
      case 'Mul':
        binary('Mul');
        break;
      case 'RealDiv':
        binary('Div');
        break;
      case 'Maximum':
        binary('Max');
        break;
      case 'Less':
        binary('Less', 'bool');
        break;
      case 'Greater':
        binary('Greater', 'bool');
        break;
      case 'Square':
        g.op('Mul', [inputs[0]!, inputs[0]!], {}, name);
        set(dt(0));
        break;
      case 'Rsqrt':
        g.op('Reciprocal', [g.op('Sqrt', [inputs[0]!])], {}, name);
        set(dt(0));
        break;
      case 'Relu':
      case 'Sin':
      case 'Cos':
      case 'Tanh':
      case 'Softmax':
        unary(node.op);
        break;
      case 'LogicalNot':
        unary('Not');
        break;
      case 'Cast': {
        const to = tfType(attr.DstT, name);
        g.op('Cast', [inputs[0]!], { to: to === 'float32' ? 1 : to === 'int32' ? 6 : 9 }, name);
        set(to);
        break;
      }
      case 'Shape':
        g.op('Cast', [g.op('Shape', [inputs[0]!])], { to: 6 }, name);
        set('int32');
        break;
      case 'Reshape':
        g.op('Reshape', [inputs[0]!, toInt64(inputs[1]!)], {}, name);
        set(dt(0));
        break;
      case 'ExpandDims':
        g.op('Unsqueeze', [inputs[0]!, g.int64s(constInts(inputs[1]!))], {}, name);
        set(dt(0));
        break;
      case 'Squeeze':
        g.op('Squeeze', [inputs[0]!, g.int64s(ints(attr.squeeze_dims))], {}, name);
        set(dt(0));
        break;
      case 'Transpose':
        g.op('Transpose', [inputs[0]!], { perm: constInts(inputs[1]!) }, name);
        set(dt(0));
        break;
      case 'ConcatV2': {
        const [axis] = constInts(inputs[inputs.length - 1]!);
        g.op('Concat', inputs.slice(0, -1), { axis: axis! }, name);
        set(dt(0));
        break;
      }
      case 'Pack': {
        const axis = Number(attr.axis?.i ?? 0);
        const axes = g.int64s([axis]);
        g.op(
          'Concat',
          inputs.map((i) => g.op('Unsqueeze', [i, axes])),
          { axis },
          name,
        );
        set(dt(0));
        break;
      }
      case 'GatherV2': {
        const [axis] = constInts(inputs[2]!);
        g.op('Gather', [inputs[0]!, inputs[1]!], { axis: axis! }, name);
        set(dt(0));
        break;
      }
      case 'GatherNd':
        g.op('GatherND', [inputs[0]!, toInt64(inputs[1]!)], {}, name);
        set(dt(0));
        break;
      case 'Mean':
        reduce('ReduceMean');
        break;
      case 'Sum':
        reduce('ReduceSum');
        break;
      case 'Max':
        reduce('ReduceMax');
        break;
      case 'Prod':
        reduce('ReduceProd');
        break;
      case 'MatMul':
      case 'BatchMatMul': {
        const ta = node.op === 'MatMul' ? attr.transpose_a?.b : attr.adj_x?.b;
        const tb = node.op === 'MatMul' ? attr.transpose_b?.b : attr.adj_y?.b;
        const swapLast = (x: string) => {
          const rank = node.op === 'MatMul' ? 2 : 4;
          const perm = Array.from({ length: rank }, (_, i) => i);
          [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
          return g.op('Transpose', [x], { perm });
        };
        g.op('MatMul', [ta ? swapLast(inputs[0]!) : inputs[0]!, tb ? swapLast(inputs[1]!) : inputs[1]!], {}, name);
        set(dt(0));
        break;
      }
      case 'Conv2D': {
        // Every Conv2D here is a 1x1, stride-1 NHWC projection: a MatMul over the last axis.
        const kernel = consts.get(inputs[1]!);
        const strides = ints(attr.strides);
        if (kernel?.shape[0] !== 1 || kernel.shape[1] !== 1 || strides.some((s) => s !== 1)) {
          throw new Error(`${name}: only 1x1 stride-1 Conv2D is supported`);
        }
        const matrix = g.constant({ ...kernel, shape: kernel.shape.slice(2) }, `${inputs[1]}/matrix`);
        g.initializers.delete(inputs[1]!);
        g.op('MatMul', [inputs[0]!, matrix], {}, name);
        set('float32');
        break;
      }
      case 'StridedSlice':
        stridedSlice(g, node, inputs, constInts);
        set(dt(0));
        break;
      case 'Slice': {
        const begin = constInts(inputs[1]!);
        const size = constInts(inputs[2]!);
        const ends = begin.map((b, i) => (size[i] === -1 ? INT64_MAX : b + size[i]!));
        g.op('Slice', [inputs[0]!, g.int64s(begin), g.int64s(ends), g.int64s(begin.map((_, i) => i))], {}, name);
        set(dt(0));
        break;
      }
      case 'SplitV': {
        const sizes = constInts(inputs[1]!);
        const [axis] = constInts(inputs[2]!);
        const outs = sizes.map((_, i) => (i === 0 ? name : `${name}:${i}`));
        g.node('Split', [inputs[0]!, g.int64s(sizes)], { axis: axis! }, outs);
        for (const o of outs) set(dt(0), o);
        break;
      }
      case 'Where':
        // TF's one-input Where lists the coordinates of true elements, row-major, like NonZero^T.
        g.op('Cast', [g.op('Transpose', [g.op('NonZero', [inputs[0]!])], { perm: [1, 0] })], { to: 6 }, name);
        set('int32');
        break;
      case 'Range':
        g.op('Range', [inputs[0]!, inputs[1]!, inputs[2]!], {}, name);
        set(dt(0));
        break;
      case 'SparseToDense': {
        const [indices, shape, values, fill] = inputs as [string, string, string, string];
        const dense = g.op('Expand', [fill, toInt64(shape)]);
        g.op('ScatterND', [dense, toInt64(indices), values], {}, name);
        set(dt(2));
        break;
      }
      case 'ScatterNd': {
        // TF.js pairs update row i with index row i and ignores surplus update rows; ONNX needs
        // equal counts, so surplus rows are sliced off (this happens when a text has id-0 tokens).
        const [indices, updates, shape] = inputs as [string, string, string];
        const zeros = g.op('ConstantOfShape', [toInt64(shape)], {
          value: { tensor: { dtype: 'float32', shape: [1], data: new Float32Array([0]) } },
        });
        const count = g.op('Slice', [g.op('Shape', [indices]), g.int64s([0]), g.int64s([1])]);
        const used = g.op('Slice', [updates, g.int64s([0]), count, g.int64s([0])]);
        g.op('ScatterND', [zeros, toInt64(indices), used], {}, name);
        set('float32');
        break;
      }
      default:
        throw new Error(`${name}: TF op ${node.op} is not supported by the converter`);
    }
  }
  if (!dtypes.has(TF_OUTPUT)) throw new Error(`graph has no node ${TF_OUTPUT}`);
  g.op('Unsqueeze', [TF_OUTPUT, g.int64s([1])], {}, ONNX_OUTPUT);
  g.output(ONNX_OUTPUT, 'float32', ['batch', 1, 512]);
  return g;
}

function stridedSlice(g: OnnxGraph, node: TfNode, inputs: string[], constInts: (n: string) => number[]): void {
  const attr = node.attr ?? {};
  const mask = (k: string) => Number(attr[k]?.i ?? 0);
  if (mask('ellipsis_mask') || mask('new_axis_mask')) throw new Error(`${node.name}: ellipsis/new-axis StridedSlice is not supported`);
  const begin = constInts(inputs[1]!);
  const end = constInts(inputs[2]!);
  const strides = constInts(inputs[3]!);
  const starts: number[] = [];
  const ends: number[] = [];
  const shrink: number[] = [];
  begin.forEach((b, i) => {
    if (strides[i] !== 1) throw new Error(`${node.name}: only stride 1 is supported`);
    const bit = 1 << i;
    if (mask('shrink_axis_mask') & bit) {
      starts.push(b);
      ends.push(b === -1 ? INT64_MAX : b + 1);
      shrink.push(i);
      return;
    }
    starts.push(mask('begin_mask') & bit ? 0 : b);
    ends.push(mask('end_mask') & bit ? INT64_MAX : end[i]!);
  });
  const axes = begin.map((_, i) => i);
  const sliced = g.op('Slice', [inputs[0]!, g.int64s(starts), g.int64s(ends), g.int64s(axes)]);
  if (shrink.length) g.op('Squeeze', [sliced, g.int64s(shrink)], {}, node.name);
  else g.op('Identity', [sliced], {}, node.name);
}
