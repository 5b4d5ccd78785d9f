import { describe, expect, it } from 'vitest';
import { build, makeItems } from '../../../test/artifact-fixtures.ts';
import type { Starter } from '../../artifact/starter-file.ts';
import { MODES } from '../../modes/index.ts';
import type { CatalogItem } from '../../types/index.ts';
import { Lifecycle } from '../lifecycle.ts';
import type { EngineEvent } from '../protocol.ts';
import { ArtifactHead } from './artifact-head.ts';
import { EarlyAnswers, FIRST_ANSWER_WAIT_MS, HEAD_HOLD_MAX_MS } from './early-answers.ts';
import type { EarlyHead } from './head-answers.ts';

const starter: Starter = {
  basis: 'popular',
  items: [
    { id: 'a', title: 'Tent' },
    { id: 2, title: 'Stove' },
    { id: 'c', title: 'Lamp' },
    { id: 'd', title: 'Tarp' },
  ],
};
const mode = (method: string) => MODES.find((m) => m.method === method)!;

function lifeWithEvents() {
  const life = new Lifecycle();
  const events: EngineEvent[] = [];
  life.listen((e) => events.push(e));
  return { life, events };
}

/** A head over 12 items `p0`..`p11` (the fixtures' seeded vectors), parts answering from memory; `asked` lists the rows asked. */
async function earlyHeadOf(): Promise<{ early: EarlyHead; asked: number[][] }> {
  const written = await build(await makeItems(Array.from({ length: 12 }, (_, i) => `p${i}`)));
  const sections = new Map(written.manifest.sections.map((s) => [s.name, written.binary.subarray(s.offset, s.offset + s.bytes)] as const));
  const head = ArtifactHead.fromSections(written.manifest, sections, 'm.json');
  const asked: number[][] = [];
  const records = async (rows: readonly number[]): Promise<CatalogItem[]> => {
    asked.push([...rows]);
    return rows.map((row) => ({ id: head.keys[row]!, title: `record ${head.keys[row]}` }));
  };
  return { early: { head, parts: { records } }, asked };
}

