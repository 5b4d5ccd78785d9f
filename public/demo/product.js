// The product page: renders the product named by ?id= (text only) and points the similar-items
// and "frequently bought together" widgets at it. "Recommended for you" on this page leaves out what "Similar items" shows (both
// widgets share the page's recommender). A file rather than an inline script (strict CSP).
const id = new URLSearchParams(location.search).get('id');
// The item is set before the widgets start (a server-rendered page would have it in the HTML), so
// "Recommended for you", which leaves out what "Similar items" shows, waits for that list once
// instead of rendering twice. Hence the library is imported after this line, not hoisted above it.
if (id) for (const list of document.querySelectorAll('#similar, #complements')) list.setAttribute('item-id', id);
const { catalogItems, safeUrl } = await import('/demo/demo.js');
const items = await catalogItems();
const item = items.find((x) => x.id === id);
const article = document.querySelector('#product');
if (!item) {
  article.replaceChildren(Object.assign(document.createElement('h1'), { textContent: `No product with id ${id}.` }));
} else {
  document.title = `${item.title}: Northwind Outfitters`;
  const body = document.createElement('div');
  const rows = [
    ['h1', item.title],
    ['p', `${item.brand} · ${item.category}`],
    ['p', `$${item.price.toFixed(2)}`, 'price'],
    ['p', item.description],
  ];
  for (const [tag, text, cls] of rows) {
    const el = document.createElement(tag);
    el.textContent = text;
    if (cls) el.className = cls;
    body.append(el);
  }
  const parts = [body];
  const src = safeUrl(item.image);
  if (src) {
    const img = document.createElement('img');
    img.src = src;
    img.alt = '';
    parts.unshift(img);
  }
  article.replaceChildren(...parts);
}
