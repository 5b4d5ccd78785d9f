/**
 * The published types, checked by the compiler (`tsc --noEmit` in `npm test` reads this file):
 * what a page can call and what it gets back, through the three entries as a consumer imports
 * them. The derived parts (a method per mode, the element's `Mode`) must stay exactly these.
 */
import type { ReactNode } from 'react';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Mode as ElementMode, InpageRecElement, StringKey } from './element.ts';
import {
  createRecommender,
  type EngineStatus,
  type ErrorCode,
  ErrorCodes,
  EVENT_TYPES,
  type EventType,
  type RankOptions,
  type Recommendation,
  type Recommender,
  type RecommenderEvents,
  type TrackEvent,
  type UpdateResult,
} from './index.ts';
import type { Mode as ReactMode, RecommendationsProps } from './react/index.ts';

describe('the public API types', () => {
  it('createRecommender returns a Recommender with one method per mode', () => {
    expectTypeOf(createRecommender).returns.toEqualTypeOf<Recommender>();
    expectTypeOf<Recommender['similar']>().toEqualTypeOf<(itemId: string | number, options?: RankOptions) => Promise<Recommendation[]>>();
    expectTypeOf<Recommender['complements']>().toEqualTypeOf<
      (itemId: string | number, options?: RankOptions) => Promise<Recommendation[]>
    >();
    expectTypeOf<Recommender['forYou']>().toEqualTypeOf<(options?: RankOptions) => Promise<Recommendation[]>>();
    expectTypeOf<Recommender['search']>().toEqualTypeOf<(query: string, options?: RankOptions) => Promise<Recommendation[]>>();
    // Exactly the four modes and the core: a new method is a deliberate change of this test.
    expectTypeOf<keyof Recommender>().toEqualTypeOf<
      | 'ready'
      | 'on'
      | 'prepareSearch'
      | 'track'
      | 'update'
      | 'forget'
      | 'status'
      | 'destroy'
      | 'similar'
      | 'complements'
      | 'forYou'
      | 'search'
    >();
  });

  it('the core methods take and give what the docs say', () => {
    expectTypeOf<Recommender['ready']>().toEqualTypeOf<Promise<EngineStatus>>();
    expectTypeOf<Recommender['track']>().parameter(0).toEqualTypeOf<TrackEvent>();
    expectTypeOf<Recommender['update']>().returns.toEqualTypeOf<Promise<UpdateResult>>();
    expectTypeOf<Recommender['status']>().returns.toEqualTypeOf<Promise<EngineStatus>>();
    expectTypeOf<RecommenderEvents['refresh']['reason']>().toEqualTypeOf<'vectors' | 'catalog' | 'model' | 'words' | 'keywords'>();
    expectTypeOf<RecommenderEvents['progress']>().toEqualTypeOf<{ done: number; total: number; unit?: 'items' | 'bytes' }>();
  });

  it('options and results', () => {
    expectTypeOf<RankOptions>().toEqualTypeOf<{
      k?: number;
      filter?: RankOptions['filter'];
      excludeIds?: readonly (string | number)[];
      diversity?: number;
      minScore?: number;
    }>();
    expectTypeOf<Recommendation['basis']>().toEqualTypeOf<'signals' | 'content' | 'popular' | 'sample' | undefined>();
    expectTypeOf<Recommendation['warming']>().toEqualTypeOf<boolean>();
    expectTypeOf<EventType>().toEqualTypeOf<'view' | 'click' | 'cart' | 'purchase' | 'dismiss'>();
    expectTypeOf(EVENT_TYPES).toEqualTypeOf<readonly ['view', 'click', 'cart', 'purchase', 'dismiss']>();
    expectTypeOf(ErrorCodes.UNKNOWN_ITEM).toExtend<ErrorCode>();
  });

  it('the element and React share one Mode: the registry names', () => {
    expectTypeOf<ElementMode>().toEqualTypeOf<'similar' | 'complements' | 'for-you' | 'search'>();
    expectTypeOf<ReactMode>().toEqualTypeOf<ElementMode>();
    expectTypeOf<RecommendationsProps['mode']>().toEqualTypeOf<ElementMode>();
    expectTypeOf<InpageRecElement['mode']>().toEqualTypeOf<ElementMode>();
    expectTypeOf<RecommendationsProps['renderItem']>().toEqualTypeOf<((rec: Recommendation) => ReactNode) | undefined>();
    // Every mode's strings are keys a page can translate.
    expectTypeOf<'heading.similar' | 'heading.complements-content' | 'search.placeholder' | 'status.warming'>().toExtend<StringKey>();
    expect(EVENT_TYPES).toHaveLength(5);
  });
});
