/**
 * Product kinds of the Office catalog (amazon-office-2014), from its structured text: each item's
 * `text` is its title, then its Amazon leaf category, then its brand. The brand is the longest
 * word suffix shared by every text of the item's `brand_id` group (as eval/search-queries.ts
 * recovers it); the leaf category (the item's kind) is the longest entry of `OFFICE_LEAVES` ending
 * where the text ends or up to 5 words before it (the brand's words), ties to the one nearest the
 * end: "... Desktop Staplers Paper Pro" is a stapler, not "Paper".
 *
 * `OFFICE_LEAVES` was made from the data: the word suffixes of the texts (brand stripped) with
 * support >= 3 items, in Title Case, kept when they read as a category name (checked by eye:
 * "Inkjet Printer Ink", "Self-Stick Notes"; not "Cartridge Inkjet Printer Ink" or "Handsets
 * Cordless Telephones", whose first word belongs to the title), then the leaves of the items left
 * without one. Every 40th item (61) was checked by eye: 60 get their leaf (the other's brand had
 * 5 words; the limit is 5 since); the catalog's own leaf is wrong for 2 of them (a tri-color ink
 * cartridge filed under "Laser Printer Toner"), and judgments inherit such labels.
 */
import type { Dataset } from '../dataset.ts';

const LEAVES = `
Inkjet Printer Ink; Laser Printer Toner; Laser Printers; Inkjet Printers; Photo Printers; Office Electronics; Desktop Label Printers
Label Makers; Fax Machines; Copiers; Printer Accessories; Photo Paper; Inkjet Printer Paper; Copy & Multipurpose Paper; Card Stock
Index Cards; Greeting Cards; Printer Labels: Laser & Inkjet; Address Labels; All-Purpose Labels; Shipping Labels; Removable Labels
File Folder Labels; Labels & Stickers; Business Cards; Rollerball Pens; Ballpoint Pens; Fountain Pens; Porous-Point Pens
Pens & Refills; Pen Refills; Glue Sticks & Pens; Permanent Markers; Markers & Highlighters; Highlighters; Mechanical Pencils
Wooden Lead Pencils; Wooden Colored Pencils; Mechanical Pencil Leads; Standard Pencil Erasers; Cube Erasers; Pencil Sharpeners
Correction Tape; Correction Fluid; Ink; Cordless Telephones; Corded Telephones; Answering Devices; VoIP; Presentation Remotes
Laser Pointers; Foreign Language Translators; Basic; Scientific; Graphing; Financial & Business; Document Scanners
Flatbed & Photo Scanners; Slide & Negative Scanners; Bar Code Scanners; Desktop Staplers; Heavy-Duty Staplers; Staples; Staple Removers
Shredders; Laminators; Laminating Supplies; Binding Machines; Binding Covers & Paper; Rotary Trimmers; Paper Trimmers; Letter Openers
Rulers & Tape Measures; Postal Scales; Clips; Pins & Tacks; Self-Stick Notes; Self-Stick Note Pad Holders; Tape Flags; Transparent Tape
Packing Tape; Mounting Tape; Office Tape Dispensers; Packaging Tape Dispensers; Pencil Holders; Desk Supplies Holders & Dispensers
Letter Trays & Stacking Supports; Drawer Organizers; Literature Organizers; Modular Storage Systems; Business Card Holders
Desk Accessories & Workspace Organizers; Book Stands; Copyholders; Printer Stands; Desk Calendars; Calendars
Appointment Books & Planners; Mouse Pads; Wrist Rests; Monitor Arms & Stands; Notebook Computer Stands; Keyboard Drawers & Platforms
Footrests; Back & Seat Cushions; Stools; Desk Chairs; Task Chairs; Managerial & Executive Chairs; Chair Mats; Utility Carts
Computer Carts & Machine Stands; Lap Desks; Tables; Computer Tables; Office Desks; Storage Cabinets; Shelving & Storage
Round Ring Binders; D-Ring Binders; View Binders; Binder Index Dividers; Binder Pockets; Sheet Protectors, Card & Photo Sleeves
Expanding File Jackets & Pockets; Hanging Folders & Interior Folders; Project Folders; Classification Folders; Manila; Colored
Expanding Wallets; Storage File Boxes; Record Storage Boxes; Security Lock Boxes; Key Tags & Chains; Clipboards; Index Tabs
File Sorters; Travel Portfolios; Dry Erase Boards; Easel-Style Dry Erase Boards; Bulletin Boards; Combination Boards
Wirebound Notebooks; Composition Notebooks; Letter & Legal Ruled Pads; Memo & Scratch Pads; Filler Paper; Personal Organizers
Envelope Mailers; Box Mailers; Bubble Wrap; Mail Bags; Catalog Envelopes; Business Envelopes; Greeting Card Envelopes
Teaching Materials; Geometry Sets; School Supply Storage Boxes; Adhesives; Store Signs; Printers; Scanners; Erasable Markers
Paper Roll Cutters; Packing Materials; Sheet & Hole Reinforcements; Wirebound Record Books; Expansion & Jumbo Envelopes; Badge Holders
Casters; Chalkboards; Waste Bins; Fax Adapters; Rubber Cement; Steno Notebooks; Media Organizers; Electric Erasers; Note Cards
Doorstops; Rubber Bands; Subject Notebooks; Pen Erasers; Top Tab Jackets & Pockets; Awards & Incentives Supplies; Printing; Phones
Routers; Bookends; Stationery; Tape Flag Dispensers; Desk Pads & Blotters; Stacking Chairs; Compasses; Mailers; Overhead Projectors
Executive Notebooks; Students Scissors; Multifunction Writing Instruments; Printer Transfer Rollers; Safety & First Aid Supplies
Printer Memory Modules; Scales; Key Tags; Expanding Files; Staple Guns; Memo Holders; Magnetic; Hanging Wall Files; Supply Organizers
Portfolio & Case Ring Binders; Other Office Equipment; Index Card Filing; Internet Postage Labels; Stretch Film; Cushioning Materials
Binders; Laser Printer Paper; Liquid White Glues; Adhesive Putty; Clasp Envelopes; Envelopes; Image Transfer Sheets
Corded-Cordless Combo Telephones; Adapters; Mail Sorters; Stamps; Cash Boxes; Electric & Battery Operated Staplers; Correction Pens
Pen-Style Erasers; Audio Conferencing; Printer Trays; Label Applicators; Impact & Dot Matrix Printer Ribbons; Finger Moisteners
Envelope & Stamp Moisteners; Office & School Supplies; Mechanical Pencil Eraser Refills; Write-On Tape; Rings; Clock Radios Time Clocks
Coin Roll Wrappers; English Dictionaries; Machine Rolls; Finger Pads; Call Bells; Account Books; Portable Scanner Accessories
Tab Inserts; Money & Rent Receipts; Filing Envelopes; File Folder Frames; Filing Products; Notebooks & Writing Pads; Graph & Data Pads
Identification Badges; Binder Pouches; Counterfeit Bill Detectors; Carbon Copy Paper; Curriculum Sets; Drafting Tape
Early Childhood Education Materials; Tag Fasteners & Bag Seals; Coin Changers; Report Covers; Office Storage Supplies
Index & Business Card Files; File Jackets & File Pockets; Check Registers
`;

