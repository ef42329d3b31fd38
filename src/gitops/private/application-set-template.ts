// The parameters of an ApplicationSet template (not exported from the package): every
// parameter the template uses is provided by every generator, in the syntax `goTemplate`
// selects, and the name pattern yields valid, distinct Application names.
import { checkDns1123Subdomain } from '../../private/names';
import { fail, Where } from '../../validation/error';
import { ApplicationSetGenerator, GeneratorType } from '../application-set-generator';

/** Parameters the cluster generator provides besides `metadata.*` and `values.*`. */
const CLUSTER_PARAMS = ['name', 'nameNormalized', 'server', 'project'];
/** Go template keywords that look like bare identifiers. */
const GO_KEYWORDS = new Set(['end', 'else', 'nil', 'true', 'false', 'break', 'continue']);
const ACTION = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;

interface Reference {
  readonly action: string;
  readonly path: string;
  readonly wrongSyntax: boolean;
}

/** Every parameter the rendered template (`{ metadata, spec }`) uses exists in every generator, in the right syntax. */
export function checkTemplateParameters(where: Where, template: any, generators: ApplicationSetGenerator[], goTemplate: boolean): void {
  walkStrings(template, 'template', (field, text) => {
    for (const ref of references(text, goTemplate)) {
      if (ref.wrongSyntax) {
        fail(where, field, text, goTemplate
          ? `"{{${ref.action}}}" is fasttemplate syntax, but goTemplate is on`
          : `"{{${ref.action}}}" is Go template syntax, but goTemplate is off`,
        goTemplate ? `write {{.${ref.path}}}` : `write {{${ref.path}}} or set goTemplate: true`);
      }
      generators.forEach((g, i) => {
        const missing = missingParameter(g, ref.path, goTemplate);
        if (missing) fail(where, field, text, `parameter "${ref.path}" is not provided by generators[${i}]: ${missing}`, 'use a parameter every generator provides, or add it (list element keys, cluster values)');
      });
    }
  });
}

/** The name pattern gives valid names, distinct per list element. */
export function checkTemplateNames(where: Where, pattern: string, generators: ApplicationSetGenerator[], goTemplate: boolean): void {
  const sample = pattern.replace(ACTION, 'x');
  const problem = checkDns1123Subdomain(sample);
  if (problem) fail(where, 'template.name', pattern, `Application names from this pattern (e.g. "${sample}") ${problem}`, 'keep the fixed parts of the pattern lowercase letters, digits, "-" and "."');
  for (const g of generators) {
    if (g.type !== GeneratorType.LIST) continue;
    const seen = new Map<string, number>();
    g.elements!.forEach((e, i) => {
      const name = render(pattern, e, goTemplate);
      if (name === undefined) return;
      const p = checkDns1123Subdomain(name);
      if (p) fail(where, 'template.name', name, `the Application name for list element ${i} ${p}`, 'use element values that give valid names (or nameNormalized-like values)');
      if (seen.has(name)) fail(where, 'template.name', name, `list elements ${seen.get(name)} and ${i} give the same Application name`, 'make the name pattern use a parameter that differs per element');
      seen.set(name, i);
    });
  }
}

/** Warnings on the name pattern: the cluster `name` need not be a valid Kubernetes name. */
export function templateNameNotes(pattern: string, generators: ApplicationSetGenerator[], goTemplate: boolean): string[] {
  if (!generators.some((g) => g.type === GeneratorType.CLUSTERS) || !references(pattern, goTemplate).some((r) => r.path === 'name')) return [];
  return ['template.name uses the cluster "name", which need not be a valid Kubernetes name (e.g. EKS ARNs); nameNormalized is'];
}

/** Undefined when generator `g` provides parameter `path` (dotted) to every Application; else what is missing. */
function missingParameter(g: ApplicationSetGenerator, path: string, goTemplate: boolean): string | undefined {
  const [root, ...rest] = path.split('.');
  if (g.type === GeneratorType.CLUSTERS) {
    if (CLUSTER_PARAMS.includes(path)) return undefined;
    if (root === 'metadata' && (rest.length === 0 ? goTemplate : ['labels', 'annotations'].includes(rest[0]) && (rest.length > 1 || goTemplate))) return undefined;
    if (root === 'values') {
      if (rest.length === 0 && goTemplate) return undefined;
      if (g.values && rest.length > 0 && rest.join('.') in g.values) return undefined;
      return `the cluster generator has no "${path}" (values: ${Object.keys(g.values ?? {}).join(', ') || 'none'})`;
    }
    return `the cluster generator provides name, nameNormalized, server, project, metadata.labels.*, metadata.annotations.* and values.*, not "${path}"`;
  }
  const key = goTemplate ? root : path;
  const without = (g.elements ?? []).findIndex((e) => !(key in e));
  return without < 0 ? undefined : `list element ${without} has no "${key}"`;
}

/** Parameter references in a string: `{{.a.b}}` (Go) or `{{a.b}}` (fasttemplate). */
function references(text: string, goTemplate: boolean): Reference[] {
  const out: Reference[] = [];
  for (const m of text.matchAll(ACTION)) {
    const action = m[1];
    if (goTemplate) {
      const bare = /^([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*)$/.exec(action);
      if (bare && !GO_KEYWORDS.has(bare[1].split('.')[0])) {
        out.push({ action, path: bare[1], wrongSyntax: true });
        continue;
      }
      // field chains starting with '.', not after an identifier, ')' or ']' (method / index results)
      for (const f of action.matchAll(/(?<![\w)\]$])\.([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)/g)) {
        out.push({ action, path: f[1], wrongSyntax: false });
      }
    } else {
      const path = action.trim();
      out.push({ action, path: path.replace(/^\./, ''), wrongSyntax: path.startsWith('.') });
    }
  }
  return out;
}

/** Render a simple pattern for one list element; undefined when it uses more than plain references. */
function render(pattern: string, element: { [key: string]: string }, goTemplate: boolean): string | undefined {
  let complex = false;
  const out = pattern.replace(ACTION, (_all, action: string) => {
    const m = goTemplate ? /^\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(action) : /^([^\s{}]+)$/.exec(action);
    if (!m || !(m[1] in element)) {
      complex = true;
      return 'x';
    }
    return element[m[1]];
  });
  return complex ? undefined : out;
}

function walkStrings(value: any, field: string, visit: (field: string, text: string) => void): void {
  if (typeof value === 'string') {
    visit(field, value);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => walkStrings(v, `${field}[${i}]`, visit));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('{{')) visit(`${field} (key)`, k);
      walkStrings(v, `${field}.${k}`, visit);
    }
  }
}
