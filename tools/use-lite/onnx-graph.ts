/**
 * A small ONNX graph builder over the generated `onnx-proto` classes: values are plain names,
 * constants become initializers, and `encode()` gives deterministic bytes (same graph, same bytes).
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** Element types the converter uses, named as in TF.js. */
export type DType = 'float32' | 'int32' | 'int64' | 'int8' | 'bool';

const ONNX_TYPE: Record<DType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int32: onnx.TensorProto.DataType.INT32,
  int64: onnx.TensorProto.DataType.INT64,
  int8: onnx.TensorProto.DataType.INT8,
  bool: onnx.TensorProto.DataType.BOOL,
};

/** A constant tensor with its data. */
export interface Tensor {
  dtype: DType;
  shape: number[];
  data: Float32Array | Int32Array | BigInt64Array | Int8Array | Uint8Array;
}

/** An attribute value: a number is an int unless listed in `floats`, arrays are ints. */
export type AttrValue = number | number[] | string | { float: number } | { tensor: Tensor };

type NodeProto = ReturnType<typeof onnx.NodeProto.create>;
type TensorProto = ReturnType<typeof onnx.TensorProto.create>;
type ValueInfoProto = ReturnType<typeof onnx.ValueInfoProto.create>;

function tensorProto(name: string, t: Tensor): TensorProto {
  const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return onnx.TensorProto.create({ name, dims: t.shape, dataType: ONNX_TYPE[t.dtype], rawData: bytes.slice() });
}

function attribute(name: string, value: AttrValue) {
  const A = onnx.AttributeProto.AttributeType;
  if (typeof value === 'number') return onnx.AttributeProto.create({ name, type: A.INT, i: value });
  if (typeof value === 'string') return onnx.AttributeProto.create({ name, type: A.STRING, s: new TextEncoder().encode(value) });
  if (Array.isArray(value)) return onnx.AttributeProto.create({ name, type: A.INTS, ints: value });
  if ('float' in value) return onnx.AttributeProto.create({ name, type: A.FLOAT, f: value.float });
  return onnx.AttributeProto.create({ name, type: A.TENSOR, t: tensorProto('', value.tensor) });
}

function valueInfo(name: string, dtype: DType, dims: (number | string)[]): ValueInfoProto {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: ONNX_TYPE[dtype],
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });
}

/** Accumulates nodes, initializers, inputs and outputs of one ONNX graph. */
export class OnnxGraph {
  readonly nodes: NodeProto[] = [];
  readonly initializers = new Map<string, Tensor>();
  private readonly inputs: ValueInfoProto[] = [];
  private readonly outputs: ValueInfoProto[] = [];
  private counter = 0;

  /** A fresh value name under `hint`, unique in this graph. */
  fresh(hint: string): string {
    return `${hint}__${this.counter++}`;
  }

  /** Adds a node; returns its output names (given, or fresh ones derived from `op`). */
  node(op: string, inputs: string[], attrs: Record<string, AttrValue> = {}, outputs: string[] | number = 1): string[] {
    const outs = typeof outputs === 'number' ? Array.from({ length: outputs }, () => this.fresh(op)) : outputs;
    this.nodes.push(
      onnx.NodeProto.create({
        opType: op,
        input: inputs,
        output: outs,
        name: this.fresh(`n_${op}`),
        attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
      }),
    );
    return outs;
  }

  /** Shorthand for a single-output node. */
  op(op: string, inputs: string[], attrs: Record<string, AttrValue> = {}, output?: string): string {
    return this.node(op, inputs, attrs, output === undefined ? 1 : [output])[0]!;
  }

  /** Registers a constant as an initializer and returns its name. */
  constant(t: Tensor, name?: string): string {
    const n = name ?? this.fresh('const');
    this.initializers.set(n, t);
    return n;
  }

  /** An int64 1-D constant (the index type ONNX wants for shapes, axes and starts). */
  int64s(values: number[]): string {
    return this.constant({ dtype: 'int64', shape: [values.length], data: BigInt64Array.from(values.map(BigInt)) });
  }

  input(name: string, dtype: DType, dims: (number | string)[]): void {
    this.inputs.push(valueInfo(name, dtype, dims));
  }

  output(name: string, dtype: DType, dims: (number | string)[]): void {
    this.outputs.push(valueInfo(name, dtype, dims));
  }

  /** The nodes in a topological order (ONNX requires one), otherwise keeping insertion order. */
  private sortedNodes(): NodeProto[] {
    const ready = new Set<string>([...this.initializers.keys(), ...this.inputs.map((i) => i.name)]);
    const pending = [...this.nodes];
    const sorted: NodeProto[] = [];
    while (pending.length) {
      const i = pending.findIndex((n) => n.input.every((x) => x === '' || ready.has(x)));
      if (i < 0) throw new Error(`graph has a cycle or a missing value near ${pending[0]!.name}`);
      const [n] = pending.splice(i, 1);
      sorted.push(n!);
      for (const o of n!.output) ready.add(o);
    }
    return sorted;
  }

  /** Serialises the graph as an ONNX model at `opset`, leaving out initializers no node reads. */
  encode(opset: number, producer: string): Uint8Array {
    const used = new Set(this.nodes.flatMap((n) => n.input));
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: producer,
      opsetImport: [{ domain: '', version: opset }],
      graph: {
        name: 'main',
        node: this.sortedNodes(),
        initializer: [...this.initializers].filter(([n]) => used.has(n)).map(([n, t]) => tensorProto(n, t)),
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
