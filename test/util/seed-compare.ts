// Field-by-field comparison of a rendered object with the object a reference document shows
// (issue #12 point 5): every field of the document must be rendered with the same value,
// except the ones marked outdated (today's upstream rejects or replaces them, with the
// reason); every field rendered beyond the document must be marked as added (with the reason).

/** Reason per path prefix, e.g. `spec.servers[1].tls.privateKey`. */
export type Marks = { readonly [path: string]: string };

/** The leaves of a plain object as `path → value` (arrays by index; empty objects and arrays are leaves). */
export function leaves(v: any, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (x: any, p: string) => {
    if (Array.isArray(x) && x.length > 0) x.forEach((e, i) => walk(e, `${p}[${i}]`));
    else if (x !== null && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length > 0) {
      for (const [k, e] of Object.entries(x)) walk(e, p ? `${p}.${k}` : k);
    } else out.set(p, x);
  };
  walk(v, prefix);
  return out;
}

function marked(path: string, marks: Marks): boolean {
  return Object.keys(marks).some((m) => path === m || path.startsWith(`${m}.`) || path.startsWith(`${m}[`));
}

/**
 * The differences between the document's object and the rendered one that are not marked, as
 * readable lines (empty: the rendered object is the document's, up to the marked fields).
 * Marks that match nothing are reported too, so they cannot go stale.
 */
export function differences(expected: any, actual: any, marks: { outdated?: Marks; added?: Marks } = {}): string[] {
  const outdated = marks.outdated ?? {};
  const added = marks.added ?? {};
  const want = leaves(expected);
  const got = leaves(actual);
  const out: string[] = [];
  for (const [p, v] of want) {
    if (marked(p, outdated)) continue;
    if (!got.has(p)) out.push(`missing ${p}: ${JSON.stringify(v)}`);
    else if (String(got.get(p)) !== String(v)) out.push(`${p}: document ${JSON.stringify(v)}, rendered ${JSON.stringify(got.get(p))}`);
  }
  for (const [p, v] of got) {
    if (!want.has(p) && !marked(p, added)) out.push(`unexplained ${p}: ${JSON.stringify(v)}`);
  }
  for (const m of Object.keys(outdated)) if (![...want.keys()].some((p) => marked(p, { [m]: '' }))) out.push(`stale outdated mark ${m}`);
  for (const m of Object.keys(added)) if (![...got.keys()].some((p) => marked(p, { [m]: '' }))) out.push(`stale added mark ${m}`);
  return out;
}
