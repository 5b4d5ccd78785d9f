/**
 * Natural Office queries ("printer ink", "black toner for brother printer", "sticky notes"), judged
 * by product kind (the leaf category, office-kinds.ts) and, when the query names one, a brand or
 * an attribute of the title ("black", "wireless", "cross cut"): 2 when the kind and every named
 * brand or attribute hold, 1 when the kind holds.
 */
import type { Dataset } from '../dataset.ts';
import { officeFacts } from './office-kinds.ts';
import { type Concept, concept, type JudgedQuery, type NaturalSpec, naturalQuery, parseNatural } from './types.ts';

/** Kind concepts: `name = leaf | leaf ...` (one a line). */
const KINDS = `
ink = Inkjet Printer Ink
toner = Laser Printer Toner
printer = Laser Printers | Inkjet Printers | Photo Printers | Printers
labelmaker = Label Makers | Desktop Label Printers
labels = Printer Labels: Laser & Inkjet | Address Labels | All-Purpose Labels | Shipping Labels | Removable Labels | File Folder Labels | Labels & Stickers | Internet Postage Labels
shippinglabels = Shipping Labels | Internet Postage Labels
addresslabels = Address Labels
filefolderlabels = File Folder Labels
stickynotes = Self-Stick Notes
notedispenser = Self-Stick Note Pad Holders
flags = Tape Flags | Tape Flag Dispensers
shredder = Shredders
cordless = Cordless Telephones | Corded-Cordless Combo Telephones
corded = Corded Telephones | Corded-Cordless Combo Telephones
phone = Cordless Telephones | Corded Telephones | Corded-Cordless Combo Telephones | Phones | VoIP
ballpoint = Ballpoint Pens
fountainpen = Fountain Pens
pens = Rollerball Pens | Ballpoint Pens | Fountain Pens | Porous-Point Pens | Pens & Refills | Multifunction Writing Instruments
penrefills = Pen Refills | Pens & Refills
permanentmarker = Permanent Markers
markers = Permanent Markers | Erasable Markers | Markers & Highlighters
dryerase = Erasable Markers
highlighters = Highlighters | Markers & Highlighters
whiteboard = Dry Erase Boards | Easel-Style Dry Erase Boards | Combination Boards
bulletinboard = Bulletin Boards | Combination Boards
pencils = Wooden Lead Pencils | Mechanical Pencils | Wooden Colored Pencils
mechpencil = Mechanical Pencils
coloredpencils = Wooden Colored Pencils
leads = Mechanical Pencil Leads
sharpener = Pencil Sharpeners
eraser = Standard Pencil Erasers | Cube Erasers | Pen-Style Erasers | Electric Erasers | Pen Erasers | Mechanical Pencil Eraser Refills
stapler = Desktop Staplers | Heavy-Duty Staplers | Electric & Battery Operated Staplers
staples = Staples
stapleremover = Staple Removers
laminator = Laminators
pouches = Laminating Supplies | Binder Pouches
binding = Binding Machines
trimmer = Rotary Trimmers | Paper Trimmers
tape = Transparent Tape | Packing Tape | Mounting Tape | Write-On Tape | Drafting Tape
packingtape = Packing Tape
transparenttape = Transparent Tape
tapedispenser = Office Tape Dispensers | Packaging Tape Dispensers
mousepad = Mouse Pads
wristrest = Wrist Rests
monitorstand = Monitor Arms & Stands
laptopstand = Notebook Computer Stands | Lap Desks
keyboardtray = Keyboard Drawers & Platforms
footrest = Footrests
chair = Desk Chairs | Task Chairs | Managerial & Executive Chairs | Stacking Chairs
chairmat = Chair Mats
stool = Stools
binder = Round Ring Binders | D-Ring Binders | View Binders | Binders | Portfolio & Case Ring Binders
dividers = Binder Index Dividers | Index Tabs | Tab Inserts
sheetprotectors = Sheet Protectors, Card & Photo Sleeves
folders = Manila | Colored | Hanging Folders & Interior Folders | Project Folders | Classification Folders | Top Tab Jackets & Pockets | File Jackets & File Pockets | Expanding File Jackets & Pockets
hangingfolders = Hanging Folders & Interior Folders
expandingfile = Expanding File Jackets & Pockets | Expanding Files | Expanding Wallets
storagebox = Storage File Boxes | Record Storage Boxes
envelopes = Catalog Envelopes | Business Envelopes | Greeting Card Envelopes | Clasp Envelopes | Envelopes | Expansion & Jumbo Envelopes | Filing Envelopes
mailers = Envelope Mailers | Box Mailers | Mailers | Mail Bags
bubblewrap = Bubble Wrap | Cushioning Materials
notebooks = Wirebound Notebooks | Composition Notebooks | Subject Notebooks | Executive Notebooks | Steno Notebooks | Notebooks & Writing Pads
pads = Letter & Legal Ruled Pads | Memo & Scratch Pads | Graph & Data Pads
indexcards = Index Cards
photopaper = Photo Paper
printerpaper = Copy & Multipurpose Paper | Laser Printer Paper | Inkjet Printer Paper
cardstock = Card Stock
greetingcards = Greeting Cards | Note Cards
calculator = Basic | Scientific | Graphing | Financial & Business | Printing
scanner = Document Scanners | Flatbed & Photo Scanners | Slide & Negative Scanners | Scanners | Bar Code Scanners
docscanner = Document Scanners
photoscanner = Flatbed & Photo Scanners | Slide & Negative Scanners
barcode = Bar Code Scanners
fax = Fax Machines
presenter = Presentation Remotes
laserpointer = Laser Pointers | Presentation Remotes
scale = Postal Scales | Scales
planner = Appointment Books & Planners
calendar = Desk Calendars | Calendars | Appointment Books & Planners
deskorganizer = Desk Supplies Holders & Dispensers | Drawer Organizers | Desk Accessories & Workspace Organizers | Letter Trays & Stacking Supports | Pencil Holders | Supply Organizers | Literature Organizers | Modular Storage Systems | Media Organizers | Memo Holders
lettertray = Letter Trays & Stacking Supports
penholder = Pencil Holders
clips = Clips
pushpins = Pins & Tacks
rubberbands = Rubber Bands
glue = Liquid White Glues | Adhesives | Glue Sticks & Pens | Rubber Cement | Adhesive Putty
correction = Correction Tape | Correction Fluid | Correction Pens
correctiontape = Correction Tape
cashbox = Cash Boxes
lockbox = Security Lock Boxes | Cash Boxes
badge = Badge Holders | Identification Badges
keytags = Key Tags & Chains
`;

