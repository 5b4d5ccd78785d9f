// The home page: a varied first page of the shop grid (every 11th product, so many departments
// show up). A file rather than an inline script, so the page runs under a strict CSP.
import { catalogItems, renderGrid } from '/demo/demo.js';

const items = await catalogItems();
renderGrid(document.querySelector('#shop-grid'), items.filter((_, i) => i % 11 === 0).slice(0, 30));
