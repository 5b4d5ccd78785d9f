/**
 * The concept table of the Steam catalog: what a shopper's word means in the catalog's structured
 * fields (`tags`, ordered by players' votes; `genres`, set by the developer; `specs`, Steam's
 * features; `price`; `release_date`; `sentiment`). A tag concept holds when the item has one of
 * its tags, at any position, or one of them as a genre (HTML entities decoded: "Design &amp;
 * Illustration"). Concepts were picked from the tag vocabulary's counts (docs/search-truth.md).
 */
import type { Dataset } from '../dataset.ts';
import type { Concept } from './types.ts';

/** A concept in data: tags (or genres) of which one must be present, specs, or a custom rule. */
interface ConceptDef {
  tags?: readonly string[];
  specs?: readonly string[];
  custom?: { describe: string; holds: (item: SteamFacts) => boolean };
}

/** What the concepts read from one Steam item. */
export interface SteamFacts {
  labels: ReadonlySet<string>;
  specs: ReadonlySet<string>;
  price: number | string | undefined;
  year: number | undefined;
  sentiment: string | undefined;
}

const FRIENDS_SPECS = 'Multi-player, Online Multi-Player, Local Multi-Player, Co-op, Online Co-op, Local Co-op, MMO';
const FREE = (f: SteamFacts) =>
  f.labels.has('Free to Play') || f.price === 0 || (typeof f.price === 'string' && /^(free|play for free)/i.test(f.price));

/**
 * Concept name: tags or genres (any one) | spec features (any one). `;` separates concepts; the
 * custom rules (free, cheap, recent, positive, mmorpg) follow in CUSTOM.
 */