/** Attribute concepts: `name ~ regular expression` over the title and kind (case-insensitive), `;`- or line-separated. */
const WORDS = String.raw`
black ~ \bblack\b; colour ~ \b(colou?r|tri-?colou?r|cyan|magenta|yellow)\b; blue ~ \bblue\b; red ~ \bred\b; yellow ~ \byellow\b
highyield ~ high[- ]?yield|\bxl\b|high[- ]capacity; compatible ~ compatible|remanufactured|replacement|generic
wireless ~ wireless|wi-?fi|bluetooth; laser ~ \blaser; photo ~ \bphoto; allinone ~ all-?in-?one|multifunction|copier|\bmfc
duplex ~ duplex; answering ~ answering; handsets ~ \b([2-6]|two|three|four|five|six)[- ]handsets?\b|with [2-6] handsets
gel ~ \bgel\b; retractable ~ retractable; electric ~ electric|battery|automatic; crosscut ~ (cross|micro|diamond)[- ]?cut|confetti
heavy ~ heavy[- ]?duty; mesh ~ \bmesh\b; leather ~ leather; ergonomic ~ ergonomic; dring ~ \bd-?ring; view ~ \bview\b
glossy ~ gloss; magnetic ~ magnetic; cork ~ \bcork; wrist ~ wrist; arm ~ \barms?\b(?! &)|mount; manila ~ manila; security ~ security|tint
bubble ~ bubble|padded; spiral ~ spiral|wire-?bound|wirebound|twin ?wire; composition ~ composition; legal ~ \blegal
financial ~ financial; ti84 ~ ti-?84; portable ~ portable|mobile; slide ~ slide|negative|film; desk ~ \bdesk; paperclip ~ paper clip
superglue ~ super ?glue|instant; doublesided ~ double[- ]sided; keyboard ~ keyboard; binderword ~ \bbinder
sciword ~ scientific; graphing ~ graphing; printing ~ printing
`;

