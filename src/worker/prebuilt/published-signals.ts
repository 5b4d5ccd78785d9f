/**
 * The site's signals ("bought together", "viewed next": the artifact's `signals` section) as the
 * site publishes them: saved in IndexedDB, revalidated once per visit, served (published-section.ts
 * has the decisions).
 */
import { decodeSignals, SignalLookup } from '../../signals/index.ts';
import type { ArtifactSource } from './artifact-source.ts';
import { type PublishedCtx, PublishedSection } from './published-section.ts';

/** The site's signals, saved as `signals:<model key>`. */
export class PublishedSignals extends PublishedSection<SignalLookup> {
  constructor(ctx: PublishedCtx, source: ArtifactSource | undefined) {
    super(ctx, source, {
      name: 'signals',
      setting: 'signals',
      label: 'the site signals',
      decode: (bytes, keys) => new SignalLookup(decodeSignals(bytes, keys), keys),
    });
  }
}
