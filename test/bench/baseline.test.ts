// Keeps the benchmark honest: the baseline (bare cdk8s ApiObjects) must write exactly the objects
// the library writes for the same fleet, so `npm run bench` compares like with like. Small fleets
// only: timing asserts do not belong in the test suite (the bench is the gate).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { buildFleet as baselineFleet, writeCharts } from '../../bench/baseline';
import { fleet } from '../../bench/fleet';
import { prepareFleet, writeFleet } from '../../bench/floor';
import { buildFleet as libraryFleet } from '../../bench/library';
import { median, splitDocuments } from '../../bench/measure';
import { Synthesis } from '../../src';
import { readTree } from '../util/render';
import { validateManifests } from '../util/schema';

/** What a mode writes for `sites` sites: relative file name → text. */
function render(write: (outdir: string, sites: number) => void, sites: number): Map<string, string> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-test-'));
  try {
    write(outdir, sites);
    return readTree(outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const MODES = {
  library: (outdir: string, sites: number) => Synthesis.synth(libraryFleet(outdir, sites)),
  baseline: (outdir: string, sites: number) => writeCharts(baselineFleet(outdir, sites)),
  floor: (outdir: string, sites: number) => writeFleet(outdir, prepareFleet(sites)),
};

/** `kind ns/name` of every document of a file, for readable failures. */
function ids(text: string): string[] {
  return splitDocuments(text).map((d) => {
    const o = YAML.parse(d);
    return `${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
  });
}

describe.each([1, 12, 60])('a fleet of %i sites', (sites) => {
  const library = render(MODES.library, sites);
  const baseline = render(MODES.baseline, sites);

  test('the baseline and the floor write the same files, byte for byte (the floor is checked fully below)', () => {
    expect([...baseline.keys()]).toEqual([...library.keys()]);
    expect(render(MODES.floor, sites)).toEqual(baseline);
  });

  test('the library writes the same bytes through app.synth() as through its pipeline', () => {
    expect(render((outdir, n) => libraryFleet(outdir, n).synth(), sites)).toEqual(library);
  });

  test('the baseline writes the same objects, in the same order, byte for byte', () => {
    for (const [file, text] of library) {
      const other = baseline.get(file) ?? '';
      // object list first (readable), then each object parsed (a readable diff), then the bytes
      expect({ file, objects: ids(other) }).toEqual({ file, objects: ids(text) });
      const a = splitDocuments(text).map((d) => YAML.parse(d));
      const b = splitDocuments(other).map((d) => YAML.parse(d));
      a.forEach((doc, i) => expect(b[i]).toEqual(doc));
      expect(other === text).toBe(true);
    }
  });

  test('the output is schema-valid', () => {
    const docs = [...library.values()].flatMap((t) => splitDocuments(t).map((d) => YAML.parse(d)));
    expect(docs.length).toBeGreaterThan(0);
    expect(validateManifests(docs)).toEqual([]);
  });
});

test('the fleet has the advertised shape', () => {
  const sites = fleet(100);
  expect(sites).toHaveLength(100);
  expect(new Set(sites.map((s) => s.hosts[0])).size).toBe(100);
});

test('median', () => {
  expect(median([3, 1, 2])).toBe(2);
  expect(median([4, 1, 3, 2])).toBe(2.5);
  expect(median([])).toBeNaN();
});

test('splitDocuments', () => {
  expect(splitDocuments('a: 1\n---\nb: 2\n')).toEqual(['a: 1', 'b: 2']);
  expect(splitDocuments('')).toEqual([]);
});