/** Brand concepts: `name ~ regular expression` over the title and the brand (a "for HP" cartridge names HP: it fits the shopper's HP). */
const BRANDS = String.raw`
hp ~ \bhp\b|hewlett; canon ~ \bcanon\b; epson ~ \bepson\b; brother ~ \bbrother\b; samsung ~ samsung; dymo ~ \bdymo\b
fellowes ~ fellowes; swingline ~ swingline; postit ~ post-?it|\b3m\b; sharpie ~ sharpie; expo ~ \bexpo\b; avery ~ \bavery\b
papermate ~ paper ?mate; bic ~ \bbic\b; pilot ~ \bpilot\b; panasonic ~ panasonic; vtech ~ v-?tech; casio ~ casio
ti ~ texas instruments|\bti-?\d; bankersbox ~ bankers box; scotch ~ scotch
`;

/** The Office natural queries: `query = kind + attributes`. */
const QUERIES = `
printer ink = ink; ink cartridges = ink; hp ink = ink + hp; canon ink = ink + canon; epson ink = ink + epson; brother ink = ink + brother
black ink cartridge = ink + black; color ink cartridge = ink + colour; high yield ink = ink + highyield; compatible ink cartridges = ink + compatible
toner = toner; toner cartridge = toner; black toner for brother printer = toner + black + brother; hp toner = toner + hp
samsung toner = toner + samsung; high yield toner = toner + highyield; cheap compatible toner = toner + compatible
printer = printer; laser printer = printer + laser; wireless printer = printer + wireless; all in one printer = printer + allinone
photo printer = printer + photo; color laser printer = printer + laser + colour; brother laser printer = printer + laser + brother
hp printer = printer + hp; epson printer = printer + epson; duplex printer = printer + duplex
label maker = labelmaker; brother label maker = labelmaker + brother; dymo label maker = labelmaker + dymo; labels = labels
shipping labels = shippinglabels; address labels = addresslabels; avery labels = labels + avery; file folder labels = filefolderlabels
sticky notes = stickynotes; post it notes = stickynotes + postit; sticky note dispenser = notedispenser; page flags = flags
paper shredder = shredder; cross cut shredder = shredder + crosscut; fellowes shredder = shredder + fellowes
cordless phone = cordless; cordless phone with answering machine = cordless + answering; panasonic cordless phone = cordless + panasonic
vtech phone = phone + vtech; corded phone = corded; landline phone = phone; phone with multiple handsets = cordless + handsets
ballpoint pens = ballpoint; gel pens = pens + gel; fountain pen = fountainpen; pens = pens; blue pens = pens + blue; red pens = pens + red
retractable pens = pens + retractable; pilot pens = pens + pilot; bic pens = pens + bic; paper mate pens = pens + papermate
pen refills = penrefills; permanent markers = permanentmarker; sharpie markers = markers + sharpie; dry erase markers = dryerase
expo markers = dryerase + expo; highlighters = highlighters; yellow highlighters = highlighters + yellow
whiteboard = whiteboard; magnetic whiteboard = whiteboard + magnetic; cork board = bulletinboard + cork; bulletin board = bulletinboard
pencils = pencils; mechanical pencil = mechpencil; colored pencils = coloredpencils; pencil lead refills = leads
pencil sharpener = sharpener; electric pencil sharpener = sharpener + electric; eraser = eraser
stapler = stapler; heavy duty stapler = stapler + heavy; electric stapler = stapler + electric; swingline stapler = stapler + swingline
staples = staples; staple remover = stapleremover; laminator = laminator; laminating pouches = pouches; binding machine = binding
paper cutter = trimmer; tape = tape; packing tape = packingtape; scotch tape = transparenttape + scotch; double sided tape = tape + doublesided
tape dispenser = tapedispenser; mouse pad = mousepad; gel mouse pad = mousepad + gel; mouse pad with wrist rest = mousepad + wrist
wrist rest = wristrest; keyboard wrist rest = wristrest + keyboard; monitor stand = monitorstand; monitor arm = monitorstand + arm
laptop stand = laptopstand; keyboard tray = keyboardtray; footrest = footrest; office chair = chair; mesh office chair = chair + mesh
leather executive chair = chair + leather; ergonomic chair = chair + ergonomic; chair mat = chairmat; step stool = stool
binder = binder; d ring binder = binder + dring; view binder = binder + view; binder dividers = dividers; sheet protectors = sheetprotectors
file folders = folders; hanging file folders = hangingfolders; manila folders = folders + manila; expanding file folder = expandingfile
storage boxes = storagebox; bankers box = storagebox + bankersbox; envelopes = envelopes; security envelopes = envelopes + security
bubble mailers = mailers + bubble; bubble wrap = bubblewrap; notebook = notebooks; spiral notebook = notebooks + spiral
composition notebook = notebooks + composition; legal pads = pads + legal; index cards = indexcards; photo paper = photopaper
glossy photo paper = photopaper + glossy; printer paper = printerpaper; copy paper = printerpaper; cardstock = cardstock
greeting cards = greetingcards; calculator = calculator; scientific calculator = calculator + sciword; graphing calculator = calculator + graphing
financial calculator = calculator + financial; ti 84 calculator = calculator + ti84; texas instruments calculator = calculator + ti
casio calculator = calculator + casio; printing calculator = calculator + printing; document scanner = docscanner; photo scanner = photoscanner
barcode scanner = barcode; portable scanner = scanner + portable; slide scanner = photoscanner + slide; fax machine = fax
presentation clicker = presenter; laser pointer = laserpointer + laser; wireless presenter = presenter + wireless; postal scale = scale
shipping scale = scale; planner = planner; desk calendar = calendar + desk; desk organizer = deskorganizer; letter tray = lettertray
pen holder = penholder; binder clips = clips + binderword; paper clips = clips + paperclip; push pins = pushpins; rubber bands = rubberbands
glue = glue; super glue = glue + superglue; correction tape = correctiontape; white out = correction; cash box = cashbox
lock box = lockbox; badge holder = badge; key tags = keytags
`;

