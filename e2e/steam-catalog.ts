/**
 * A slice of the real Steam catalog (../shared/datasets/steam-games-catalog) with prebuilt vectors,
 * served under /e2e-app/steam/: the first 2,000 games of the file plus every "Car Mechanic
 * Simulator" item and the first 300 racing and 300 puzzle games (the relevance issue's
 * examples); for similar items, "Euro Truck Simulator 2" with its 54 add-ons and the first 200
 * driving games, "Stardew Valley" with its soundtrack, every farming game ("Agriculture") and every
 * title holding "Valley"; ~3,300 items. The vectors come from the shipped model in Node (tools/embed-cache.ts,
 * cached under .cache/vectors), as `inpage-rec build` would make them. The data are read at run
 * time and never copied into the project; without ../shared the tests that use it skip.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeTextRule, quantize } from '../src/artifact/index.ts';
import { writeArtifact } from '../src/artifact/write.ts';
import { validateCatalog } from '../src/catalog/validate.ts';
import { writeOutput } from '../src/cli/output.ts';
import { DATASETS_DIR, E2E_BUILD_DIR } from '../test/paths.ts';
import { embedCached } from '../tools/embed-cache.ts';
import { demoArtifact } from './demo-artifact.ts';

/** Where the Steam items are. */
const ITEMS = join(DATASETS_DIR, 'steam-games-catalog', 'derived', 'items.jsonl');

/** True when the shared datasets are beside the checkout. */
export const hasSteam = existsSync(ITEMS);

/** A Steam game as the shop's catalog holds it (the dataset's `text` column left out: it repeats the fields). */
export type SteamGame = { id: string; title: string; genres: string[]; tags: string[] } & Record<string, unknown>;

/** The slice described above, in file order. */
export function steamSlice(): SteamGame[] {
  const all = readFileSync(ITEMS, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as SteamGame & { text?: string })
    .filter((g) => g.id && typeof g.title === 'string')
    .map(({ text: _, ...g }) => ({ ...g, genres: g.genres ?? [], tags: g.tags ?? [] }));
  const has = (g: SteamGame, name: string) => g.genres.includes(name) || g.tags.includes(name);
  const racing = all.filter((g) => has(g, 'Racing')).slice(0, 300);
  const puzzle = all.filter((g) => has(g, 'Puzzle')).slice(0, 300);
  const mechanic = all.filter((g) => /Car Mechanic Simulator/i.test(g.title));
  const trucks = all.filter((g) => g.title.startsWith('Euro Truck Simulator 2'));
  const driving = all.filter((g) => has(g, 'Driving')).slice(0, 200);
  const valley = all.filter((g) => /valley/i.test(g.title) || has(g, 'Agriculture'));
  const picked = new Set([...all.slice(0, 2000), ...mechanic, ...racing, ...puzzle, ...trucks, ...driving, ...valley].map((g) => g.id));
  const seen = new Set<string>();
  return all.filter((g) => picked.has(g.id) && !seen.has(g.id) && seen.add(g.id));
}

/** Writes /e2e-app/steam/catalog.json and its prebuilt vectors (manifest.json); returns the games. */
export async function writeSteamCatalog(): Promise<SteamGame[]> {
  const games = steamSlice();
  const dir = join(E2E_BUILD_DIR, 'steam');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'catalog.json'), JSON.stringify(games));
  // The model entry of the build's own artifact (dist/demo/vectors): what `inpage-rec build` writes.
  const { model } = await demoArtifact();
  const { entries } = await validateCatalog(games, { modelKey: model.key });
  const { vectors, dims } = await embedCached(
    entries.map((e) => e.text),
    { name: 'e2e-steam-slice' },
  );
  const items = entries.map((e, i) => ({ key: e.key, hash: e.hash, ...quantize(vectors.subarray(i * dims, (i + 1) * dims)) }));
  const artifact = await writeArtifact({
    model,
    textRule: await describeTextRule(),
    generator: 'e2e',
    items,
  });
  await writeOutput(dir, artifact, []);
  return games;
}
