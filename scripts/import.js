#!/usr/bin/env node
// Regenerates imports/ (L1 classes, and imports/crd-schemas.ts: the schemas the `check`
// command validates manifests with) and test/schemas/ (upstream JSON schemas for the
// independent validator) from the pinned upstream CRDs, offline.
//
//   npm run import                      # from ../shared/crds (or CRDS_DIR), offline
//   npm run import -- --upstream        # from the release URLs listed in cdk8s.yaml
//   npm run import -- --schemas-only    # only imports/crd-schemas.ts, from test/schemas/
//
// Only the kinds and versions the library emits are imported: the full Istio and Argo CD
// imports are ~5 MB of TypeScript and dominate compile time. The only change made to an
// upstream schema is TRIM_FOR_CODEGEN below; test/schemas/ always keeps the full schemas.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const YAML = require('yaml');

const root = path.resolve(__dirname, '..');
const crdsDir = path.resolve(root, process.env.CRDS_DIR || '../shared/crds');

// module name -> CRD files, and the kinds/versions kept from them.
const MODULES = [
  { name: 'cert-manager', files: ['cert-manager/cert-manager.io_certificates.yaml', 'cert-manager/cert-manager.io_issuers.yaml', 'cert-manager/cert-manager.io_clusterissuers.yaml'],
    keep: { Certificate: ['v1'], Issuer: ['v1'], ClusterIssuer: ['v1'] } },
  { name: 'istio-networking', files: ['istio/crd-all.gen.yaml'],
    keep: { Gateway: ['v1'], VirtualService: ['v1'], DestinationRule: ['v1'], ServiceEntry: ['v1'] }, group: 'networking.istio.io' },
  { name: 'istio-security', files: ['istio/crd-all.gen.yaml'],
    keep: { PeerAuthentication: ['v1'], AuthorizationPolicy: ['v1'] }, group: 'security.istio.io' },
  { name: 'gateway-api', files: ['gateway-api/standard/gateway.networking.k8s.io_gateways.yaml', 'gateway-api/standard/gateway.networking.k8s.io_httproutes.yaml', 'gateway-api/standard/gateway.networking.k8s.io_referencegrants.yaml', 'gateway-api/standard/gateway.networking.k8s.io_listenersets.yaml',
    'gateway-api/standard/gateway.networking.k8s.io_tlsroutes.yaml', 'gateway-api/standard/gateway.networking.k8s.io_grpcroutes.yaml'],
    keep: { Gateway: ['v1'], HTTPRoute: ['v1'], ReferenceGrant: ['v1beta1'], ListenerSet: ['v1'], TLSRoute: ['v1'], GRPCRoute: ['v1'] } },
  { name: 'trust-manager', files: ['trust-manager/trust.cert-manager.io_bundles.yaml'], keep: { Bundle: ['v1alpha1'] } },
  { name: 'prometheus', files: ['prometheus-operator/monitoring.coreos.com_prometheusrules.yaml'], keep: { PrometheusRule: ['v1'] } },
  { name: 'istio-operator', files: ['istio/crd-operator.yaml'], keep: { IstioOperator: ['v1alpha1'] } },
  { name: 'argo-cd', files: ['argo-cd/application-crd.yaml', 'argo-cd/applicationset-crd.yaml'],
    keep: { Application: ['v1alpha1'], ApplicationSet: ['v1alpha1'] } },
];

// Code generation only: subtrees of the ApplicationSet schema the library never writes
// (generators other than `clusters` and `list`, and per-generator template overrides) are
// replaced by free-form objects. Each is a full copy of the Application spec, and together
// they are ~1.3 MB of the upstream file. The JSON schema used by the tests is not trimmed.
const APPSET_GENERATOR_KEEP = new Set(['clusters', 'list']);
function TRIM_FOR_CODEGEN(kind, schema) {
  if (kind !== 'ApplicationSet') return schema;
  const freeForm = (description) => ({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true, description });
  const spec = schema.properties.spec.properties;
  const gen = spec.generators.items.properties;
  for (const key of Object.keys(gen)) {
    if (!APPSET_GENERATOR_KEEP.has(key)) gen[key] = freeForm(`${key} generator (not typed by cdk8s-istio-tls)`);
  }
  for (const key of APPSET_GENERATOR_KEEP) {
    if (gen[key]?.properties?.template) gen[key].properties.template = freeForm('per-generator template override (not typed)');
  }
  if (spec.templatePatch) delete spec.templatePatch;
  return schema;
}

