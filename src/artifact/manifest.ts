/**
 * `manifest.json`: checking a parsed value field by field (every message names the file and the
 * field) and writing it with a fixed key order, so the same artifact always gives the same text.
 */
import { createError, describeValue, ErrorCodes, type InpageRecError } from '../errors.ts';
import { modelKey, projectedModel } from '../model-key.ts';
import {
  ARTIFACT_CODE,
  ARTIFACT_FORMAT,
  ARTIFACT_VERSION,
  type ArtifactCatalog,
  type ArtifactCatalogParts,
  type ArtifactCatalogPatch,
  type ArtifactCode,
  type ArtifactFile,
  type ArtifactManifest,
  type ArtifactModel,
  type ArtifactPatch,
  type ArtifactProjection,
  type ArtifactSection,
  type ArtifactStarter,
  type ArtifactTextRule,
  CATALOG_PART_FILE,
  codeBits,
  REQUIRED_SECTIONS,
  SECTION_NAME,
  STARTER_FILE,
} from './format.ts';
import { type Fail, hex64, int, type Json, list, obj, str } from './manifest-fields.ts';

// A bare file name: the binary must sit beside the manifest, never elsewhere on the origin.
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Error for an artifact file: `<file>: <what is wrong>`, code `ARTIFACT_INVALID`. */
export function artifactError(file: string, problem: string, cause?: unknown): InpageRecError {
  return createError(ErrorCodes.ARTIFACT_INVALID, `vectors artifact ${JSON.stringify(file)}: ${problem}`, cause);
}

/**
 * Checks that `value` (the parsed JSON of the manifest called `file`) is a version-1 manifest and
 * returns it typed. Throws `ARTIFACT_INVALID` naming the file and the first field at fault.
 */
export function parseArtifactManifest(value: unknown, file: string): ArtifactManifest {
  const fail: Fail = (problem) => {
    throw artifactError(file, problem);
  };
  const m = obj(value, 'the manifest', fail);
  checkFormat(m, fail);
  const generator = str(m.generator, 'generator', fail);
  const count = int(m.count, 'count', fail);
  const model = obj(m.model, 'model', fail);
  const identity = modelIdentity(model, fail);
  const textRule = obj(m.textRule, 'textRule', fail);
  const rule = obj(textRule.rule, 'textRule.rule', fail);
  if (typeof rule.flattenOthers !== 'boolean') fail('"textRule.rule.flattenOthers" must be true or false');
  // Optional (added after version 1 shipped): older manifests lack it and stay readable.
  const catalog = m.catalog === undefined ? undefined : catalogDigest(m.catalog, fail);
  const files = fileList(m.files, fail);
  const sections = sectionList(m.sections, files, fail);
  // Optional (added within version 2): readers before it ignore it and fetch the binary.
  const patches = m.patches === undefined ? undefined : patchList(m.patches, count, fail);
  const catalogPatches = m.catalogPatches === undefined ? undefined : catalogPatchList(m.catalogPatches, catalog, fail);
  const starter = m.starter === undefined ? undefined : starterOf(m.starter, fail);
  const catalogParts = m.catalogParts === undefined ? undefined : catalogPartsOf(m.catalogParts, count, fail);
  // The model's file and digest and the text rule's values are checked last, as they always
  // were, so a manifest with several faults is refused naming the same field as before.
  return {
    format: ARTIFACT_FORMAT,
    version: ARTIFACT_VERSION,
    generator,
    model: {
      ...identity,
      file: str(model.file, 'model.file', fail),
      sha256: hex64(model.sha256, 'model.sha256', fail),
      ...(identity.projection ? { projection: identity.projection } : {}),
    },
    textRule: { fingerprint: hex64(textRule.fingerprint, 'textRule.fingerprint', fail), rule: ruleValues(rule, fail) },
    ...(catalog ? { catalog } : {}),
    count,
    code: m.code as ArtifactCode,
    files,
    sections,
    ...(patches && patches.length > 0 ? { patches } : {}),
    ...(catalogPatches && catalogPatches.length > 0 ? { catalogPatches } : {}),
    ...(starter ? { starter } : {}),
    ...(catalogParts ? { catalogParts } : {}),
  };
}

