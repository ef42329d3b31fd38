// The layering of src/ (ARCHITECTURE.md), checked by `npm run lint` in CI: no import cycles, no
// import from another family's private/, no import from a higher layer.
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import tseslint from 'typescript-eslint';

/** Layers from the bottom up; a folder may import its own layer's shared code and lower layers only. */
const LAYERS = [
  ['private', 'validation'], // the foundation: helpers, and the error every check throws
  ['core'],
  ['cert-manager'],
  ['istio', 'gateway-api', 'trust', 'monitoring'],
  ['gitops'],
  ['patterns'],
  ['cli'], // the `check` command: reads files, loads every family
];
const FAMILIES = LAYERS.flat();

/** Import patterns (as written from files one or two folders below src/) reaching `folder`. */
const reaching = (folder) => [`../${folder}`, `../${folder}/**`, `../../${folder}`, `../../${folder}/**`];

const layerRules = LAYERS.flatMap((layer, i) => layer.map((folder) => {
  const higher = LAYERS.slice(i + 1).flat();
  // families of the same layer do not import each other (they share through a lower layer);
  // the foundation's two folders are one layer (checked for cycles like everything else)
  const siblings = i === 0 ? [] : layer.filter((f) => f !== folder);
  const otherPrivates = FAMILIES.filter((f) => f !== folder && f !== 'private').flatMap((f) => [`../${f}/private/**`, `../../${f}/private/**`]);
  return {
    files: [`src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          ...(higher.length + siblings.length ? [{ group: [...higher, ...siblings].flatMap(reaching), message: 'imports go down the layers (ARCHITECTURE.md): declare an interface in the lower module and implement it in the higher one' }] : []),
          { group: otherPrivates, message: "another family's private/ is not part of its API: use what the family exports, or move the helper to src/private/" },
        ],
      }],
    },
  };
}));

export default [
  { ignores: ['lib/**', 'dist/**', 'examples/**', 'imports/**', 'test/**', 'bench/**', 'scripts/**', 'node_modules/**', '*.js', '*.mjs'] },
  {
    files: ['src/**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module' } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.dev.json' })] },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  ...layerRules,
];
