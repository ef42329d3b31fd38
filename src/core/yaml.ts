// Writing manifests as YAML, byte for byte as cdk8s' `Yaml.stringify()` does (the `yaml`
// package, YAML 1.1, no line folding), for the shapes Kubernetes manifests have: block maps and
// sequences of maps, sequences and scalars. YAML is most of a synth's cost and `yaml` builds a
// node tree per document; this writes the text directly. What it does not handle exactly — a
// multi-line string, a non-integer number, null, a sequence of sequences, a key over 1024
// characters — makes it hand that document to `Yaml.stringify()`; a single-line string whose
// plain form would mean something else to a YAML 1.1 reader (`yes`, `0755`, `: x`, ...) is
// quoted by `Yaml.stringify()` itself. Tests compare every document the library renders, and
// random ones, with `Yaml.stringify()`. Not exported from the package.
import { Yaml } from 'cdk8s';

/** Thrown (and caught) when a document needs `Yaml.stringify()`. */
const UNSUPPORTED = Symbol('unsupported');

/**
 * What `yaml` writes plain (stringifyString.js `plainString`): printable ASCII here, no indicator
 * at the start, no `: ` or ` #`, no trailing space or colon, no document marker.
 */
const PLAIN = /^(?![-?:,[\]{}#&*!|>'"%@` ])[\x20-\x7e]+$/;
const NOT_PLAIN = /^[?-]$|^[?-] |: | #|[ :]$|^(---|\.\.\.)/;
/** The YAML 1.1 scalars `yaml` reads as another type (schema/yaml-1.1: bool, null, int, float, timestamp, merge). */
const YAML11_TYPED = [
  /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/, /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/, /^(?:~|[Nn]ull|NULL)?$/,
  /^[-+]?0b[0-1_]+$/, /^[-+]?0[0-7_]+$/, /^[-+]?[0-9][0-9_]*$/, /^[-+]?0x[0-9a-fA-F_]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/, /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/, /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/, /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/, /^<<$/,
];

/** A single-line string as `yaml` writes it: plain when safe, else as `yaml` quotes it. */
class Scalars {
  private readonly quoted = new Map<string, string>();

  public string(s: string): string {
    if (PLAIN.test(s) && !NOT_PLAIN.test(s) && !YAML11_TYPED.some((t) => t.test(s))) return s;
    let q = this.quoted.get(s);
    if (q === undefined) {
      if (s.includes('\n') || /^(%|---|\.\.\.)/.test(s)) throw UNSUPPORTED;
      q = Yaml.stringify(s).replace(/\n$/, '');
      // a quoted scalar stays on one line; anything else (block scalars) needs the real writer
      if (q.includes('\n')) throw UNSUPPORTED;
      this.quoted.set(s, q);
    }
    return q;
  }
}

/** Text of documents joined as `Yaml.stringify(...docs)` joins them. */
export function stringifyDocuments(docs: any[]): string {
  const scalars = new Scalars();
  return docs.map((d) => stringifyDocument(d, scalars)).join('---\n');
}

function stringifyDocument(doc: any, scalars: Scalars): string {
  if (doc !== null && typeof doc === 'object' && !Array.isArray(doc) && Object.keys(doc).length > 0) {
    try {
      const lines: string[] = [];
      map(doc, '', lines, scalars);
      return lines.join('\n') + '\n';
    } catch (e) {
      if (e !== UNSUPPORTED) throw e;
    }
  }
  return Yaml.stringify(doc);
}

/** A scalar value, or undefined for collections. */
function scalar(v: any, scalars: Scalars): string | undefined {
  switch (typeof v) {
    case 'string':
      return scalars.string(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(v) || Object.is(v, -0)) throw UNSUPPORTED;
      return String(v);
    case 'object':
      if (v === null) throw UNSUPPORTED;
      return undefined;
    default:
      throw UNSUPPORTED;
  }
}

function key(k: string, scalars: Scalars): string {
  if (k.length > 1024) throw UNSUPPORTED;
  return scalars.string(k);
}

/** A non-empty block map; its first line is the caller's to prefix (`- ` or nothing). */
function map(o: { [key: string]: any }, indent: string, lines: string[], scalars: Scalars): void {
  for (const k of Object.keys(o)) {
    const v = o[k];
    const s = scalar(v, scalars);
    const kk = key(k, scalars);
    if (s !== undefined) {
      lines.push(`${indent}${kk}: ${s}`);
    } else if (Array.isArray(v)) {
      if (v.length === 0) lines.push(`${indent}${kk}: []`);
      else {
        lines.push(`${indent}${kk}:`);
        seq(v, `${indent}  `, lines, scalars);
      }
    } else if (Object.keys(v).length === 0) {
      if (Object.getPrototypeOf(v) !== Object.prototype) throw UNSUPPORTED;
      lines.push(`${indent}${kk}: {}`);
    } else {
      if (Object.getPrototypeOf(v) !== Object.prototype) throw UNSUPPORTED;
      lines.push(`${indent}${kk}:`);
      map(v, `${indent}  `, lines, scalars);
    }
  }
}

/** A non-empty block sequence at `indent` (`yaml` indents sequences under their key). */
function seq(a: any[], indent: string, lines: string[], scalars: Scalars): void {
  for (const v of a) {
    const s = scalar(v, scalars);
    if (s !== undefined) {
      lines.push(`${indent}- ${s}`);
    } else if (Array.isArray(v)) {
      throw UNSUPPORTED; // a sequence in a sequence: rare, and laid out differently
    } else if (Object.keys(v).length === 0) {
      if (Object.getPrototypeOf(v) !== Object.prototype) throw UNSUPPORTED;
      lines.push(`${indent}- {}`);
    } else {
      if (Object.getPrototypeOf(v) !== Object.prototype) throw UNSUPPORTED;
      // the map's first line follows the dash, the others align with it
      const start = lines.length;
      map(v, `${indent}  `, lines, scalars);
      lines[start] = `${indent}- ${lines[start].slice(indent.length + 2)}`;
    }
  }
}
