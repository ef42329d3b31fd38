// Reading the manifests to check: files, directories (recursively) and standard input, each
// parsed as multi-document YAML the way Kubernetes reads it (YAML 1.1, like go-yaml). Not part
// of the library's API.
import * as fs from 'fs';
import * as path from 'path';
import type * as Yaml from 'yaml';
import { ManifestDocument } from '../core/manifests';

/** Files a directory contributes. */
const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** Input that cannot be read or parsed (the command exits 2). */
export class UnreadableInput extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'UnreadableInput';
  }
}

/** The documents of every input: `-` is standard input; directories are walked in name order. */
export function readInputs(inputs: string[], stdin: () => string): ManifestDocument[] {
  const out: ManifestDocument[] = [];
  for (const input of inputs) {
    if (input === '-') {
      out.push(...parseManifests('-', '.', stdin()));
      continue;
    }
    for (const file of filesOf(input)) out.push(...parseManifests(file, path.dirname(file), read(file)));
  }
  return out;
}

function filesOf(input: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(input);
  } catch {
    throw new UnreadableInput(`${input}: no such file or directory`);
  }
  if (!stat.isDirectory()) return [input];
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (MANIFEST_FILE.test(entry.name)) files.push(p);
    }
  };
  walk(input);
  return files;
}

function read(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UnreadableInput(`${file}: ${(e as Error).message}`);
  }
}

let yaml: typeof Yaml | undefined;

/** The documents of one file (empty documents skipped; positions counted as written). */
export function parseManifests(file: string, folder: string, text: string): ManifestDocument[] {
  // loaded on first use: apps that never check manifests don't pay for the parser
  const { LineCounter, parseAllDocuments } = (yaml ??= require('yaml') as typeof Yaml);
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { version: '1.1', lineCounter: lines, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  const out: ManifestDocument[] = [];
  list.forEach((doc, i) => {
    const error = doc.errors[0];
    if (error) {
      const line = lines.linePos(error.pos[0]).line;
      throw new UnreadableInput(`${file}:${line}: not valid YAML: ${error.message.split('\n')[0]}`);
    }
    const json = doc.toJS({ maxAliasCount: 1000 });
    if (json === null || json === undefined) return;
    const start = doc.contents?.range?.[0] ?? 0;
    out.push({ source: { file, document: i + 1, folder, line: lines.linePos(start).line }, json });
  });
  return out;
}