const TABLE = `
racing: Racing; driving: Racing, Driving; offroad: Offroad; sports: Sports; soccer: Soccer; football: Football, Soccer
basketball: Basketball; golf: Golf, Mini Golf; minigolf: Mini Golf; fishing: Fishing; hunting: Hunting; pinball: Pinball
billiards: Pool; bowling: Bowling; wrestling: Wrestling; horses: Horses; flight: Flight; trains: Trains; naval: Naval, Sailing
tanks: Tanks; parkour: Parkour
coop: Co-op, Online Co-Op, Local Co-Op, Co-op Campaign | Co-op, Online Co-op, Local Co-op; onlinecoop: Online Co-Op | Online Co-op
localcoop: Local Co-Op, Local Multiplayer, Split Screen, 4 Player Local | Local Co-op, Local Multi-Player, Shared/Split Screen
splitscreen: Split Screen | Shared/Split Screen; pvp: PvP; moba: MOBA; mmo: Massively Multiplayer, MMORPG | MMO
multiplayer: Multiplayer, Massively Multiplayer, Local Multiplayer, Co-op, Online Co-Op, Local Co-Op, PvP | ${FRIENDS_SPECS}
vr: VR | HTC Vive, Oculus Rift, Windows Mixed Reality; roomscale: | Room-Scale; controller: | Full controller support
singleplayer: Singleplayer | Single-player; earlyaccess: Early Access; family: Family Friendly; education: Education; typing: Typing
shooter: Shooter, FPS, Third-Person Shooter, Shoot 'Em Up, Top-Down Shooter, Twin Stick Shooter, Arena Shooter, On-Rails Shooter, Bullet Hell
fps: FPS; tps: Third-Person Shooter; shmup: Shoot 'Em Up, Bullet Hell; bullethell: Bullet Hell; twinstick: Twin Stick Shooter
topdownshooter: Top-Down Shooter; arenashooter: Arena Shooter; sniper: Sniper
horror: Horror, Survival Horror, Psychological Horror; psychhorror: Psychological Horror; survivalhorror: Survival Horror
puzzle: Puzzle, Puzzle-Platformer, Match 3, Sokoban; puzzleplatformer: Puzzle-Platformer; match3: Match 3; sokoban: Sokoban
hiddenobject: Hidden Object; wordgame: Word Game; relaxing: Relaxing; walkingsim: Walking Simulator; farming: Agriculture
citybuilder: City Builder; building: Building, Base Building, City Builder; basebuilding: Base Building; simulation: Simulation
management: Management, Economy, Resource Management, Capitalism; economy: Economy, Trading; trading: Trading
roguelike: Rogue-like, Rogue-lite; permadeath: Perma Death; dungeon: Dungeon Crawler; visualnovel: Visual Novel
dating: Dating Sim, Otome; otome: Otome; romance: Romance, Dating Sim, Otome; story: Story Rich
interactive: Choose Your Own Adventure, Interactive Fiction, Choices Matter; textadventure: Text-Based, Interactive Fiction
cards: Card Game, Trading Card Game; tcg: Trading Card Game; boardgame: Board Game, Chess; chess: Chess; gambling: Gambling
strategy: Strategy; tbs: Turn-Based Strategy; rts: RTS; towerdefense: Tower Defense; grandstrategy: Grand Strategy, 4X; fourx: 4X
wargame: Wargame; godgame: God Game; tactical: Tactical, Turn-Based Tactics, Real Time Tactics, Tactical RPG; tbt: Turn-Based Tactics
tacticalrpg: Tactical RPG, Strategy RPG; platformer: Platformer, Puzzle-Platformer, 3D Platformer; platformer3d: 3D Platformer
metroidvania: Metroidvania; sidescroller: Side Scroller; runner: Runner; openworld: Open World; survival: Survival; crafting: Crafting
sandbox: Sandbox; voxel: Voxel; anime: Anime; pixel: Pixel Graphics; retro: Retro, 1980s, 1990's
rpg: RPG, Action RPG, JRPG, Party-Based RPG, CRPG, Tactical RPG, Strategy RPG, MMORPG; jrpg: JRPG; actionrpg: Action RPG
partyrpg: Party-Based RPG; turnbased: Turn-Based, Turn-Based Combat, Turn-Based Strategy, Turn-Based Tactics
fighting: Fighting, 2D Fighter, Martial Arts; fighter2d: 2D Fighter; beatemup: Beat 'em up; hackslash: Hack and Slash
martialarts: Martial Arts; stealth: Stealth; arcade: Arcade; classic: Classic, Cult Classic; clicker: Clicker; rhythm: Rhythm, Music
physics: Physics; destruction: Destruction; pointclick: Point & Click
zombies: Zombies; space: Space, Space Sim; spacesim: Space Sim; scifi: Sci-fi, Futuristic, Cyberpunk; aliens: Aliens
fantasy: Fantasy, Dark Fantasy, Magic; darkfantasy: Dark Fantasy; medieval: Medieval; historical: Historical; rome: Rome
ww2: World War II; war: War, Military, World War II, World War I, Cold War, Wargame; military: Military; pirates: Pirates
dinosaurs: Dinosaurs; dragons: Dragons; ninja: Ninja; robots: Robots, Mechs; mechs: Mechs; vampire: Vampire; western: Western
cyberpunk: Cyberpunk; postapoc: Post-apocalyptic; steampunk: Steampunk; superhero: Superhero; lovecraft: Lovecraftian
detective: Detective, Investigation, Mystery; mystery: Mystery, Detective; noir: Noir; crime: Crime; timetravel: Time Travel
underwater: Underwater; mining: Mining; hacking: Hacking, Programming; programming: Programming; lego: LEGO; starwars: Star Wars
warhammer: Warhammer 40K, Games Workshop; batman: Batman; gore: Gore, Blood, Violent
difficult: Difficult; short: Short; funny: Funny, Comedy, Memes, Parody, Dark Humor, Satire; memes: Memes; cute: Cute
atmospheric: Atmospheric; exploration: Exploration; femaleprotagonist: Female Protagonist; firstperson: First-Person, FPS
topdown: Top-Down, Top-Down Shooter; isometric: Isometric; twod: 2D; minimalist: Minimalist; abstract: Abstract
charcustom: Character Customization; adventure: Adventure; indie: Indie; realistic: Realistic; casual: Casual
photo: Photo Editing; video: Video Production; audio: Audio Production; modeling: Animation & Modeling
drawing: Design & Illustration; gamedev: Game Development; benchmark: Benchmark; webpublishing: Web Publishing
`;

