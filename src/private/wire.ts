// Reading manifests (the wire form) without trusting their shape: whole-app checks read
// objects the library rendered and objects it did not (plain ApiObjects, manifests from files).

// shared and frozen: checks call these tens of thousands of times per synth and only read
const NO_ITEMS: any[] = Object.freeze([]) as unknown as any[];
const NO_FIELDS: { [key: string]: any } = Object.freeze({});

/** Plain array or empty (read-only). */
export function arr(v: any): any[] {
  return Array.isArray(v) ? v : NO_ITEMS;
}

/** Plain object or empty (read-only). */
export function obj(v: any): { [key: string]: any } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : NO_FIELDS;
}

/** String or undefined. */
export function str(v: any): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The strings of an array (other entries dropped). */
export function strings(v: any): string[] {
  return arr(v).filter((x): x is string => typeof x === 'string');
}

/** A map of strings (other entries dropped). */
export function stringMap(v: any): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  for (const [k, x] of Object.entries(obj(v))) if (typeof x === 'string') out[k] = x;
  return out;
}

/** API group of an apiVersion: `cert-manager.io/v1` → `cert-manager.io`, `v1` → ''. */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
