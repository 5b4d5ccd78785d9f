/**
 * The published package is typed: `npm pack` the built package (no scripts), install the tarball
 * into a temp app (from the registry, no install scripts), and compile a strict TypeScript consumer
 * of `inpage-rec`, `inpage-rec/element` and `inpage-rec/react` with the project's tsc under both
 * `bundler` and `nodenext` resolution. A second consumer with deliberate mistakes must fail on
 * exactly its marked lines, so the check can fail. No browser: Node and npm only.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ROOT } from '../test/paths.ts';

const GOOD = `
import { createRecommender, ErrorCodes, InpageRecError, type RankOptions, type Recommendation, type Recommender } from 'inpage-rec';
import { type InpageRecElement, setDefaultRecommender } from 'inpage-rec/element';
import { Recommendations } from 'inpage-rec/react';

const recommender: Recommender = createRecommender({ catalog: '/catalog.json', dtype: 'q8', index: 'auto' });
const options: RankOptions = { k: 4, filter: { inStock: true, price: { lte: 50 } } };

export async function similarTitles(id: string): Promise<string[]> {
  const recs: Recommendation[] = await recommender.similar(id, options);
  return recs.map((r) => \`\${String(r.id)} \${r.score.toFixed(2)}\${r.because ? \` (because of \${r.because.id})\` : ''}\`);
}

export function isUnknownItem(err: unknown): boolean {
  return err instanceof InpageRecError && err.code === ErrorCodes.UNKNOWN_ITEM;
}

export const off: () => void = recommender.on('progress', ({ done, total }) => console.log(done / total));

setDefaultRecommender(recommender);
export const element: InpageRecElement | null = document.querySelector<InpageRecElement>('inpage-rec');

export const widget = (
  <Recommendations mode="similar" itemId="sku-42" k={4} recommender={recommender} renderItem={(r: Recommendation) => <b>{r.id}</b>} />
);
`;

/** Each line marked `// error` must fail to compile, and no other line. */
const BAD = `
import { createRecommender, ErrorCodes, type RankOptions } from 'inpage-rec';
import { setDefaultRecommender } from 'inpage-rec/element';
import { Recommendations } from 'inpage-rec/react';

const recommender = createRecommender({ catalog: '/catalog.json', dtype: 'fp64' }); // error: not a dtype
export const options: RankOptions = { k: '4' }; // error: k is a number
export const code: string = ErrorCodes.NOT_A_CODE; // error: no such code
export const list: Promise<number[]> = recommender.search('tent'); // error: resolves to Recommendation[]
setDefaultRecommender({ catalog: '/catalog.json' }); // error: a recommender, not options
export const widget = <Recommendations mode="nearby" itemId="sku-42" />; // error: no such mode
`;

const RESOLUTIONS = { bundler: 'esnext', nodenext: 'nodenext' } as const;

let app = '';
let packed: string[] = [];

/** Version of a package installed in the project (the consumer gets the same React types). */
function installedVersion(name: string): string {
  return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Runs the project's tsc on one consumer file; returns its exit code and `file:line` of each error. */
function compile(file: string, resolution: keyof typeof RESOLUTIONS): { status: number | null; errors: string[]; output: string } {
  const config = join(app, `tsconfig.${file}.${resolution}.json`);
  const compilerOptions = {
    strict: true,
    noUncheckedIndexedAccess: true,
    noEmit: true,
    skipLibCheck: false,
    target: 'ES2022',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    module: RESOLUTIONS[resolution],
    moduleResolution: resolution,
    jsx: 'react-jsx',
    types: [],
  };
  writeFileSync(config, JSON.stringify({ compilerOptions, files: [file] }));
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', config, '--pretty', 'false'], { cwd: app, encoding: 'utf8' });
  const output = `${run.stdout}${run.stderr}`;
  const errors = [...output.matchAll(/^(\S+)\((\d+),\d+\): error TS\d+/gm)].map((m) => `${m[1]}:${m[2]}`);
  return { status: run.status, errors, output };
}

test.describe.configure({ mode: 'serial', timeout: 240_000 });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  for (const f of ['index.js', 'element.js', 'react.js', 'types/index.d.ts']) {
    expect(existsSync(join(ROOT, 'dist', f)), `dist/${f}: run \`npm run build\` first`).toBe(true);
  }
  app = mkdtempSync(join(tmpdir(), 'inpage-rec-consumer-'));
  const npm = (args: string[], cwd: string) =>
    execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', [...args, '--loglevel=error'], { cwd, encoding: 'utf8' });
  const [pack] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', app], ROOT)) as {
    filename: string;
    files: { path: string }[];
  }[];
  packed = pack!.files.map((f) => f.path);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  npm(
    [
      'install',
      join(app, pack!.filename),
      `react@${installedVersion('react')}`,
      `@types/react@${installedVersion('@types/react')}`,
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
    ],
    app,
  );
  writeFileSync(join(app, 'good.tsx'), GOOD);
  writeFileSync(join(app, 'bad.tsx'), BAD);
});

test.afterAll(() => {
  if (app) rmSync(app, { recursive: true, force: true });
});

test('the tarball holds the declarations, and installing it pulls no encoder runtime', () => {
  for (const f of ['dist/types/index.d.ts', 'dist/types/element.d.ts', 'dist/types/react/index.d.ts', 'dist/index.js', 'package.json']) {
    expect(packed).toContain(f);
  }
  expect(packed.filter((f) => !f.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(f))).toEqual([]);
  // dist/ bundles transformers.js, comlink and idb: a consumer installs none of them.
  for (const name of ['@huggingface/transformers', 'onnxruntime-node', 'onnxruntime-web', 'comlink', 'idb']) {
    expect(existsSync(join(app, 'node_modules', name)), `${name} installed`).toBe(false);
  }
  expect(existsSync(join(app, 'node_modules', 'inpage-rec', 'dist', 'types', 'index.d.ts'))).toBe(true);
});

for (const resolution of Object.keys(RESOLUTIONS) as (keyof typeof RESOLUTIONS)[]) {
  test(`a strict consumer of all three entries type-checks (${resolution})`, () => {
    const run = compile('good.tsx', resolution);
    expect(run.output).toBe('');
    expect(run.status).toBe(0);
  });

  test(`type errors in a consumer are caught on the marked lines (${resolution})`, () => {
    const marked = BAD.split('\n').flatMap((line, i) => (line.includes('// error') ? [`bad.tsx:${i + 1}`] : []));
    expect(marked.length).toBe(6);
    const run = compile('bad.tsx', resolution);
    expect(run.status).not.toBe(0);
    expect([...new Set(run.errors)], run.output).toEqual(marked);
  });
}
