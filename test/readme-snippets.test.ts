/** The README shows exactly the snippets the bundled-app tests paste into real apps. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SNIPPETS, withoutVectors } from '../e2e/readme-snippets.ts';
import { ROOT } from './paths.ts';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README snippets', () => {
  it.each(['element', 'markup', 'reactImport', 'react'] as const)('shows the %s snippet verbatim', (name) => {
    expect(readme).toContain(SNIPPETS[name]);
  });

  it.each(['assets', 'vectors'] as const)('shows the %s command verbatim', (name) => {
    expect(readme).toContain(`npx ${SNIPPETS[name].join(' ')}`);
  });

  it('the React snippet leads with prebuilt vectors; without them it is the model path', () => {
    expect(readme.indexOf(`npx ${SNIPPETS.vectors.join(' ')}`)).toBeLessThan(readme.indexOf(SNIPPETS.react));
    expect(withoutVectors(SNIPPETS.react)).not.toContain('vectors=');
    expect(withoutVectors(SNIPPETS.react)).toContain('catalog="/catalog.json"\n  options=');
  });
});
