/**
 * The element's shadow styles. Theme with CSS custom properties on the host (or any ancestor):
 *   --inpage-rec-font, --inpage-rec-text, --inpage-rec-muted, --inpage-rec-accent,
 *   --inpage-rec-card-bg, --inpage-rec-border, --inpage-rec-radius, --inpage-rec-gap,
 *   --inpage-rec-min-card (minimum card width), --inpage-rec-image-height
 * or style parts from outside: ::part(container|heading|status|progress|list|item|link|image|
 * title|price|because|dismiss|empty|search|search-input|search-button|warming).
 */
export const STYLES = `
:host { display: block; font: var(--inpage-rec-font, 14px/1.4 system-ui, sans-serif); color: var(--inpage-rec-text, #1d2430); }
[hidden] { display: none !important; }
section { display: grid; gap: var(--inpage-rec-gap, 12px); }
h2 { margin: 0; font-size: 1.1em; }
form { display: flex; gap: 8px; }
input[type=search] { flex: 1; padding: 8px 10px; border: 1px solid var(--inpage-rec-border, #c9d1db); border-radius: var(--inpage-rec-radius, 8px); font: inherit; }
button { font: inherit; cursor: pointer; }
form button { padding: 8px 14px; border: 0; border-radius: var(--inpage-rec-radius, 8px); background: var(--inpage-rec-accent, #1f6feb); color: #fff; }
.status { color: var(--inpage-rec-muted, #5b6675); font-size: .9em; display: flex; gap: 8px; align-items: center; }
progress { flex: 1; max-width: 240px; accent-color: var(--inpage-rec-accent, #1f6feb); }
ul { list-style: none; margin: 0; padding: 0; display: grid; gap: var(--inpage-rec-gap, 12px); grid-template-columns: repeat(auto-fill, minmax(var(--inpage-rec-min-card, 160px), 1fr)); }
li { position: relative; background: var(--inpage-rec-card-bg, #fff); border: 1px solid var(--inpage-rec-border, #e3e8ef); border-radius: var(--inpage-rec-radius, 8px); overflow: hidden; display: flex; flex-direction: column; }
.card { display: flex; flex-direction: column; gap: 4px; padding: 0 0 10px; color: inherit; text-decoration: none; flex: 1; }
a.card:focus-visible, button:focus-visible, input:focus-visible { outline: 2px solid var(--inpage-rec-accent, #1f6feb); outline-offset: 2px; }
img { width: 100%; height: var(--inpage-rec-image-height, 120px); object-fit: cover; background: #f2f4f7; }
.title, .price, .because { padding: 0 10px; }
.title { font-weight: 600; }
.price { color: var(--inpage-rec-accent, #1f6feb); }
.because { color: var(--inpage-rec-muted, #5b6675); font-size: .85em; }
.dismiss { position: absolute; top: 6px; right: 6px; width: 28px; height: 28px; border-radius: 50%; border: 1px solid var(--inpage-rec-border, #c9d1db); background: rgba(255,255,255,.92); line-height: 1; }
.empty { color: var(--inpage-rec-muted, #5b6675); margin: 0; }
`;
