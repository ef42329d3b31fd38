// The library writes YAML itself (src/core/yaml.ts) for speed; every byte must be what cdk8s'
// Yaml.stringify() writes: for every document the default app and the examples render, and for
// random documents built from the characters and words that change how YAML reads a scalar.
import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { stringifyDocuments } from '../../src/core/yaml';
import { ROOT } from '../util/render';

function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? yamlFiles(p) : p.endsWith('.yaml') ? [p] : [];
  });
}

test('every committed document is written exactly as Yaml.stringify() writes it', () => {
  const files = [path.join(ROOT, 'dist'), ...fs.readdirSync(path.join(ROOT, 'examples')).map((e) => path.join(ROOT, 'examples', e, 'dist'))].flatMap(yamlFiles);
  expect(files.length).toBeGreaterThan(20);
  for (const file of files) {
    const docs = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'), { version: '1.1' }).map((d) => d.toJS());
    expect({ file, text: stringifyDocuments(docs) }).toEqual({ file, text: Yaml.stringify(...docs) });
  }
});

// strings that YAML reads differently, or quotes: indicators, separators, numbers, dates, words
const TRICKY = [
  '', ' ', 'a', 'A', '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', '<', '~', '.', '+', '0', '9',
  ' #', ': ', '- ', '? ', '\t', '\n', '\u0085', '\u2028', 'é', '日', '\u0007', '\\', '/', '=', '_', 'x', 'e', 'E',
  'yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'N', 'true', 'False', 'NULL', 'null', '~', '<<', '.inf', '.NaN', '0x1f', '0o17', '0b101', '017',
  '1_000', '1:20', '190:20:30', '1e3', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '---', '...', 'http://x', 'a:b', 'a: b', 'a #b', 'a#b',
];
const str = fc.array(fc.constantFrom(...TRICKY), { maxLength: 4 }).map((parts) => parts.join(''));
const leaf = fc.oneof(str, fc.boolean(), fc.integer(), fc.constantFrom(0.5, -1.25, 1e21, Number.MAX_SAFE_INTEGER + 2));
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 3 }),
  map: fc.dictionary(str, tie('value'), { maxKeys: 3 }),
})).value;

test('random documents: the same text as Yaml.stringify()', () => {
  fc.assert(fc.property(fc.array(fc.dictionary(str, value, { maxKeys: 4 }), { minLength: 1, maxLength: 3 }), (docs) => {
    expect(stringifyDocuments(docs)).toBe(Yaml.stringify(...docs));
  }), { numRuns: 3000 });
});
