/**
 * Invented order logs for the demo shop (no outside data): what a shop exports for
 * `inpage-rec build --interactions`. Each order buys 2-4 items of one department from different
 * subcategories (a tent with a sleeping bag and a stove), favouring a few "bundle" partners per
 * item so that "frequently bought together" has something to find. Deterministic (one seeded PRNG).
 *
 * tools/build.ts writes them to .cache/demo-orders.csv and passes them to the demo's build.
 */
import { Prng } from '../../src/vector-index/prng.ts';

/**
 * Orders written: ~450 per item. The build publishes the signals under differential privacy
 * (epsilon 1 per order), so a pair shows only from about 100 orders up (src/signals/private.ts): a
 * shop of 659 products with 300,000 orders is what "frequently bought together" needs.
 */
const ORDERS = 300_000;

interface Item {
  id: string;
  category: string;
}

/** The CSV text of the invented orders for `items`. */
export function demoOrders(items: readonly Item[], orders = ORDERS, seed = 42): string {
  const rng = new Prng(seed);
  const byDepartment = new Map<string, Map<string, string[]>>();
  for (const item of items) {
    const [department = '', sub = ''] = item.category.split(' > ');
    const subs = byDepartment.get(department) ?? new Map<string, string[]>();
    byDepartment.set(department, subs);
    subs.set(sub, [...(subs.get(sub) ?? []), item.id]);
  }
  const departments = [...byDepartment.values()].filter((subs) => subs.size >= 2);
  // Each item's usual partner in every other subcategory of its department: bundles repeat.
  const partner = (id: string, ids: string[]) => ids[(id.length * 7 + Number(id.replace(/\D/g, ''))) % ids.length]!;
  const lines = ['session_or_order_id,item_id,ts,event'];
  for (let o = 0; o < orders; o++) {
    const subs = departments[rng.int(departments.length)]!;
    const names = [...subs.keys()];
    const first = names[rng.int(names.length)]!;
    const anchor = subs.get(first)![rng.int(subs.get(first)!.length)]!;
    const basket = [anchor];
    const others = names.filter((n) => n !== first);
    const size = 1 + rng.int(Math.min(3, others.length));
    for (let i = 0; i < size; i++) {
      const ids = subs.get(others.splice(rng.int(others.length), 1)[0]!)!;
      // Three times in four the usual partner, else any item of that subcategory.
      basket.push(rng.next() < 0.75 ? partner(anchor, ids) : ids[rng.int(ids.length)]!);
    }
    basket.forEach((id, position) => {
      lines.push(`order-${o + 1},${id},${o * 10 + position},purchase`);
    });
  }
  return `${lines.join('\n')}\n`;
}