const CUSTOM: Record<string, { describe: string; holds: (f: SteamFacts) => boolean }> = {
  free: { describe: 'genre or tag Free to Play, or a price of 0 or "Free..."', holds: FREE },
  cheap: { describe: 'free, or priced under $5', holds: (f) => FREE(f) || (typeof f.price === 'number' && f.price < 5) },
  recent: { describe: 'released in 2017 or later', holds: (f) => (f.year ?? 0) >= 2017 },
  positive: {
    describe: 'reviews Very or Overwhelmingly Positive',
    holds: (f) => /^(Very|Overwhelmingly) Positive$/.test(f.sentiment ?? ''),
  },
  mmorpg: {
    describe: 'tag MMORPG, or genres Massively Multiplayer AND RPG',
    holds: (f) => f.labels.has('MMORPG') || (f.labels.has('Massively Multiplayer') && f.labels.has('RPG')),
  },
};

const split = (s: string | undefined) =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** The table parsed: concept name -> tags, specs. */
function parseTable(): Map<string, ConceptDef> {
  const out = new Map<string, ConceptDef>();
  for (const entry of TABLE.split(/[;\n]/)
    .map((e) => e.trim())
    .filter(Boolean)) {
    const colon = entry.indexOf(':');
    const name = entry.slice(0, colon).trim();
    const [tags, specs] = entry.slice(colon + 1).split('|');
    if (out.has(name)) throw new Error(`steam concept "${name}" defined twice`);
    out.set(name, { tags: split(tags), specs: split(specs) });
  }
  for (const [name, custom] of Object.entries(CUSTOM)) out.set(name, { custom });
  return out;
}

const DEFS = parseTable();

/** How many concepts the Steam table holds. */
export const STEAM_CONCEPT_COUNT = DEFS.size;

const decode = (s: string) => s.replace(/&amp;/g, '&');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').map(decode) : []);

/** The facts the concepts read, by row. */
export function steamFacts(data: Dataset): SteamFacts[] {
  return data.items.map(({ raw }) => {
    const year = Number(String(raw.release_date ?? '').slice(0, 4));
    const price = typeof raw.price === 'number' || typeof raw.price === 'string' ? raw.price : undefined;
    return {
      labels: new Set([...list(raw.tags), ...list(raw.genres)]),
      specs: new Set(list(raw.specs)),
      price,
      year: Number.isFinite(year) && year > 1900 ? year : undefined,
      sentiment: typeof raw.sentiment === 'string' ? raw.sentiment : undefined,
    };
  });
}

function describe(def: ConceptDef): string {
  const parts: string[] = [];
  if (def.tags?.length) parts.push(`tag or genre ${def.tags.join(' / ')}`);
  if (def.specs?.length) parts.push(`feature ${def.specs.join(' / ')}`);
  if (def.custom) parts.push(def.custom.describe);
  return parts.join(' or ');
}

/**
 * The Steam concept table over `data` (name -> rule). Each concept's rows are computed once, from
 * postings (tag or genre -> rows, feature -> rows), so a query's rule is a bitmap lookup.
 */
export function steamConcepts(data: Dataset): Record<string, Concept> {
  const facts = steamFacts(data);
  const labelRows = new Map<string, number[]>();
  const specRows = new Map<string, number[]>();
  const post = (map: Map<string, number[]>, key: string, row: number) => {
    const list = map.get(key);
    if (list) list.push(row);
    else map.set(key, [row]);
  };
  facts.forEach((f, row) => {
    for (const l of f.labels) post(labelRows, l, row);
    for (const x of f.specs) post(specRows, x, row);
  });
  const out: Record<string, Concept> = {};
  for (const [name, def] of DEFS) {
    const member = new Uint8Array(facts.length);
    for (const x of def.tags ?? []) for (const row of labelRows.get(x) ?? []) member[row] = 1;
    for (const x of def.specs ?? []) for (const row of specRows.get(x) ?? []) member[row] = 1;
    if (def.custom) for (let row = 0; row < facts.length; row++) if (def.custom.holds(facts[row]!)) member[row] = 1;
    out[name] = { describe: describe(def), member };
  }
  return out;
}

/** Downloadable content (feature "Downloadable Content"), by row: an add-on needs its game, so it is judged 1 at most. */
export function addOns(data: Dataset): Uint8Array {
  return Uint8Array.from(data.items, (item) => (list(item.raw.specs).includes('Downloadable Content') ? 1 : 0));
}