describe("a first visit's early answers", () => {
  it('the starter answers before the catalog is known, never a search; the catalog then takes over', async () => {
    const { life, events } = lifeWithEvents();
    expect(await new EarlyAnswers(life, undefined).answer(mode('similar'), ['a'])).toBeUndefined();
    expect(await new EarlyAnswers(life, Promise.resolve(undefined)).answer(mode('forYou'), [])).toBeUndefined();
    const answers = new EarlyAnswers(life, Promise.resolve(starter));
    expect(await answers.answer(mode('search'), ['tent'])).toBeUndefined();
    expect((await answers.answer(mode('forYou'), []))?.map((r) => r.id)).toEqual(['a', 2, 'c', 'd']);
    // A starter still downloading when the catalog comes: the call waits for the catalog instead.
    const late = new EarlyAnswers(life, new Promise<Starter>(() => {})).answer(mode('forYou'), []);
    life.catalogKnown.resolve();
    expect(await late).toBeUndefined();
    expect(events.filter((e) => e.type === 'refresh')).toEqual([{ type: 'refresh', reason: 'catalog' }]);
    expect(await answers.answer(mode('forYou'), [])).toBeUndefined();
  });

  it('no refresh when nothing early was shown', async () => {
    const { life, events } = lifeWithEvents();
    new EarlyAnswers(life, Promise.resolve(starter));
    life.catalogKnown.resolve();
    await Promise.resolve();
    expect(events.filter((e) => e.type === 'refresh')).toEqual([]);
  });

  it("once the head is in, similar items are its sign bits' nearest, with their records, marked warming", async () => {
    const { life, events } = lifeWithEvents();
    const { early, asked } = await earlyHeadOf();
    const answers = new EarlyAnswers(life, Promise.resolve(starter));
    answers.startHead(Promise.resolve(early));
    await answers.gate;
    const recs = await answers.answer(mode('similar'), ['p3', { k: 4, excludeIds: ['p0'] }]);
    const expected = early.head.nearest('p3', 4, (key) => key === 'p0')!;
    expect(recs?.map((r) => r.id)).toEqual(expected.map((r) => r.key));
    expect(recs?.map((r) => r.score)).toEqual(expected.map((r) => r.score));
    expect(recs?.every((r) => r.warming && r.basis === undefined && r.item.title === `record ${r.id}`)).toBe(true);
    expect(recs?.map((r) => r.id)).not.toContain('p3');
    expect(asked).toEqual([expected.map((r) => r.row)]);
    // Modes that do not rank nearest neighbours keep the starter; an item the head lacks, or a
    // filter (records the page does not have), falls back to it too.
    expect((await answers.answer(mode('forYou'), [{ k: 2 }]))?.map((r) => r.basis)).toEqual(['popular', 'popular']);
    expect((await answers.answer(mode('similar'), ['zz', { k: 2 }]))?.[0]?.basis).toBe('popular');
    expect((await answers.answer(mode('similar'), ['p3', { k: 2, filter: { title: 'x' } }]))?.every((r) => r.basis)).toBe(true);
    // The page's own mistakes fail as they would later.
    await expect(answers.answer(mode('similar'), ['p3', { k: 0 }])).rejects.toThrow(/k/);
    // No list was waiting for the head: no refresh for it; the catalog's refresh follows what was shown.
    expect(events).toEqual([]);
    life.catalogKnown.resolve();
    await Promise.resolve();
    expect(events).toEqual([{ type: 'refresh', reason: 'catalog' }]);
    expect(await answers.answer(mode('similar'), ['p3'])).toBeUndefined();
  });

  it('a list shown stand-ins hears the head come; the downloads wait for its head answer, at most FIRST_ANSWER_WAIT_MS', async () => {
    const { life, events } = lifeWithEvents();
    const { early } = await earlyHeadOf();
    let headIn: (e: EarlyHead) => void = () => {};
    const answers = new EarlyAnswers(life, Promise.resolve(starter));
    answers.startHead(new Promise<EarlyHead>((ok) => (headIn = ok)));
    let opened = false;
    void answers.gate.then(() => (opened = true));
    expect((await answers.answer(mode('similar'), ['p3', { k: 2 }]))?.every((r) => r.basis === 'popular')).toBe(true);
    headIn(early);
    await new Promise((ok) => setTimeout(ok, 20));
    expect(events).toEqual([{ type: 'refresh', reason: 'vectors' }]);
    expect(opened).toBe(false);
    const recs = await answers.answer(mode('similar'), ['p3', { k: 2 }]);
    expect(recs?.every((r) => r.warming && r.basis === undefined)).toBe(true);
    await answers.gate;
    expect(opened).toBe(true);

    // No head answer asked for: the gate opens after the wait.
    const other = new EarlyAnswers(life, undefined);
    other.startHead(Promise.resolve(early).then(async (e) => e));
    expect(await other.answer(mode('similar'), ['p3'])).toBeUndefined();
    const started = performance.now();
    await other.gate;
    expect(performance.now() - started).toBeGreaterThanOrEqual(FIRST_ANSWER_WAIT_MS - 50);
  });

  it('a head that does not come holds the downloads HEAD_HOLD_MAX_MS at most, and still answers when it comes', async () => {
    const { life, events } = lifeWithEvents();
    const { early } = await earlyHeadOf();
    let headIn: (e: EarlyHead) => void = () => {};
    const answers = new EarlyAnswers(life, undefined, 300);
    answers.startHead(new Promise<EarlyHead>((ok) => (headIn = ok)));
    void answers.answer(mode('similar'), ['p3']);
    expect(await Promise.race([answers.gate.then(() => 'open'), new Promise((ok) => setTimeout(() => ok('held'), 20))])).toBe('held');
    expect(await Promise.race([answers.gate.then(() => 'open'), new Promise((ok) => setTimeout(() => ok('held'), 1_000))])).toBe('open');
    expect(HEAD_HOLD_MAX_MS).toBeGreaterThan(FIRST_ANSWER_WAIT_MS);
    headIn(early);
    await new Promise((ok) => setTimeout(ok, 20));
    expect(events).toEqual([{ type: 'refresh', reason: 'vectors' }]);
    expect((await answers.answer(mode('similar'), ['p3', { k: 2 }]))?.every((r) => r.warming && r.basis === undefined)).toBe(true);
  });

  it('without a usable head the gate opens as soon as that is known', async () => {
    const { life } = lifeWithEvents();
    const answers = new EarlyAnswers(life, undefined);
    expect(await Promise.race([answers.gate.then(() => 'open'), new Promise((ok) => setTimeout(() => ok('held'), 50))])).toBe('open');
    answers.startHead(Promise.resolve(undefined));
    expect(await Promise.race([answers.gate.then(() => 'open'), new Promise((ok) => setTimeout(() => ok('held'), 50))])).toBe('open');
    answers.startHead(Promise.reject(new Error('offline')));
    expect(await Promise.race([answers.gate.then(() => 'open'), new Promise((ok) => setTimeout(() => ok('held'), 50))])).toBe('open');
  });
});
