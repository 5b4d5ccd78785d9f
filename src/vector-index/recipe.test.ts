/**
 * An index's recipe (recipe.ts): what each composition is called, that a learnt state carries it
 * through every format, that a state of another recipe is refused before anything is imported,
 * and how a state saved before recipes existed is read.
 */
import { describe, expect, it } from 'vitest';
import { clusteredVectors, makeKeys } from '../../test/helpers/vectors.ts';
import { InpageRecError } from '../errors.ts';
import { autoIndex, createIndex, decodeTrainingState, encodeTrainingState, trainingRecipe } from './index.ts';
import type { TrainingState, VectorIndexKind } from './types.ts';

const dims = 32;
const n = 600;
const data = clusteredVectors(n, dims, 10, 1, 7);
const keys = makeKeys(n);

/** The learnt state of `kind` (with `opts`) trained on the shared data. */
function trained(kind: VectorIndexKind, opts: Parameters<typeof createIndex>[2] = {}): TrainingState {
  const index = createIndex(kind, dims, { minTrainSize: 100, nlist: 8, ...opts });
  index.add(keys, data);
  index.train();
  return index.exportTraining()!;
}

/** `state` as a release before recipes wrote it. */
function withoutRecipe(state: TrainingState): TrainingState {
  const { recipe: _recipe, ...rest } = state;
  return rest;
}

describe('recipe', () => {
  it('names each composition createIndex and autoIndex build', () => {
    const recipe = (kind: VectorIndexKind, opts: Parameters<typeof createIndex>[2] = {}) => createIndex(kind, dims, opts).recipe;
    expect(recipe('flat')).toBe('flat');
    expect(recipe('int8')).toBe('int8,float');
    expect(recipe('int8', { refine: 'none' })).toBe('int8');
    expect(recipe('int8', { refine: 'residual' })).toBe('int8,residual1');
    expect(recipe('binary')).toBe('binary,int8,residual1');
    expect(recipe('binary', { refine: 'float32' })).toBe('binary,float');
    expect(recipe('binary', { refine: 'int16' })).toBe('binary,int16');
    expect(recipe('int8', { refine: 'int16' })).toBe('int8,int16');
    expect(recipe('flat', { refine: 'int16' })).toBe('flat');
    expect(recipe('binary', { refine: 'int8' })).toBe('binary,int8');
    expect(recipe('binary', { refine: 'none' })).toBe('binary');
    expect(recipe('ivf')).toBe('ivf,flat');
    expect(recipe('ivf-int8')).toBe('ivf,int8,float');
    expect(recipe('ivf-binary')).toBe('ivf,binary,int8,residual1');
    const auto = (size: number) => recipe(autoIndex(size).kind, autoIndex(size).options);
    expect([auto(1000), auto(20_000), auto(100_000)]).toEqual(['flat', 'binary,int16', 'binary,int8,residual1']);
  });

  it('travels with the learnt state, its bytes and its codes', () => {
    const state = trained('binary');
    expect(state.recipe).toBe('binary,int8,residual1');
    expect(decodeTrainingState(encodeTrainingState(state)).recipe).toBe('binary,int8,residual1');
    const index = createIndex('binary', dims, { minTrainSize: 100 });
    index.add(keys, data);
    index.train();
    expect(index.exportCodes()!.state.recipe).toBe(index.recipe);
  });

  it('refuses a state of the same kind but another recipe, naming both', () => {
    const floatRerank = trained('binary', { refine: 'float32' });
    const index = createIndex('binary', dims);
    expect(trainingRecipe(floatRerank)).not.toBe(index.recipe);
    expect(() => index.importTraining(floatRerank)).toThrow(InpageRecError);
    expect(() => index.importTraining(floatRerank)).toThrow('was trained for recipe "binary,float", this index is "binary,int8,residual1"');
    // The other way round too: int8 ranges a float re-rank has no use for were accepted before.
    expect(() => createIndex('binary', dims, { refine: 'float32' }).importTraining(trained('binary'))).toThrow(InpageRecError);
  });

  it('derives the recipe of a state saved before recipes existed, when unambiguous', () => {
    for (const [kind, opts, recipe] of [
      ['int8', {}, 'int8,float'],
      ['binary', {}, 'binary,int8,residual1'],
      ['binary', { refine: 'float32' }, 'binary,float'],
      ['ivf', {}, 'ivf,flat'],
      ['ivf-int8', {}, 'ivf,int8,float'],
      ['ivf-binary', {}, 'ivf,binary,int8,residual1'],
    ] as const) {
      const legacy = withoutRecipe(trained(kind, opts));
      expect(trainingRecipe(legacy)).toBe(recipe);
      // Bytes of the previous release decode without a recipe and still import.
      const decoded = decodeTrainingState(encodeTrainingState(legacy));
      expect(decoded.recipe).toBeUndefined();
      const index = createIndex(kind, dims, opts);
      expect(trainingRecipe(decoded)).toBe(index.recipe);
      index.importTraining(decoded);
      expect(index.exportTraining()?.recipe).toBe(recipe);
    }
    // No index the worker or the CLI built could have saved these: no recipe, never imported.
    expect(trainingRecipe(withoutRecipe(trained('ivf-binary', { refine: 'float32' })))).toBeUndefined();
    expect(trainingRecipe({ kind: 'hnsw' })).toBeUndefined();
  });
});
