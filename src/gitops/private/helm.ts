// Rendering of the typed Helm values (not exported from the package).
import { Size, SizeRoundingBehavior } from 'cdk8s';
import { fail, Where } from '../../validation/error';
import { ChartComponentOptions, ComponentResources } from '../helm-values';

/** Rendered chart values of a component (internal). */
export interface RenderedComponent {
  readonly replicaCount: number;
  readonly podDisruptionBudget: { enabled: boolean; minAvailable?: number };
  readonly resources?: any;
}

/** Check and render a component's options; `defaults` are the guide's values. */
export function renderComponent(where: Where, field: string, o: ChartComponentOptions | undefined, defaults: ComponentResources): RenderedComponent {
  const f = (k: string) => (field ? `${field}.${k}` : k);
  if (o !== undefined && (o === null || typeof o !== 'object')) fail(where, field, o, 'must be an object { replicas?, resources?, podDisruptionBudget? }', 'pass e.g. { replicas: 2 }');
  const replicas = o?.replicas ?? 2;
  if (!Number.isInteger(replicas) || replicas < 1) fail(where, f('replicas'), replicas, 'replicas must be a positive integer', 'use e.g. 2');
  const pdb = o?.podDisruptionBudget ?? replicas > 1;
  if (pdb && replicas < 2) {
    fail(where, f('podDisruptionBudget'), pdb, 'a disruption budget of minAvailable 1 on a single replica blocks every node drain',
      'run at least 2 replicas, or turn the budget off');
  }
  const resources = renderResources(where, f('resources'), o?.resources ?? defaults);
  return {
    replicaCount: replicas,
    podDisruptionBudget: pdb ? { enabled: true, minAvailable: 1 } : { enabled: false },
    ...(resources ? { resources } : {}),
  };
}

function renderResources(where: Where, field: string, r: ComponentResources): any {
  if (r === null || typeof r !== 'object') fail(where, field, r, 'must be an object', 'pass e.g. { cpuRequestMillis: 50, memoryRequest: Size.mebibytes(64) }');
  const cpu = (key: 'cpuRequestMillis' | 'cpuLimitMillis') => {
    const v = r[key];
    if (v === undefined) return undefined;
    if (!Number.isInteger(v) || v < 1) fail(where, `${field}.${key}`, v, 'CPU must be a positive whole number of millicores', 'use e.g. 50 for 50m');
    return v;
  };
  const mem = (key: 'memoryRequest' | 'memoryLimit') => {
    const v = r[key];
    if (v === undefined) return undefined;
    const mib = v instanceof Size ? v.toMebibytes({ rounding: SizeRoundingBehavior.NONE }) : NaN;
    if (!(mib >= 1) || !Number.isInteger(mib)) fail(where, `${field}.${key}`, v instanceof Size ? `${v.toKibibytes()}Ki` : v, 'memory must be a whole number of mebibytes (at least 1)', 'use e.g. Size.mebibytes(64)');
    return mib;
  };
  const cpuReq = cpu('cpuRequestMillis');
  const cpuLim = cpu('cpuLimitMillis');
  const memReq = mem('memoryRequest');
  const memLim = mem('memoryLimit');
  if (cpuReq !== undefined && cpuLim !== undefined && cpuReq > cpuLim) {
    fail(where, `${field}.cpuRequestMillis`, cpuReq, `the request is above the limit (${cpuLim}m); Kubernetes rejects the pod`, 'lower the request or raise the limit');
  }
  if (memReq !== undefined && memLim !== undefined && memReq > memLim) {
    fail(where, `${field}.memoryRequest`, `${memReq}Mi`, `the request is above the limit (${memLim}Mi); Kubernetes rejects the pod`, 'lower the request or raise the limit');
  }
  const requests = { ...(cpuReq !== undefined ? { cpu: `${cpuReq}m` } : {}), ...(memReq !== undefined ? { memory: `${memReq}Mi` } : {}) };
  const limits = { ...(cpuLim !== undefined ? { cpu: `${cpuLim}m` } : {}), ...(memLim !== undefined ? { memory: `${memLim}Mi` } : {}) };
  if (!Object.keys(requests).length && !Object.keys(limits).length) return undefined;
  return { ...(Object.keys(requests).length ? { requests } : {}), ...(Object.keys(limits).length ? { limits } : {}) };
}

/** Deep merge of plain objects (`extra` wins; arrays and scalars replace). */
export function mergeValues(base: { [key: string]: any }, extra: { [key: string]: any } | undefined): { [key: string]: any } {
  if (extra === undefined) return base;
  const out: { [key: string]: any } = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    const b = out[k];
    out[k] = isPlain(b) && isPlain(v) ? mergeValues(b, v) : v;
  }
  return out;
}

function isPlain(v: unknown): v is { [key: string]: any } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A Size of whole mebibytes, for defaults. */
export function mib(n: number): Size {
  return Size.mebibytes(n);
}
