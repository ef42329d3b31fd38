#!/usr/bin/env node
// The package's command: `cdk8s-istio-tls check <files|dirs|->...`. Not part of the library's API.
import * as fs from 'fs';
import * as path from 'path';
import { MANIFEST_SETTINGS } from '../core/manifests';
import { ManifestSettings } from '../core/model';
import { checkManifests } from './check';
import { Format, FORMATS, formatJson, formatNotes, formatSarif, formatText } from './format';
import { readInputs, UnreadableInput } from './read';

const USAGE = `usage: cdk8s-istio-tls check [options] <file|directory|->...

Checks Kubernetes manifests (multi-document YAML or JSON; directories recursively; - for
standard input) with the whole-app checks cdk8s-istio-tls runs at synth: certificates and the
gateways serving them, ACME HTTP-01 reachability, issuers and solvers, secret writers, gateway
conflicts, Argo CD sync waves (per folder) and annotations, apply-size limits.

options:
  --format text|json|sarif        output format (default: text)
  --strict                        warnings fail too (exit 1)
  --gateway-namespace NS          where gateway pods run when no Deployment, DaemonSet,
                                  StatefulSet or Pod of the input matches a Gateway's selector
                                  (default: istio-system)
  --trust-namespace NS            trust-manager's trust namespace (default: cert-manager)
  --cluster-resource-namespace NS cert-manager's cluster resource namespace (default: cert-manager)
  --quiet                         don't print where facts not in the manifests were taken from
  -h, --help                      this text
  --version                       the package version

exit status: 0 no errors, 1 errors (or warnings with --strict), 2 usage or unreadable input
`;

const SETTING_FLAGS: { [flag: string]: string } = {
  '--gateway-namespace': MANIFEST_SETTINGS.gatewayNamespace,
  '--trust-namespace': MANIFEST_SETTINGS.trustNamespace,
  '--cluster-resource-namespace': MANIFEST_SETTINGS.clusterResourceNamespace,
};

/** Where the command writes, and how it reads standard input (replaced in tests). */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly stdin: () => string;
}

class UsageError extends Error {}

interface Parsed {
  readonly inputs: string[];
  readonly format: Format;
  readonly strict: boolean;
  readonly quiet: boolean;
  readonly settings: ManifestSettings;
}

function parse(args: string[]): Parsed | 'help' | 'version' {
  if (args[0] !== 'check') {
    if (args[0] === '-h' || args[0] === '--help' || args.length === 0) return 'help';
    if (args[0] === '--version') return 'version';
    throw new UsageError(`unknown command ${JSON.stringify(args[0])}: the command is "check"`);
  }
  const inputs: string[] = [];
  const settings: { [name: string]: string } = {};
  let format: Format = 'text';
  let strict = false;
  let quiet = false;
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '-h' || flag === '--help') return 'help';
    else if (flag === '--version') return 'version';
    else if (flag === '--strict') strict = true;
    else if (flag === '--quiet') quiet = true;
    else if (flag === '--format') {
      const f = value();
      if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not ${JSON.stringify(f)}`);
      format = f as Format;
    } else if (SETTING_FLAGS[flag] !== undefined) settings[SETTING_FLAGS[flag]] = value();
    else if (flag.startsWith('-') && flag !== '-') throw new UsageError(`unknown option ${flag}`);
    else inputs.push(a);
  }
  if (inputs.length === 0) throw new UsageError('give at least one file, directory or - (standard input)');
  return { inputs, format, strict, quiet, settings };
}

function packageVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
  } catch {
    return '0.0.0';
  }
}

/** Run the command with `args` (without node and the script); returns the exit status. */
export function run(args: string[], io: Io): number {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`cdk8s-istio-tls: ${e.message}\n${USAGE}`);
    return 2;
  }
  if (parsed === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (parsed === 'version') {
    io.out(`${packageVersion()}\n`);
    return 0;
  }
  let documents;
  try {
    documents = readInputs(parsed.inputs, io.stdin);
  } catch (e) {
    if (!(e instanceof UnreadableInput)) throw e;
    io.err(`cdk8s-istio-tls: ${e.message}\n`);
    return 2;
  }
  const result = checkManifests(documents, parsed.settings);
  if (parsed.format === 'json') io.out(formatJson(result));
  else if (parsed.format === 'sarif') io.out(formatSarif(result, packageVersion()));
  else {
    if (!parsed.quiet) io.err(formatNotes(result));
    io.out(formatText(result));
  }
  const failing = result.findings.filter((f) => f.severity === 'error' || parsed.strict);
  return failing.length > 0 ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = run(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    stdin: () => fs.readFileSync(0, 'utf8'),
  });
}
