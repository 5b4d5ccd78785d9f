/**
 * How long search waits for the keyword index. Each worker (each page view) builds it on its first
 * search, in slices: instant for a small catalog, ~6-9 s for 100k items. Rather than hold that
 * first search so long, a search that can rank by vectors waits `KEYWORD_WAIT_MS` at most, then
 * answers from vectors alone (marked `warming`), and the page hears `refresh` (`keywords`) once the
 * index is built, so lists re-ask and get hybrid results.
 */
import type { KeywordIndex } from '../../recommend/index.ts';

/**
 * The longest a search waits for the keyword index before answering from vectors alone. Half a
 * second: a 10k catalog's index (~0.5 s to build) is usually waited for, so its first search does
 * not flash a vector-only list; a 32k one (~1.7 s in Node) is not.
 */
export const KEYWORD_WAIT_MS = 500;

/** Waits for the keyword index up to a deadline; announces a late one once. */
export class KeywordWait {
  private announcing = false;

  /**
   * @param build starts (or joins) the index build and resolves with the index
   * @param built called once per late build, when it lands (the engine emits `refresh`)
   */
  constructor(
    private readonly build: () => Promise<KeywordIndex>,
    private readonly built: () => void,
    private readonly ms: number = KEYWORD_WAIT_MS,
  ) {}

  /** The index, if it is (or gets) built within the deadline; undefined otherwise. */
  async within(): Promise<KeywordIndex | undefined> {
    const building = this.build();
    if (!Number.isFinite(this.ms)) return building; // setTimeout would read Infinity as 0
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<undefined>((resolve) => {
      timer = setTimeout(resolve, this.ms, undefined);
    });
    const index = await Promise.race([building, deadline]);
    clearTimeout(timer);
    if (index || this.announcing) return index;
    this.announcing = true;
    building.then(
      () => {
        this.announcing = false;
        this.built();
      },
      () => {
        // A failed build is retried (and reported) by the next search that waits for it.
        this.announcing = false;
      },
    );
    return undefined;
  }
}
