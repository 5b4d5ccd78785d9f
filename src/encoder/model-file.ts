/** Which ONNX file of a model folder a dtype loads: one place for the CLI, the assets and the Node loader. */

/** The ONNX file transformers.js loads for `dtype`, relative to the model folder. */
export function modelFileFor(dtype: 'fp32' | 'q8'): string {
  return dtype === 'q8' ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';
}
