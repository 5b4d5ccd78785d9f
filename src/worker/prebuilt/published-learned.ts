/**
 * The shop's learned recommendation space (the artifact's `learned` section, src/learn) as the
 * site publishes it: saved in IndexedDB, revalidated once per visit, served, exactly as the site
 * signals are (published-section.ts has the decisions). "For you" ranks in it when present.
 */
import { LearnedLookup } from '../../learn/lookup.ts';
import { decodeLearned } from '../../learn/section.ts';
import { dimsOfModelKey } from '../../model-key.ts';
import type { ArtifactSource } from './artifact-source.ts';
import { type PublishedCtx, PublishedSection } from './published-section.ts';

/** The learned space, saved as `learned:<model key>`. */
export class PublishedLearned extends PublishedSection<LearnedLookup> {
  constructor(ctx: PublishedCtx, source: ArtifactSource | undefined) {
    super(ctx, source, {
      name: 'learned',
      setting: 'learned',
      label: 'the learned space',
      decode: (bytes, keys) => new LearnedLookup(decodeLearned(bytes, keys.length, dimsOfModelKey(ctx.modelKey)), keys),
    });
  }
}
