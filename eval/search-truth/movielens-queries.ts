/**
 * Natural MovieLens queries ("funny animated movie", "80s horror movie"), judged from `genres` and
 * the release year in the title: 2 when every concept holds, 1 when the head (the kind of film
 * asked for) holds.
 */
import type { Dataset } from '../dataset.ts';
import { type Concept, concept, type JudgedQuery, type NaturalSpec, naturalQuery, parseNatural } from './types.ts';

/** Genre concepts: concept name -> MovieLens genre. */
const GENRES: Readonly<Record<string, string>> = {
  action: 'Action',
  adventure: 'Adventure',
  animation: 'Animation',
  children: 'Children',
  comedy: 'Comedy',
  crime: 'Crime',
  documentary: 'Documentary',
  drama: 'Drama',
  fantasy: 'Fantasy',
  noir: 'Film-Noir',
  horror: 'Horror',
  imax: 'IMAX',
  musical: 'Musical',
  mystery: 'Mystery',
  romance: 'Romance',
  scifi: 'Sci-Fi',
  thriller: 'Thriller',
  war: 'War',
  western: 'Western',
};

/** Year concepts: name -> [first year, last year] of release. */
const YEARS: Readonly<Record<string, readonly [number, number]>> = {
  silent: [1890, 1929],
  before1970: [1890, 1969],
  y1950s: [1950, 1959],
  y1960s: [1960, 1969],
  y1970s: [1970, 1979],
  y1980s: [1980, 1989],
  y1990s: [1990, 1999],
  y2000s: [2000, 2009],
  y2010s: [2010, 2019],
};

/** `query = head + other concepts`. */
const QUERIES = `
funny animated movie = animation + comedy; scary movie = horror; horror movie = horror; romantic comedy = comedy + romance
rom com = comedy + romance; war documentary = documentary + war; sci-fi action movie = action + scifi; 80s horror movie = horror + y1980s
90s romantic comedy = comedy + romance + y1990s; kids movie = children; family movie = children; cartoon for kids = animation + children
animated movie = animation; cowboy movie = western; old western = western + before1970; classic film noir = noir; film noir = noir
musical = musical; animated musical = musical + animation; crime thriller = thriller + crime; mystery thriller = thriller + mystery
action comedy = comedy + action; comedy drama = drama + comedy; war movie = war; war drama = drama + war; fantasy adventure = adventure + fantasy
sci-fi horror = horror + scifi; documentary = documentary; imax action movie = action + imax; animated fantasy = animation + fantasy
kids adventure movie = adventure + children; romantic drama = drama + romance; crime drama = drama + crime; mystery movie = mystery
gangster movie = crime; action thriller = thriller + action; sci-fi adventure = adventure + scifi; fantasy movie = fantasy
horror comedy = comedy + horror; 70s crime movie = crime + y1970s; 2000s action movie = action + y2000s; recent sci-fi movie = scifi + y2010s
new animated movie = animation + y2010s; classic musical = musical + before1970; silent film = silent; 1950s sci-fi = scifi + y1950s
60s western = western + y1960s; 80s action movie = action + y1980s; 90s thriller = thriller + y1990s; 2010s horror = horror + y2010s
war action movie = action + war; western comedy = comedy + western; sci-fi thriller = thriller + scifi; fantasy romance = romance + fantasy
adventure comedy = comedy + adventure; family comedy = comedy + children; musical comedy = comedy + musical; crime documentary = documentary + crime
animated sci-fi = animation + scifi; noir thriller = noir + thriller; 80s comedy = comedy + y1980s; 90s kids movie = children + y1990s
`;

const yearOf = (title: unknown) => Number(/\((\d{4})\)\s*$/.exec(String(title ?? ''))?.[1] ?? Number.NaN);

/** The MovieLens concept table over `data`. */
export function movieConcepts(data: Dataset): Record<string, Concept> {
  const genres = data.items.map((i) => new Set(Array.isArray(i.raw.genres) ? i.raw.genres.map(String) : []));
  const years = data.items.map((i) => yearOf(i.raw.title));
  const out: Record<string, Concept> = {};
  const n = data.items.length;
  for (const [name, genre] of Object.entries(GENRES)) out[name] = concept(`genre ${genre}`, n, (row) => genres[row]!.has(genre));
  for (const [name, [from, to]] of Object.entries(YEARS))
    out[name] = concept(`released ${from}-${to} (title year)`, n, (row) => years[row]! >= from && years[row]! <= to);
  return out;
}

/** The specs above, parsed. */
export const MOVIE_NATURAL: readonly NaturalSpec[] = parseNatural(QUERIES);

/** The natural MovieLens queries judged over `data`. */
export function movieNaturalQueries(data: Dataset): JudgedQuery[] {
  const table = movieConcepts(data);
  return MOVIE_NATURAL.map((spec, i) => naturalQuery(data, table, spec, i));
}
