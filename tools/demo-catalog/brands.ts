/**
 * Invented brands of the Northwind Outfitters demo shop and the departments each one sells in.
 * Any resemblance to real brands is accidental.
 */
export const BRANDS: Record<string, string[]> = {
  'Northwind Outfitters': ['Footwear', 'Tents & Shelter', 'Sleeping', 'Packs', 'Cooking', 'Kitchen', 'Garden', 'Kids & Toys'],
  'Ridgeback Gear': ['Footwear', 'Packs', 'Climbing'],
  'Cairn & Co.': ['Tents & Shelter', 'Sleeping', 'Packs'],
  'Timberline Supply': ['Tents & Shelter', 'Cooking', 'Lighting'],
  'Alder Peak': ['Footwear', 'Sleeping', 'Climbing'],
  Saltmarsh: ['Footwear', 'Packs', 'Cycling'],
  Fellwalker: ['Footwear', 'Packs', 'Tents & Shelter'],
  'Kestrel Works': ['Climbing', 'Cycling', 'Lighting'],
  'Granite Loop': ['Climbing'],
  'Lichen Labs': ['Cooking', 'Sleeping', 'Garden'],
  'Boreal Thread': ['Sleeping', 'Tents & Shelter', 'Kids & Toys'],
  'Summit Forge': ['Cooking', 'Climbing', 'Kitchen'],
  'Spoke & Sprocket': ['Cycling'],
  Velomarch: ['Cycling', 'Packs'],
  'Driftwood Home': ['Kitchen', 'Home Office', 'Lighting'],
  'Ember & Oak': ['Kitchen', 'Cooking', 'Home Office'],
  Copperleaf: ['Kitchen', 'Garden'],
  Quillfeather: ['Home Office'],
  'Harbor Lane': ['Home Office', 'Lighting', 'Kitchen'],
  'Larkspur Studio': ['Home Office', 'Lighting'],
  'Lumen Hollow': ['Lighting', 'Cycling'],
  'Foxglove Garden': ['Garden'],
  'Pebble & Pine': ['Garden', 'Kids & Toys'],
  'Bramble Kids': ['Kids & Toys'],
  Wrenfield: ['Kids & Toys', 'Home Office', 'Garden'],
};

/** The brands that sell in `department`, in a fixed order. */
export function brandsFor(department: string): string[] {
  const out = Object.keys(BRANDS).filter((b) => (BRANDS[b] ?? []).includes(department));
  if (out.length === 0) throw new Error(`no brand sells in ${department}`);
  return out;
}