/** The catalog patches: only beside `catalog`, each from a distinct other catalog, in a file of its own. */
function catalogPatchList(value: unknown, catalog: ArtifactCatalog | undefined, fail: Fail): ArtifactCatalogPatch[] {
  if (!catalog) fail('"catalogPatches" needs "catalog", the catalog they lead to');
  const patches = list(value, 'catalogPatches', fail).map((p, i): ArtifactCatalogPatch => {
    const o = obj(p, `catalogPatches[${i}]`, fail);
    const [file] = fileList([o.file], (problem) => fail(`catalogPatches[${i}]: ${problem.replace('files[0]', 'file')}`));
    if (!/^catalog-patch-.*\.json$/.test(file!.name)) {
      fail(`"catalogPatches[${i}].file.name" must be "catalog-patch-*.json", got ${describeValue(file!.name)}`);
    }
    const from = hex64(o.from, `catalogPatches[${i}].from`, fail);
    if (from === catalog!.sha256) fail(`"catalogPatches[${i}].from" is the catalog it leads to`);
    return { from, count: int(o.count, `catalogPatches[${i}].count`, fail), file: file! };
  });
  if (new Set(patches.map((p) => p.from)).size !== patches.length) fail('"catalogPatches" has two patches from the same catalog');
  return patches;
}

/** The patches: each from a distinct build, in a plain file name of its own, its required sections listed. */
function patchList(value: unknown, count: number, fail: Fail): ArtifactPatch[] {
  const patches = list(value, 'patches', fail).map((p, i): ArtifactPatch => {
    const o = obj(p, `patches[${i}]`, fail);
    const [file] = fileList([o.file], (problem) => fail(`patches[${i}]: ${problem.replace('files[0]', 'file')}`));
    if (!/^patch-/.test(file!.name)) fail(`"patches[${i}].file.name" must start with "patch-", got ${describeValue(file!.name)}`);
    const n = int(o.count, `patches[${i}].count`, fail);
    if (n > count) fail(`"patches[${i}].count" is ${n}, more than the artifact's ${count} items`);
    const withFile = list(o.sections, `patches[${i}].sections`, fail).map((s) => ({
      ...obj(s, `patches[${i}].sections`, fail),
      file: file!.name,
    }));
    const sections = sectionList(withFile, [file!], (problem) => fail(`patches[${i}]: ${problem}`));
    return { from: hex64(o.from, `patches[${i}].from`, fail), count: n, file: file!, sections };
  });
  if (new Set(patches.map((p) => p.from)).size !== patches.length) fail('"patches" has two patches from the same build');
  return patches;
}

/** The format, version and code fields: what says the rest can be read at all. */
function checkFormat(m: Json, fail: Fail): void {
  if (m.format !== ARTIFACT_FORMAT) fail(`"format" must be "${ARTIFACT_FORMAT}", got ${describeValue(m.format)}`);
  if (m.version !== ARTIFACT_VERSION) {
    fail(
      `format version ${describeValue(m.version)} is not supported (this reader knows version ${ARTIFACT_VERSION}): rebuild it with this version`,
    );
  }
  if (codeBits(m.code) === undefined)
    fail(`"code" must be "int<8 to 12>-item-scale", e.g. "${ARTIFACT_CODE}", got ${describeValue(m.code)}`);
}

/** The model's id, dtype, dims, key and projection, the key checked against the others. */
function modelIdentity(model: Json, fail: Fail): Pick<ArtifactModel, 'id' | 'dtype' | 'dims' | 'key' | 'projection'> {
  const dims = int(model.dims, 'model.dims', fail);
  if (dims < 1) fail(`"model.dims" must be at least 1, got ${dims}`);
  const dtype = model.dtype;
  if (dtype !== 'fp32' && dtype !== 'q8') fail(`"model.dtype" must be "fp32" or "q8", got ${describeValue(dtype)}`);
  const id = str(model.id, 'model.id', fail);
  const key = str(model.key, 'model.key', fail);
  // Optional (added within version 2): readers before it see another model's key and ignore the artifact.
  const projection = model.projection === undefined ? undefined : projectionOf(model.projection, dims, fail);
  if (key !== modelKey(projectedModel(id, projection?.file.sha256), dims, dtype as string))
    fail(`"model.key" ${describeValue(key)} does not match id, dims, dtype and projection`);
  return { id, dtype: dtype as ArtifactModel['dtype'], dims, key, ...(projection ? { projection } : {}) };
}

