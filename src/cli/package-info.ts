/** Name, version and the transformers.js version of this package, read from package.json at build time. */
import { dependencies, name, peerDependencies, version } from '../../package.json';

const TRANSFORMERS = '@huggingface/transformers';

/** `inpage-rec 0.1.0`: the manifest's `generator`. */
export const GENERATOR = `${name} ${version}`;
export const VERSION = version;
/** The transformers.js version range this package is built against (a dependency today, a peer later). */
export const TRANSFORMERS_RANGE: string =
  (peerDependencies as Record<string, string | undefined>)[TRANSFORMERS] ??
  (dependencies as Record<string, string | undefined>)[TRANSFORMERS] ??
  '*';
