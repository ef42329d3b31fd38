// Factory values (IssuerConfig.*, VaultAuth.*, AcmeSolver.*, Dns01Provider.*) report a wrong
// input where they are received: the issuer's path, the field the value arrived in, the
// factory's name in front of the problem. These helpers give a value to a ClusterIssuer the
// way users do and check that message.
import { AcmeSolver, ClusterIssuer, Dns01Provider, IssuerConfig, VaultAuth } from '../../src/cert-manager';
import { expectMessage, newChart, validationErrorOf } from '../util/expect';

type FactoryValue = IssuerConfig | VaultAuth | AcmeSolver | Dns01Provider;

/** `value` given to a ClusterIssuer `test/Le` (through the config, an ACME solver or Vault as needed), and the field it arrives in. */
function giveToIssuer(value: FactoryValue): { build: () => unknown; field: string } {
  const { chart } = newChart();
  const issuer = (config: IssuerConfig) => () => new ClusterIssuer(chart, 'Le', { config });
  if (value instanceof IssuerConfig) return { build: issuer(value), field: 'config' };
  if (value instanceof VaultAuth) {
    return { build: issuer(IssuerConfig.vault({ server: 'https://vault.example.com', path: 'pki/sign/x', auth: value })), field: 'config.auth' };
  }
  if (value instanceof AcmeSolver) return { build: issuer(IssuerConfig.letsEncrypt({ solvers: [value] })), field: 'config.solvers[0]' };
  return { build: issuer(IssuerConfig.letsEncrypt({ solvers: [AcmeSolver.dns01(value)] })), field: 'config.solvers[0].dns01' };
}

/** What the message of a factory's problem holds. */
export interface ExpectedFromFactory {
  /** The factory whose check fails, e.g. `Dns01Provider.cloudflare`. */
  readonly factory: string;
  /** The field as the factory names it (the helper adds where the value arrived, e.g. `config.`). */
  readonly field: string;
  readonly value?: string;
  readonly problem?: string | RegExp;
  readonly fix: string | RegExp;
}

/**
 * `make()` returns a value whose factory found a problem: it throws nothing itself, and the
 * ClusterIssuer it is given to throws the library's error `[test/Le] <factory>: <problem>
 * (<arrival field>.<field>: <value>) — <fix>`. Returns the message.
 */
export function expectReceived(make: () => FactoryValue, e: ExpectedFromFactory): string {
  let value: FactoryValue | undefined;
  expect(() => (value = make())).not.toThrow();
  const { build, field } = giveToIssuer(value!);
  const message = validationErrorOf(build);
  expectMessage(message, { path: 'test/Le', field: `${field}.${e.field}`, value: e.value, problem: e.problem, fix: e.fix });
  expect(message.startsWith(`[test/Le] ${e.factory}: `)).toBe(true);
  return message;
}
