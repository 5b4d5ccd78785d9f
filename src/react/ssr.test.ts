/** The React component is safe to render on a server: a placeholder, no browser APIs touched. */
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Recommendations } from './index.ts';

describe('Recommendations on a server', () => {
  it('renders a labelled, busy placeholder with placeholder cards, without touching window or workers', () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    const html = renderToString(
      createElement(Recommendations, { mode: 'similar', itemId: 'sku-1', catalog: '/catalog.json', heading: 'More like this', k: 4 }),
    );
    expect(html).toContain('data-inpage-rec="placeholder"');
    expect(html).toContain('aria-busy="true"');
    expect(html).toContain('More like this');
    expect(html.match(/class="inpage-rec-skeleton"/g)).toHaveLength(4);
    expect(html).toContain('role="status"');
    expect(html).toContain('Loading recommendations…');
    expect(html).not.toContain('inpage-rec-item');
  });

  it('renders translated strings', () => {
    const html = renderToString(
      createElement(Recommendations, {
        mode: 'for-you',
        catalog: '/c.json',
        locale: 'de',
        translations: { 'heading.for-you': 'Für dich', 'status.loading': 'Lädt…' },
      }),
    );
    expect(html).toContain('Für dich');
    expect(html).toContain('Lädt…');
  });
});