/** `model.projection`: the encoder's dims it reads (more than `dims`) and its `projection-*.bin` file. */
function projectionOf(value: unknown, dims: number, fail: Fail): ArtifactProjection {
  const o = obj(value, 'model.projection', fail);
  const inDims = int(o.inDims, 'model.projection.inDims', fail);
  if (inDims <= dims) fail(`"model.projection.inDims" must be more than "model.dims" (${dims}), got ${inDims}`);
  const [file] = fileList([o.file], (problem) => fail(`model.projection: ${problem.replace('files[0]', 'file')}`));
  if (!/^projection-.*\.bin$/.test(file!.name))
    fail(`"model.projection.file.name" must be "projection-*.bin", got ${describeValue(file!.name)}`);
  return { inDims, file: file! };
}

/** `starter` (optional): the basis its items were chosen on, how many, and its `starter-*.json` file. */
function starterOf(value: unknown, fail: Fail): ArtifactStarter {
  const o = obj(value, 'starter', fail);
  if (o.basis !== 'popular' && o.basis !== 'sample') fail(`"starter.basis" must be "popular" or "sample", got ${describeValue(o.basis)}`);
  const [file] = fileList([o.file], (problem) => fail(`starter: ${problem.replace('files[0]', 'file')}`));
  if (!STARTER_FILE.test(file!.name)) fail(`"starter.file.name" must be "starter-<16 hex>.json", got ${describeValue(file!.name)}`);
  return { basis: o.basis as ArtifactStarter['basis'], count: int(o.count, 'starter.count', fail), file: file! };
}

/** `catalogParts` (optional): records per file, and one `catalog-part-*.json` file per `rows` of the `count` items. */
function catalogPartsOf(value: unknown, count: number, fail: Fail): ArtifactCatalogParts {
  const o = obj(value, 'catalogParts', fail);
  const rows = int(o.rows, 'catalogParts.rows', fail);
  if (rows < 1) fail(`"catalogParts.rows" must be at least 1, got ${rows}`);
  const files = fileList(o.files, (problem) => fail(problem.replace('"files', '"catalogParts.files')));
  if (files.length !== Math.ceil(count / rows))
    fail(`"catalogParts.files" must list ${Math.ceil(count / rows)} files for ${count} items of ${rows} rows, got ${files.length}`);
  const bad = files.find((f) => !CATALOG_PART_FILE.test(f.name));
  if (bad) fail(`"catalogParts.files" names must be "catalog-part-<16 hex>.json", got ${describeValue(bad.name)}`);
  return { rows, files };
}

/** The resolved text rule's options (`flattenOthers` already checked). */
function ruleValues(rule: Json, fail: Fail): ArtifactTextRule['rule'] {
  const strings = (v: unknown, name: string): string[] =>
    Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : fail(`"${name}" must be a list of strings`);
  return {
    fields: strings(rule.fields, 'textRule.rule.fields'),
    flattenOthers: rule.flattenOthers as boolean,
    exclude: strings(rule.exclude, 'textRule.rule.exclude'),
    maxLength: int(rule.maxLength, 'textRule.rule.maxLength', fail),
  };
}

/** The optional digest of the catalog the artifact was built from. */
function catalogDigest(value: unknown, fail: Fail): ArtifactCatalog {
  const c = obj(value, 'catalog', fail);
  return { sha256: hex64(c.sha256, 'catalog.sha256', fail), bytes: int(c.bytes, 'catalog.bytes', fail) };
}