/** The leaf categories of the Office catalog (as the texts spell them), `;`- or line-separated above. */
export const OFFICE_LEAVES: readonly string[] = LEAVES.split(/[;\n]/)
  .map((l) => l.trim())
  .filter(Boolean);

/** An Office item's kind (leaf category) and brand. */
export interface OfficeFacts {
  kind: string | undefined;
  brand: string | undefined;
  /** The text before the leaf category: the title. */
  title: string;
}

/** Brand text by row: the longest word suffix (up to 4 words) shared by every text of a `brand_id` group of 2+ items. */
export function officeBrands(data: Dataset): Map<number, string> {
  const groups = new Map<string, number[]>();
  for (const item of data.items) {
    const b = item.raw.brand_id;
    if (typeof b === 'number' || typeof b === 'string') groups.set(String(b), [...(groups.get(String(b)) ?? []), item.row]);
  }
  const out = new Map<number, string>();
  for (const rows of groups.values()) {
    if (rows.length < 2) continue;
    const lists = rows.map((r) => String(data.items[r]!.raw.text ?? '').split(' '));
    let n = 0;
    while (n < 4 && lists.every((l) => l.length > n + 3 && l[l.length - 1 - n] === lists[0]![lists[0]!.length - 1 - n])) n++;
    if (n) for (const r of rows) out.set(r, lists[0]!.slice(-n).join(' '));
  }
  return out;
}

const LEAVES_BY_LENGTH = [...OFFICE_LEAVES].map((l) => l.split(' ')).sort((a, b) => b.length - a.length);

/** The kind, brand and title of every Office item, by row. */
export function officeFacts(data: Dataset): OfficeFacts[] {
  const brands = officeBrands(data);
  return data.items.map((item) => {
    const text = String(item.raw.text ?? '');
    const brand = brands.get(item.row);
    const words = text.split(' ');
    let best: { leaf: string[]; end: number } | undefined;
    for (let skip = 0; skip <= 5; skip++) {
      const end = words.length - skip;
      const leaf = LEAVES_BY_LENGTH.find((l) => l.length <= end && l.every((w, i) => words[end - l.length + i] === w));
      if (leaf && leaf.length > (best?.leaf.length ?? 0)) best = { leaf, end };
    }
    if (best) {
      const { leaf, end } = best;
      return {
        kind: leaf.join(' '),
        brand: brand ?? (end < words.length ? words.slice(end).join(' ') : undefined),
        title: words.slice(0, end - leaf.length).join(' '),
      };
    }
    return { kind: undefined, brand, title: words.join(' ') };
  });
}
