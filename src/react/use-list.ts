/**
 * The React side of a list: one `ListController` per component (the same state machine as the
 * custom element), its input kept in sync with the props, re-rendering on every change.
 */
import { useEffect, useReducer, useRef, useState } from 'react';
import { createRecommender } from '../recommender.ts';
import type { Recommender, RecommenderOptions } from '../types/index.ts';
import { ListController, type ListInput, type ListSnapshot, type WidgetError } from '../ui/controller.ts';
import { sharedRecommender } from '../ui/registry.ts';

/** Where a component's recommender comes from. */
export interface RecommenderSource {
  catalog?: RecommenderOptions['catalog'];
  /** Prebuilt vectors for `catalog` (same as `options.vectors`). */
  vectors?: RecommenderOptions['vectors'];
  /** A retrieval endpoint (same as `options.remote`): with it, `catalog` may be left out. */
  remote?: RecommenderOptions['remote'];
  recommender?: Recommender;
  options?: Omit<RecommenderOptions, 'catalog'>;
}

/**
 * The recommender for `source`: the one passed in, else one shared per catalog URL (one worker per
 * catalog, shared with elements naming it), else one of its own for an array catalog. Created in
 * an effect: a server render never starts a worker. A creation error is returned, not thrown.
 */
export function useRecommender(source: RecommenderSource): { r: Recommender | undefined; error?: WidgetError } {
  const [state, setState] = useState<{ r: Recommender | undefined; error?: WidgetError }>({ r: source.recommender });
  // Options are read when a recommender is created; a new options object on every render must not
  // create a new worker.
  const options = useRef(source.options);
  options.current = {
    ...source.options,
    ...(source.vectors === undefined ? {} : { vectors: source.vectors }),
    ...(source.remote === undefined ? {} : { remote: source.remote }),
  };
  const { recommender, catalog } = source;
  const remote = source.remote ?? source.options?.remote;
  const remoteKey = remote === undefined ? undefined : String(remote);
  useEffect(() => {
    if (recommender) return setState({ r: recommender });
    if (!catalog && !remoteKey) return setState({ r: undefined });
    try {
      if (!Array.isArray(catalog)) return setState({ r: sharedRecommender(catalog || undefined, options.current) });
      const own = createRecommender({ ...options.current, catalog });
      setState({ r: own });
      return () => void own.destroy();
    } catch (err) {
      setState({ r: undefined, error: { code: 'INVALID_OPTION', message: (err as Error).message } });
    }
  }, [recommender, catalog, remoteKey]);
  return state;
}

/** The snapshot of a list following `r` with `input`; `onError` hears every failure once. */
export function useList(
  r: Recommender | undefined,
  input: ListInput,
  onError: (e: WidgetError) => void,
  setupError?: WidgetError,
): {
  snapshot: ListSnapshot;
  controller: ListController;
} {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;
  const ref = useRef<ListController | null>(null);
  ref.current ??= new ListController(rerender, (e) => onErrorRef.current(e));
  const controller = ref.current;
  // Compared by value: a filter or id list literal in the caller's JSX is new on every render.
  const inputKey = JSON.stringify(input);
  // Declared before the attach effect, so the first fetch already has the props' input.
  useEffect(() => controller.setInput(JSON.parse(inputKey) as ListInput), [controller, inputKey]);
  useEffect(() => {
    controller.attach(r);
    if (setupError) controller.fail(setupError);
    return () => controller.detach();
  }, [controller, r, setupError]);
  return { snapshot: controller.snapshot(), controller };
}