const upstream = process.argv.includes('--upstream');

function parseCrds(text) {
  return YAML.parseAllDocuments(text)
    .map((d) => d.toJSON())
    .filter((d) => d && d.kind === 'CustomResourceDefinition');
}

// cdk8s.yaml lists `module:=url` for the same upstream versions (one entry per module;
// several entries may share a module name prefix, e.g. argo-cd-application / argo-cd-applicationset).
function upstreamUrls(moduleName) {
  const cfg = YAML.parse(fs.readFileSync(path.join(root, 'cdk8s.yaml'), 'utf8'));
  return (cfg.imports || [])
    .map((spec) => spec.split(':='))
    .filter(([name]) => name === moduleName || name.startsWith(moduleName + '-'))
    .map(([, url]) => url);
}

async function readModuleDocs(mod) {
  if (!upstream) return mod.files.flatMap((file) => parseCrds(fs.readFileSync(path.join(crdsDir, file), 'utf8')));
  const docs = [];
  for (const url of upstreamUrls(mod.name)) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    docs.push(...parseCrds(await res.text()));
  }
  return docs;
}

// Performance only (issue #7): every generated `toJson_*` mapper ends with
//   return Object.entries(result).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {});
// which copies the accumulated object once per key (quadratic in the number of fields) and ran
// for every nested struct of every object at synth. It is replaced by a linear helper with the
// same result, key order included (byte-identical output; test/bench/baseline.test.ts and the
// committed dist/ check it).
const QUADRATIC_FILTER = 'return Object.entries(result).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {});';
const LINEAR_HELPER = `
/** Drops undefined values (linear; replaces the generated quadratic reduce, see scripts/import.js). */
function dropUndefined(result: { [key: string]: any }): { [key: string]: any } {
  const out: { [key: string]: any } = {};
  for (const key of Object.keys(result)) {
    if (result[key] !== undefined) out[key] = result[key];
  }
  return out;
}
`;
function linearizeMappers(file) {
  let text = fs.readFileSync(file, 'utf8');
  const count = text.split(QUADRATIC_FILTER).length - 1;
  if (count === 0) return;
  text = text.split(QUADRATIC_FILTER).join('return dropUndefined(result);');
  // the same idiom copying string maps (labels, annotations, matchLabels, ...)
  text = text.replace(/Object\.entries\(([^()]*)\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: i\[1\] \}\), \{\}\)/g, 'dropUndefined($1)');
  // after the import lines at the top of the generated file
  const lines = text.split('\n');
  let last = 0;
  lines.forEach((l, i) => { if (/^import /.test(l)) last = i; });
  lines.splice(last + 1, 0, LINEAR_HELPER);
  fs.writeFileSync(file, lines.join('\n'));
}

