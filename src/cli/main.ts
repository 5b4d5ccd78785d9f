#!/usr/bin/env node
/** Entry point of the `inpage-rec` command (bundled into `dist/cli.js` by tools/build-cli.ts). */
import { createProgram } from './program.ts';

await createProgram().parseAsync(process.argv);