/**
 * The catch-all leaf "Office Electronics" holds all-in-one printers, calculators and phones: its
 * items count for these kinds when their title names one.
 */
const OFFICE_ELECTRONICS: Readonly<Record<string, RegExp>> = {
  printer: /print|all-?in-?on?e|multifunction|officejet|\bmfc|imageclass|pixma|workforce/i,
  calculator: /calculator/i,
  phone: /phone/i,
};

const entries = (s: string, sep: RegExp) =>
  s
    .split(sep)
    .map((e) => e.trim())
    .filter(Boolean);

/** The Office concept table over `data`: kinds, title attributes and brands. */
export function officeConcepts(data: Dataset): Record<string, Concept> {
  const facts = officeFacts(data);
  const out: Record<string, Concept> = {};
  for (const line of entries(KINDS, /\n/)) {
    const [name, leaves] = line.split(' = ');
    const set = new Set(entries(leaves!, /\|/));
    const extra = OFFICE_ELECTRONICS[name!];
    const holds = (row: number) =>
      set.has(facts[row]!.kind ?? '') ||
      (extra !== undefined && facts[row]!.kind === 'Office Electronics' && extra.test(facts[row]!.title));
    const also = extra ? `, or kind Office Electronics with a title matching ${extra}` : '';
    out[name!] = concept(`kind ${[...set].join(' / ')}${also}`, facts.length, holds);
  }
  for (const [table, withBrand] of [
    [WORDS, false],
    [BRANDS, true],
  ] as const)
    for (const entry of entries(table, /[;\n]/)) {
      const [name, pattern] = entry.split(' ~ ');
      const re = new RegExp(pattern!, 'i');
      const text = (row: number) => `${facts[row]!.title} ${withBrand ? (facts[row]!.brand ?? '') : (facts[row]!.kind ?? '')}`;
      const describe = `${withBrand ? 'title or brand' : 'title or kind'} matches /${pattern}/i`;
      out[name!] = concept(describe, facts.length, (row) => re.test(text(row)));
    }
  return out;
}

/** The specs above, parsed. */
export const OFFICE_NATURAL: readonly NaturalSpec[] = parseNatural(QUERIES);

/** The natural Office queries judged over `data`. */
export function officeNaturalQueries(data: Dataset): JudgedQuery[] {
  const table = officeConcepts(data);
  return OFFICE_NATURAL.map((spec, i) => naturalQuery(data, table, spec, i));
}