// The `check` command's schemas: every served version of each kind imported (a manifest may
// use an older served version, e.g. networking.istio.io/v1beta1), descriptions dropped (half the
// bytes, never read), one copy per distinct schema (Istio's versions and Issuer/ClusterIssuer
// share one). ApplicationSet's (340 KB, mostly generator variants) is left out.
const CHECKED_SCHEMA_EXCLUDED = new Set(['ApplicationSet']);
async function writeSchemaModule(file) {
  const strip = (x) => Array.isArray(x) ? x.map(strip)
    : x !== null && typeof x === 'object' ? Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'description').map(([k, v]) => [k, strip(v)])) : x;
  const distinct = [];
  const byKey = {};
  for (const mod of MODULES) {
    for (const crd of await readModuleDocs(mod)) {
      const kind = crd.spec.names.kind;
      if (!mod.keep[kind] || (mod.group && crd.spec.group !== mod.group) || CHECKED_SCHEMA_EXCLUDED.has(kind)) continue;
      for (const v of crd.spec.versions.filter((x) => x.served)) {
        const text = JSON.stringify(strip(v.schema.openAPIV3Schema));
        let i = distinct.indexOf(text);
        if (i < 0) i = distinct.push(text) - 1;
        byKey[`${crd.spec.group}/${v.name}/${kind}`] = i;
      }
    }
  }
  const sorted = Object.fromEntries(Object.entries(byKey).sort(([a], [b]) => (a < b ? -1 : 1)));
  const body = [
    '// generated by scripts/import.js from the pinned upstream CRDs (descriptions dropped): do not edit',
    '// The openAPIV3Schema of every served version of each kind the `check` command validates.',
    `const schemas: any[] = JSON.parse(${JSON.stringify(`[${distinct.join(',')}]`)});`,
    `const index: { [key: string]: number } = ${JSON.stringify(sorted)};`,
    '/** The openAPIV3Schema of `group/version/kind`, if the CRD serves that version and the package ships it. */',
    'export function crdSchema(group: string, version: string, kind: string): any {',
    '  const i = index[`${group}/${version}/${kind}`];',
    '  return i === undefined ? undefined : schemas[i];',
    '}',
    '/** The served versions of `group` `kind`, if the package ships its CRD. */',
    'export function servedVersions(group: string, kind: string): string[] | undefined {',
    '  const versions = Object.keys(index).filter((k) => k.startsWith(`${group}/`) && k.endsWith(`/${kind}`)).map((k) => k.split(\'/\')[1]);',
    '  return versions.length > 0 ? versions : undefined;',
    '}',
    '',
  ].join('\n');
  fs.writeFileSync(file, body);
}

async function main() {
  if (process.argv.includes('--schemas-only')) {
    await writeSchemaModule(path.join(root, 'imports', 'crd-schemas.ts'));
    return;
  }
  if (!upstream && !fs.existsSync(crdsDir)) {
    console.error(`CRD folder not found: ${crdsDir} (set CRDS_DIR)`);
    process.exit(1);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crds-'));
  const schemaDir = path.join(root, 'test', 'schemas');
  const outTmp = path.join(tmp, 'imports');
  fs.mkdirSync(schemaDir, { recursive: true });
  for (const mod of MODULES) {
    const docs = [];
    {
      for (const crd of await readModuleDocs(mod)) {
        const kind = crd.spec.names.kind;
        if (!mod.keep[kind] || (mod.group && crd.spec.group !== mod.group)) continue;
        const versions = crd.spec.versions.filter((v) => mod.keep[kind].includes(v.name));
        for (const v of versions) {
          const schemaFile = path.join(schemaDir, `${crd.spec.group}_${kind}_${v.name}.json`);
          fs.writeFileSync(schemaFile, JSON.stringify(v.schema.openAPIV3Schema) + '\n');
        }
        const trimmed = structuredClone(crd);
        trimmed.spec.versions = versions.map((v) => ({ ...v, schema: { openAPIV3Schema: TRIM_FOR_CODEGEN(kind, v.schema.openAPIV3Schema) } }));
        docs.push(trimmed);
      }
    }
    const missing = Object.keys(mod.keep).filter((k) => !docs.some((d) => d.spec.names.kind === k));
    if (missing.length) throw new Error(`${mod.name}: kinds not found in ${mod.files.join(', ')}: ${missing.join(', ')}`);
    const joined = path.join(tmp, `${mod.name}.yaml`);
    fs.writeFileSync(joined, docs.map((d) => '---\n' + YAML.stringify(d)).join(''));
    execFileSync('npx', ['cdk8s', '--no-check-upgrade', 'import', `${mod.name}:=${joined}`, '-l', 'typescript', '-o', outTmp, '--no-save'],
      { cwd: root, stdio: 'inherit' });
  }
  for (const f of fs.readdirSync(outTmp)) linearizeMappers(path.join(outTmp, f));
  await writeSchemaModule(path.join(outTmp, 'crd-schemas.ts'));
  // replace imports/ only once everything generated (stale files removed, no half-written state)
  fs.rmSync(path.join(root, 'imports'), { recursive: true, force: true });
  fs.cpSync(outTmp, path.join(root, 'imports'), { recursive: true });
  fs.rmSync(tmp, { recursive: true, force: true });
  for (const f of fs.readdirSync(path.join(root, 'imports'))) {
    console.log(`imports/${f}: ${fs.statSync(path.join(root, 'imports', f)).size} bytes`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
