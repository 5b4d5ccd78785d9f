/**
 * What converting one TF.js node into ONNX needs: tf-to-onnx.ts builds a NodeContext per node, and
 * the op converters (tf-ops-math.ts, tf-ops-shape.ts, tf-ops-index.ts) read it. Also the helpers
 * many converters share: TF attribute readers and the unary / binary / reduction converters.
 */
import type { DType, OnnxGraph, Tensor } from './onnx-graph.ts';
import type { TfAttr, TfNode } from './tfjs-model.ts';

/** The "to the end" bound of ONNX Slice (TF's masks say "to the end" without a number). */
export const INT64_MAX = Number.MAX_SAFE_INTEGER;

/** One TF node being converted, and the graph it is converted into. */
export interface NodeContext {
  readonly g: OnnxGraph;
  readonly node: TfNode;
  /** The node's name, which is also the name of its (first) output. */
  readonly name: string;
  /** Data inputs only: control-dependency inputs ('^name') order execution in TF and mean nothing here. */
  readonly inputs: string[];
  readonly attr: Record<string, TfAttr>;
  /** Constants added so far, by name: later nodes read shapes, axes and kernels from them. */
  readonly consts: Map<string, Tensor>;
  /** The source model's weights, by name. */
  readonly weights: Map<string, Tensor>;
  /** Records that `out` (the node's own output by default) has `dtype`. */
  set(dtype: DType, out?: string): void;
  /** The dtype of input `i`; throws when no earlier node recorded one. */
  dt(i: number): DType;
  /** The values of the int32 constant `name`; throws when it is not one. */
  constInts(name: string): number[];
  /** `name` cast to int64, the index type ONNX ops want where TF.js used int32. */
  toInt64(name: string): string;
}

/** Converts one TF node: adds its ONNX nodes to the graph and records its outputs' dtypes. */
export type OpConverter = (c: NodeContext) => void;

const TF_DTYPES: Record<number, DType> = { 1: 'float32', 3: 'int32', 9: 'int32', 10: 'bool' };

/** The dtype a TF `type` attribute names; throws for one the converter does not handle. */
export function tfType(attr: TfAttr | undefined, what: string): DType {
  const t = attr?.type === undefined ? undefined : TF_DTYPES[attr.type];
  if (!t) throw new Error(`${what}: TF dtype ${attr?.type} is not supported`);
  return t;
}

/** The integers of a list attribute (TF.js serialises them as strings). */
export function ints(attr: TfAttr | undefined): number[] {
  return (attr?.list?.i ?? []).map(Number);
}

/** A one-input op with the same name (or an equivalent) in ONNX; the output keeps the input's dtype. */
export function unary(op: string): OpConverter {
  return ({ g, inputs, name, set, dt }) => {
    g.op(op, [inputs[0]!], {}, name);
    set(dt(0));
  };
}

/** A two-input op; the output has the first input's dtype unless `outType` says otherwise. */
export function binary(op: string, outType?: DType): OpConverter {
  return ({ g, inputs, name, set, dt }) => {
    g.op(op, [inputs[0]!, inputs[1]!], {}, name);
    set(outType ?? dt(0));
  };
}

/** A reduction over the axes in the constant second input, keeping them when `keep_dims` says so. */
export function reduce(op: string): OpConverter {
  return ({ g, inputs, attr, name, set, dt, constInts }) => {
    const axes = g.int64s(constInts(inputs[1]!));
    g.op(op, [inputs[0]!, axes], { keepdims: attr.keep_dims?.b ? 1 : 0 }, name);
    set(dt(0));
  };
}
