/**
 * Converters of the TF ops that move data without computing: shapes and reshapes, axes added,
 * dropped or permuted, concatenation, gathers, slices and splits.
 */
import { INT64_MAX, ints, type NodeContext, type OpConverter } from './tf-op-context.ts';

/** TF's StridedSlice with begin / end / shrink masks (stride 1 only) as an ONNX Slice, then Squeeze. */
function stridedSlice({ g, node, inputs, constInts, set, dt }: NodeContext): void {
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
  set(dt(0));
}

/** TF's Slice (begin and size, -1 for "to the end") as an ONNX Slice (starts and ends). */
function slice({ g, inputs, name, set, dt, constInts }: NodeContext): void {
  const begin = constInts(inputs[1]!);
  const size = constInts(inputs[2]!);
  const ends = begin.map((b, i) => (size[i] === -1 ? INT64_MAX : b + size[i]!));
  g.op('Slice', [inputs[0]!, g.int64s(begin), g.int64s(ends), g.int64s(begin.map((_, i) => i))], {}, name);
  set(dt(0));
}

/** TF's SplitV: one output per size, named `name`, `name:1`, `name:2`... as TF names them. */
function splitV({ g, inputs, name, set, dt, constInts }: NodeContext): void {
  const sizes = constInts(inputs[1]!);
  const [axis] = constInts(inputs[2]!);
  const outs = sizes.map((_, i) => (i === 0 ? name : `${name}:${i}`));
  g.node('Split', [inputs[0]!, g.int64s(sizes)], { axis: axis! }, outs);
  for (const o of outs) set(dt(0), o);
}

/** TF's Pack (stack): each input gains the axis, then they are concatenated along it. */
function pack({ g, inputs, attr, name, set, dt }: NodeContext): void {
  const axis = Number(attr.axis?.i ?? 0);
  const axes = g.int64s([axis]);
  g.op(
    'Concat',
    inputs.map((i) => g.op('Unsqueeze', [i, axes])),
    { axis },
    name,
  );
  set(dt(0));
}

/** TF op name to converter. */
export const SHAPE_OPS: Record<string, OpConverter> = {
  Shape: ({ g, inputs, name, set }) => {
    g.op('Cast', [g.op('Shape', [inputs[0]!])], { to: 6 }, name);
    set('int32');
  },
  Reshape: ({ g, inputs, name, set, dt, toInt64 }) => {
    g.op('Reshape', [inputs[0]!, toInt64(inputs[1]!)], {}, name);
    set(dt(0));
  },
  ExpandDims: ({ g, inputs, name, set, dt, constInts }) => {
    g.op('Unsqueeze', [inputs[0]!, g.int64s(constInts(inputs[1]!))], {}, name);
    set(dt(0));
  },
  Squeeze: ({ g, inputs, attr, name, set, dt }) => {
    g.op('Squeeze', [inputs[0]!, g.int64s(ints(attr.squeeze_dims))], {}, name);
    set(dt(0));
  },
  Transpose: ({ g, inputs, name, set, dt, constInts }) => {
    g.op('Transpose', [inputs[0]!], { perm: constInts(inputs[1]!) }, name);
    set(dt(0));
  },
  ConcatV2: ({ g, inputs, name, set, dt, constInts }) => {
    const [axis] = constInts(inputs[inputs.length - 1]!);
    g.op('Concat', inputs.slice(0, -1), { axis: axis! }, name);
    set(dt(0));
  },
  Pack: pack,
  GatherV2: ({ g, inputs, name, set, dt, constInts }) => {
    const [axis] = constInts(inputs[2]!);
    g.op('Gather', [inputs[0]!, inputs[1]!], { axis: axis! }, name);
    set(dt(0));
  },
  GatherNd: ({ g, inputs, name, set, dt, toInt64 }) => {
    g.op('GatherND', [inputs[0]!, toInt64(inputs[1]!)], {}, name);
    set(dt(0));
  },
  StridedSlice: stridedSlice,
  Slice: slice,
  SplitV: splitV,
};
