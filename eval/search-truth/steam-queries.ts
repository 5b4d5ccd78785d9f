/**
 * Natural Steam queries: what shoppers type, in their words ("car game", "scary game"), each
 * mapped to concepts of the Steam table (steam-concepts.ts), the head first. Judged by
 * `naturalQuery`: 2 when every concept holds, 1 when the head holds; downloadable content is
 * judged 1 at most (`addOns`: an add-on needs its game).
 */
import type { Dataset } from '../dataset.ts';
import { addOns, steamConcepts } from './steam-concepts.ts';
import { type JudgedQuery, type NaturalSpec, naturalQuery, parseNatural } from './types.ts';

/** `query = head + other concepts`, `;`- or line-separated. */
const QUERIES = `
racing game = racing; car game = driving; car racing game = racing; free racing game = racing + free; arcade racer = racing + arcade
racing game with split screen = racing + splitscreen; multiplayer racing game = racing + multiplayer; vr racing = racing + vr
offroad driving game = offroad; realistic racing sim = racing + realistic + simulation; futuristic racing game = racing + scifi
driving simulator = driving + simulation; family racing game = racing + family; racing game for kids = racing + family
zombie game = zombies; zombie survival game = zombies + survival; zombie shooter = zombies + shooter; free zombie game = zombies + free
zombie survival game with friends = zombies + survival + multiplayer; co-op zombie game = zombies + coop; zombie horror game = zombies + horror
top down zombie shooter = zombies + shooter + topdown
co-op game = coop; coop games to play with friends = coop; online co-op shooter = shooter + onlinecoop; couch co-op game = localcoop
local multiplayer game = localcoop; split screen game = splitscreen; co-op puzzle game = puzzle + coop; co-op rpg = rpg + coop
co-op horror game = horror + coop; multiplayer game = multiplayer; online pvp game = pvp; free mmo = mmo + free; mmorpg = mmorpg
fantasy mmorpg = mmorpg + fantasy; free to play mmorpg = mmorpg + free; moba = moba; free moba = moba + free
vr game = vr; vr shooter = shooter + vr; vr horror game = horror + vr; vr puzzle game = puzzle + vr; free vr game = vr + free
vr space game = space + vr; relaxing vr experience = vr + relaxing; vr sports game = sports + vr; room scale vr game = vr + roomscale
game for kids = family; family friendly game = family; kids puzzle game = puzzle + family; cute game for kids = family + cute
educational game for kids = education + family; educational game = education
free game = free; free card game = cards + free; free shooter = shooter + free; free fps = fps + free; free strategy game = strategy + free
free horror game = horror + free; free puzzle game = puzzle + free; free rpg = rpg + free; free multiplayer game = multiplayer + free
free anime game = anime + free; free visual novel = visualnovel + free; free sports game = sports + free; cheap rpg = rpg + cheap
cheap horror game = horror + cheap; cheap strategy game = strategy + cheap
space shooter = shooter + space; space game = space; space exploration game = space + exploration; space sim = space + simulation
space strategy game = strategy + space; space trading game = space + trading; spaceship game = space; sci-fi shooter = shooter + scifi
sci-fi rpg = rpg + scifi; alien shooter = shooter + aliens
scary game = horror; horror game = horror; psychological horror = psychhorror; survival horror = survivalhorror
scary game to play with friends = horror + multiplayer; first person horror game = horror + firstperson; pixel art horror = horror + pixel
lovecraftian horror = lovecraft + horror; horror adventure = horror + adventure; horror visual novel = visualnovel + horror
new horror game = horror + recent
puzzle game = puzzle; relaxing puzzle game = puzzle + relaxing; hard puzzle game = puzzle + difficult; puzzle platformer = puzzleplatformer
physics puzzle game = puzzle + physics; match 3 game = match3; box pushing puzzle = sokoban; first person puzzle game = puzzle + firstperson
atmospheric puzzle game = puzzle + atmospheric; hidden object game = hiddenobject; hidden object mystery = hiddenobject + mystery
word game = wordgame; minimalist puzzle game = puzzle + minimalist
relaxing game = relaxing; chill game = relaxing; cozy game = relaxing; relaxing exploration game = exploration + relaxing
walking simulator = walkingsim
farming sim = farming + simulation; farming game = farming; farm simulator = farming + simulation
city builder = citybuilder; city building game = citybuilder; medieval city builder = citybuilder + medieval
base building survival game = basebuilding + survival; building game = building; colony sim = basebuilding + simulation
tycoon game = management; business management game = management + economy
roguelike = roguelike; roguelike deckbuilder = cards + roguelike; roguelite shooter = shooter + roguelike; dungeon crawler = dungeon
roguelike dungeon crawler = dungeon + roguelike; pixel art roguelike = roguelike + pixel; permadeath game = permadeath
visual novel = visualnovel; anime visual novel = visualnovel + anime; romance visual novel = visualnovel + romance; dating sim = dating
otome game = otome; mystery visual novel = visualnovel + mystery; choose your own adventure game = interactive; text adventure = textadventure
interactive story game = story + interactive
photo editing software = photo; video editing software = video; music making software = audio; audio editing software = audio
3d modeling software = modeling; animation software = modeling; drawing program = drawing; game making software = gamedev
learn to code = programming; typing tutor = typing; benchmark tool = benchmark
card game = cards; trading card game = tcg; board game = boardgame; chess game = chess; digital board game = boardgame
casino game = gambling
strategy game = strategy; turn based strategy = tbs; real time strategy = rts; rts game = rts; tower defense = towerdefense
grand strategy = grandstrategy; 4x space strategy = fourx + space; ww2 strategy game = strategy + ww2; medieval strategy game = strategy + medieval
tactical rpg = tacticalrpg; turn based tactics = tbt; wargame = wargame; historical strategy game = strategy + historical; god game = godgame
roman strategy game = strategy + rome
platformer = platformer; 2d platformer = platformer + twod; hard platformer = platformer + difficult; 3d platformer = platformer3d
metroidvania = metroidvania; pixel art platformer = platformer + pixel; retro platformer = platformer + retro; side scroller = sidescroller
endless runner = runner
open world game = openworld; open world rpg = rpg + openworld; survival game = survival; survival crafting game = survival + crafting
sandbox game = sandbox; open world survival game = survival + openworld; post apocalyptic game = postapoc
multiplayer survival game = survival + multiplayer; voxel game = voxel
anime game = anime; anime rpg = rpg + anime; story rich game = story; game with a good story = story; story driven adventure = story + adventure
jrpg = jrpg; action rpg = actionrpg; turn based rpg = rpg + turnbased; party based rpg = partyrpg; isometric rpg = rpg + isometric
dark fantasy rpg = rpg + darkfantasy; fantasy rpg = rpg + fantasy; rpg with character customization = rpg + charcustom
rpg with a female lead = rpg + femaleprotagonist; old school rpg = rpg + retro; single player rpg = rpg + singleplayer
fighting game = fighting; 2d fighting game = fighter2d; beat em up = beatemup; hack and slash = hackslash; martial arts game = martialarts
ninja game = ninja; stealth game = stealth; third person shooter = tps; first person shooter = fps; multiplayer fps = fps + multiplayer
tactical shooter = shooter + tactical; arena shooter = arenashooter; bullet hell = bullethell; shoot em up = shmup; twin stick shooter = twinstick
top down shooter = topdownshooter; sniper game = sniper; military shooter = shooter + military; ww2 shooter = shooter + ww2
gory shooter = shooter + gore
war game = war; tank game = tanks; naval battle game = naval; pirate game = pirates; flight simulator = flight; train simulator = trains
combat flight sim = flight + military; mech game = mechs; robot game = robots; dinosaur game = dinosaurs; dragon game = dragons
vampire game = vampire; cowboy game = western; cyberpunk game = cyberpunk; steampunk game = steampunk; superhero game = superhero
detective game = detective; mystery game = mystery; point and click adventure = pointclick; funny point and click = pointclick + funny
noir detective game = detective + noir; crime game = crime; time travel game = timetravel; underwater game = underwater; mining game = mining
sports game = sports; soccer game = soccer; football game = football; basketball game = basketball; golf game = golf; mini golf = minigolf
fishing game = fishing; hunting game = hunting; pinball = pinball; billiards game = billiards; bowling game = bowling
wrestling game = wrestling; horse riding game = horses
clicker game = clicker; idle clicker = clicker; music game = rhythm; lego game = lego; star wars game = starwars
warhammer 40k game = warhammer; batman game = batman; early access survival game = survival + earlyaccess; hacking game = hacking
programming game = programming; physics sandbox = sandbox + physics; destruction game = destruction; parkour game = parkour
short game = short; difficult game = difficult; hard game = difficult; cute game = cute
funny game = funny; meme game = memes; atmospheric exploration game = exploration + atmospheric; retro arcade game = arcade + retro
classic game = classic; abstract game = abstract
`;

/** The specs above, parsed. */
export const STEAM_NATURAL: readonly NaturalSpec[] = parseNatural(QUERIES);

/** The natural Steam queries judged over `data` (a DLC is capped at grade 1). */
export function steamNaturalQueries(data: Dataset): JudgedQuery[] {
  const table = steamConcepts(data);
  const addOn = addOns(data);
  return STEAM_NATURAL.map((spec, i) => {
    const q = naturalQuery(data, table, spec, i);
    for (const [row, g] of q.grades) if (g === 2 && addOn[row] === 1) q.grades.set(row, 1);
    return { ...q, rule: `${q.rule}; downloadable content 1 at most` };
  });
}
