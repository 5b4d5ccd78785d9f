/**
 * Converters of the TF ops that compute: element-wise arithmetic and functions, casts, reductions,
 * matrix products and the 1x1 convolutions (projections) of the USE-lite graph.
 */
import { binary, ints, type NodeContext, type OpConverter, reduce, tfType, unary } from './tf-op-context.ts';

/** Matrix products, with TF's transpose / adjoint flags as explicit transposes of the last two axes. */
function matMul({ g, node, inputs, attr, name, set, dt }: NodeContext): void {
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
}

/** Every Conv2D here is a 1x1, stride-1 NHWC projection: a MatMul over the last axis. */
function conv2d({ g, inputs, attr, name, set, consts }: NodeContext): void {
  const kernel = consts.get(inputs[1]!);
  const strides = ints(attr.strides);
  if (kernel?.shape[0] !== 1 || kernel.shape[1] !== 1 || strides.some((s) => s !== 1)) {
    throw new Error(`${name}: only 1x1 stride-1 Conv2D is supported`);
  }
  const matrix = g.constant({ ...kernel, shape: kernel.shape.slice(2) }, `${inputs[1]}/matrix`);
  g.initializers.delete(inputs[1]!);
  g.op('MatMul', [inputs[0]!, matrix], {}, name);
  set('float32');
}

/** TF op name to converter. */
export const MATH_OPS: Record<string, OpConverter> = {
  Add: binary('Add'),
  BiasAdd: binary('Add'),
  Sub: binary('Sub'),
  Mul: binary('Mul'),
  RealDiv: binary('Div'),
  Maximum: binary('Max'),
  Less: binary('Less', 'bool'),
  Greater: binary('Greater', 'bool'),
  Square: ({ g, inputs, name, set, dt }) => {
    g.op('Mul', [inputs[0]!, inputs[0]!], {}, name);
    set(dt(0));
  },
  Rsqrt: ({ g, inputs, name, set, dt }) => {
    g.op('Reciprocal', [g.op('Sqrt', [inputs[0]!])], {}, name);
    set(dt(0));
  },
  Relu: unary('Relu'),
  Sin: unary('Sin'),
  Cos: unary('Cos'),
  Tanh: unary('Tanh'),
  Softmax: unary('Softmax'),
  LogicalNot: unary('Not'),
  Cast: ({ g, inputs, attr, name, set }) => {
    const to = tfType(attr.DstT, name);
    g.op('Cast', [inputs[0]!], { to: to === 'float32' ? 1 : to === 'int32' ? 6 : 9 }, name);
    set(to);
  },
  Mean: reduce('ReduceMean'),
  Sum: reduce('ReduceSum'),
  Max: reduce('ReduceMax'),
  Prod: reduce('ReduceProd'),
  MatMul: matMul,
  BatchMatMul: matMul,
  Conv2D: conv2d,
};
