/** Name, version and the transformers.js version of this package, read from package.json at build time. */
import { name, peerDependencies, version } from '../../package.json';

const TRANSFORMERS = '@huggingface/transformers';

/** `inpage-rec 0.1.0`: the manifest's `generator`. */
export const GENERATOR = `${name} ${version}`;
export const VERSION = version;
/** The transformers.js version range this package is built against (an optional peer dependency). */
export const TRANSFORMERS_RANGE: string = (peerDependencies as Record<string, string | undefined>)[TRANSFORMERS] ?? '*';
/** The onnxruntime-node versions `inpage-rec build` runs the built-in model with (an optional peer dependency). */
export const ONNXRUNTIME_RANGE: string = (peerDependencies as Record<string, string | undefined>)['onnxruntime-node'] ?? '*';
