/** Filesystem locations the Node tests share. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The built model folders (`npm install` builds `models/use-lite-en`). */
export const MODELS_DIR = join(ROOT, 'models');
/** `../shared` beside the project: research data and reference embeddings, read at run time only. */
export const SHARED_DIR = resolve(ROOT, '..', 'shared');
export const REFERENCE_PATH = join(SHARED_DIR, 'models', 'use-lite-en.reference.json');
export const DATASETS_DIR = join(SHARED_DIR, 'datasets');
export const hasShared = existsSync(REFERENCE_PATH);
/** Test and benchmark builds (gitignored): never in dist/, which holds only what a user gets. */
export const BENCH_BUILD_DIR = join(ROOT, '.cache', 'build', 'bench');
export const E2E_BUILD_DIR = join(ROOT, '.cache', 'build', 'e2e-app');