/** The files beside the manifest: plain names, each once. */
function fileList(value: unknown, fail: Fail): ArtifactFile[] {
  const files = list(value, 'files', fail).map((f, i): ArtifactFile => {
    const o = obj(f, `files[${i}]`, fail);
    const name = str(o.name, `files[${i}].name`, fail);
    if (!FILE_NAME.test(name)) fail(`"files[${i}].name" must be a plain file name, got ${describeValue(name)}`);
    return { name, bytes: int(o.bytes, `files[${i}].bytes`, fail), sha256: hex64(o.sha256, `files[${i}].sha256`, fail) };
  });
  if (new Set(files.map((f) => f.name)).size !== files.length) fail('"files" names a file twice');
  return files;
}

/** The sections, each once and in a listed file, the required ones all present. */
function sectionList(value: unknown, files: readonly ArtifactFile[], fail: Fail): ArtifactSection[] {
  const sections = list(value, 'sections', fail).map((s, i): ArtifactSection => {
    const o = obj(s, `sections[${i}]`, fail);
    const name = str(o.name, `sections[${i}].name`, fail);
    if (!SECTION_NAME.test(name)) fail(`"sections[${i}].name" ${describeValue(name)} is not a valid section name`);
    const inFile = str(o.file, `sections[${i}].file`, fail);
    if (!files.some((f) => f.name === inFile)) fail(`section "${name}" is in ${describeValue(inFile)}, which "files" does not list`);
    return {
      name,
      file: inFile,
      offset: int(o.offset, `sections[${i}].offset`, fail),
      bytes: int(o.bytes, `sections[${i}].bytes`, fail),
      sha256: hex64(o.sha256, `sections[${i}].sha256`, fail),
    };
  });
  if (new Set(sections.map((s) => s.name)).size !== sections.length) fail('"sections" names a section twice');
  for (const required of REQUIRED_SECTIONS) {
    if (!sections.some((s) => s.name === required)) fail(`the required section "${required}" is missing`);
  }
  return sections;
}

/** The manifest as written to disk: fixed key order, 2-space indent, final newline. */
export function serializeArtifactManifest(m: ArtifactManifest): string {
  // Rebuilt field by field so the key order is the spec's, whatever order the object was built in.
  const ordered = {
    format: m.format,
    version: m.version,
    generator: m.generator,
    model: {
      id: m.model.id,
      dtype: m.model.dtype,
      dims: m.model.dims,
      key: m.model.key,
      file: m.model.file,
      sha256: m.model.sha256,
      ...(m.model.projection ? { projection: { inDims: m.model.projection.inDims, file: fileJson(m.model.projection.file) } } : {}),
    },
    textRule: {
      fingerprint: m.textRule.fingerprint,
      rule: {
        fields: m.textRule.rule.fields,
        flattenOthers: m.textRule.rule.flattenOthers,
        exclude: m.textRule.rule.exclude,
        maxLength: m.textRule.rule.maxLength,
      },
    },
    ...(m.catalog ? { catalog: { sha256: m.catalog.sha256, bytes: m.catalog.bytes } } : {}),
    count: m.count,
    code: m.code,
    files: m.files.map(fileJson),
    sections: m.sections.map((s) => ({ name: s.name, file: s.file, offset: s.offset, bytes: s.bytes, sha256: s.sha256 })),
    ...(m.patches?.length
      ? {
          patches: m.patches.map((p) => ({
            from: p.from,
            count: p.count,
            file: fileJson(p.file),
            sections: p.sections.map((s) => ({ name: s.name, offset: s.offset, bytes: s.bytes, sha256: s.sha256 })),
          })),
        }
      : {}),
    ...(m.catalogPatches?.length
      ? { catalogPatches: m.catalogPatches.map((p) => ({ from: p.from, count: p.count, file: fileJson(p.file) })) }
      : {}),
    ...(m.starter ? { starter: { basis: m.starter.basis, count: m.starter.count, file: fileJson(m.starter.file) } } : {}),
    ...(m.catalogParts ? { catalogParts: { rows: m.catalogParts.rows, files: m.catalogParts.files.map(fileJson) } } : {}),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** A file entry (`files`, a patch's `file`) in the spec's key order. */
function fileJson(f: { name: string; bytes: number; sha256: string }): { name: string; bytes: number; sha256: string } {
  return { name: f.name, bytes: f.bytes, sha256: f.sha256 };
}
