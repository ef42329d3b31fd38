// The servers of an Gateway as they are added (not exported from the package): input
// checks of one server against the protocol, the TLS block and the gateway's other servers,
// and the generated port names.
import { IConstruct } from 'constructs';
import { checkEnum, checkPort, requireArray, requireString } from '../../private/fields';
import { receive } from '../../private/factory';
import { fail } from '../../validation/error';
import { Warnings } from '../../validation/warnings';
import { GatewayProtocol, GatewayServer, GatewayServerOptions } from '../gateway-server';
import { GatewayTls } from '../gateway-tls';
import { GatewayTlsMode } from '../tls-settings';
import { checkGatewayHost, gatewayHostName } from './hosts';
import { LEGACY_VERSIONS, TERMINATING_MODES } from './tls-rules';

const HTTP_FAMILY = [GatewayProtocol.HTTP, GatewayProtocol.HTTP2, GatewayProtocol.GRPC, GatewayProtocol.GRPC_WEB, GatewayProtocol.HTTP_PROXY];
const TLS_FAMILY = [GatewayProtocol.HTTPS, GatewayProtocol.TLS];

/** The gateway the servers belong to (messages name it; `./host` resolves to its namespace). */
export interface ServerOwner extends IConstruct {
  readonly namespace: string;
}

/** The servers of one gateway, checked as they are added. */
export class GatewayServers {
  private readonly servers: GatewayServer[] = [];
  private readonly portNames = new Set<string>();
  /** Hosts of the servers with TLS settings, by port (Istio allows each once per port). */
  private readonly tlsHostsByPort = new Map<number, Map<string, { server: number; host: string }>>();

  public constructor(private readonly gateway: ServerOwner) {}

  /** The servers, in order (copy). */
  public get all(): GatewayServer[] {
    return [...this.servers];
  }

  /** The server at `index`, if any. */
  public at(index: number): GatewayServer | undefined {
    return this.servers[index];
  }

  /** How many servers there are. */
  public get length(): number {
    return this.servers.length;
  }

  /** Check and add a server; returns it as it will be rendered. */
  public add(options: GatewayServerOptions): GatewayServer {
    const gw = this.gateway;
    const index = this.servers.length;
    const f = `servers[${index}]`;
    if (options === null || typeof options !== 'object') fail(gw, f, options, 'a server needs port, protocol and hosts', 'pass { port, protocol, hosts }');
    const tls = receive(gw, `${f}.tls`, options.tls);
    const port = checkPort(gw, `${f}.port`, options.port);
    if (options.protocol === undefined) fail(gw, `${f}.protocol`, undefined, 'is required', 'use a GatewayProtocol value');
    const protocol = checkEnum(gw, `${f}.protocol`, options.protocol, GatewayProtocol, 'GatewayProtocol');
    if (options.hosts === undefined) fail(gw, `${f}.hosts`, undefined, 'server config must contain at least one host', 'list at least one host, e.g. ["shop.example.com"]');
    const hosts = this.checkHosts(`${f}.hosts`, options.hosts, 0);
    if (protocol === GatewayProtocol.UDP) Warnings.add(gw, `${f} uses protocol UDP: Envoy-based Istio gateways do not proxy UDP; the server will not carry traffic`);
    if (tls !== undefined && !(tls instanceof GatewayTls)) fail(gw, `${f}.tls`, tls, 'must be a GatewayTls', 'use GatewayTls.simple(certificate) or another GatewayTls factory');
    this.checkTlsForProtocol(`${f}.tls`, protocol, tls);
    if (tls !== undefined) this.claimTlsHosts(f, index, port, protocol, hosts, tls);
    const portName = this.portNameFor(`${f}.portName`, options.portName, protocol, port, hosts);

    const server: GatewayServer = {
      portName,
      port,
      protocol,
      hosts: [...hosts],
      tlsMode: tls?.mode,
      httpsRedirect: tls?.isHttpsRedirect ?? false,
      certificate: tls?.certificate,
      credentialName: tls?.credentialName,
      tls,
    };
    this.servers.push(server);
    this.portNames.add(portName);
    return server;
  }

  /**
   * Add hosts to the server named `portName` (hosts it already has are skipped), checked like
   * the hosts of a new server; returns the server as it will now be rendered.
   */
  public addHosts(portName: string, hosts: string[]): GatewayServer {
    const gw = this.gateway;
    const index = this.servers.findIndex((s) => s.portName === portName);
    if (index < 0) {
      fail(gw, 'portName', portName, 'no server of this gateway has this port name',
        this.servers.length > 0 ? `use one of ${this.servers.map((s) => JSON.stringify(s.portName)).join(', ')}` : 'add the server first (addServer(), addHttpsServer())');
    }
    const f = `servers[${index}]`;
    const server = this.servers[index];
    requireArray(gw, `${f}.hosts`, hosts, { nonEmpty: true, fix: 'list at least one host, e.g. ["shop.example.com"]' });
    const added = [...new Set(hosts)].filter((h) => !server.hosts.includes(h));
    this.checkHosts(`${f}.hosts`, added, server.hosts.length);
    if (server.tls !== undefined) this.claimTlsHosts(f, index, server.port, server.protocol, added, server.tls, server.hosts.length);
    const updated: GatewayServer = { ...server, hosts: [...server.hosts, ...added] };
    this.servers[index] = updated;
    return updated;
  }

  /** Hosts of a server (`field`), each valid; `offset` is the index of the first in the server. */
  private checkHosts(field: string, hosts: string[], offset: number): string[] {
    const list = requireArray(this.gateway, field, hosts, { nonEmpty: offset === 0, fix: 'list at least one host, e.g. ["shop.example.com"]' });
    list.forEach((h, i) => {
      const p = checkGatewayHost(h);
      if (p) fail(this.gateway, `${field}[${offset + i}]`, h, p.problem, p.fix);
    });
    return list;
  }

  private checkTlsForProtocol(field: string, protocol: GatewayProtocol, tls: GatewayTls | undefined): void {
    const gw = this.gateway;
    if (TLS_FAMILY.includes(protocol)) {
      if (tls === undefined) fail(gw, field, tls, `server must have TLS settings for ${protocol}`, 'pass tls: GatewayTls.simple(certificate) (or passthrough())');
      if (tls.isHttpsRedirect) {
        fail(gw, field, 'httpsRedirect', `httpsRedirect only applies to plain HTTP servers; on a ${protocol} server it would leave the TLS mode implicit (PASSTHROUGH)`,
          'use GatewayTls.simple(certificate) here and put httpsRedirect on the port-80 HTTP server');
      }
    } else if (tls !== undefined) {
      if (!HTTP_FAMILY.includes(protocol)) fail(gw, field, tls.mode ?? 'httpsRedirect', `server cannot have TLS settings for ${protocol} ports`, 'use protocol TLS or HTTPS for TLS, or remove tls');
      if (!tls.isHttpsRedirect) {
        fail(gw, field, tls.mode, `server cannot have TLS settings for plain text ${protocol} ports (only httpsRedirect)`,
          'use protocol HTTPS (or TLS) for a TLS server, or GatewayTls.httpsRedirect() for a redirecting HTTP server');
      }
    }
    if (tls?.mode === GatewayTlsMode.AUTO_PASSTHROUGH && protocol !== GatewayProtocol.TLS) {
      fail(gw, field, tls.mode, 'AUTO_PASSTHROUGH routes by SNI and needs protocol TLS', 'use protocol GatewayProtocol.TLS');
    }
    if (tls?.minProtocolVersion !== undefined && tls.mode !== undefined && TERMINATING_MODES.includes(tls.mode)
      && LEGACY_VERSIONS.includes(tls.minProtocolVersion) && tls.cipherSuites === undefined) {
      Warnings.add(gw, `${field}.minProtocolVersion is ${tls.minProtocolVersion} without cipherSuites: TLS versions below TLSV1_2 need compatible ciphers, which the defaults no longer include`);
    }
  }

  /**
   * Istio merges the servers of all gateways on a port and skips a server with TLS settings
   * (httpsRedirect included) one of whose hosts an earlier such server already has ("skipping
   * server on gateway ..., duplicate host names", pilot/pkg/model/gateway.go CheckDuplicates,
   * comparing hosts after "./h" → "<ns>/h" and "*\/h" → "h"): the whole later server is
   * dropped. For HTTPS and TLS servers the same name behind different namespace prefixes is
   * not skipped there, but both servers then claim one SNI name on the listener. Across gateways
   * IST0145 covers this; here, within one gateway.
   */
  private claimTlsHosts(f: string, index: number, port: number, protocol: GatewayProtocol, hosts: string[], tls: GatewayTls, offset = 0): void {
    const namespace = this.gateway.namespace;
    const istioKey = (h: string) => (h.startsWith('./') ? `${namespace}/${h.slice(2)}` : h.startsWith('*/') ? h.slice(2) : h);
    const sni = TLS_FAMILY.includes(protocol);
    const key = (h: string) => (sni ? gatewayHostName(h) : istioKey(h));
    const known = this.tlsHostsByPort.get(port) ?? new Map<string, { server: number; host: string }>();
    hosts.forEach((h, i) => {
      const earlier = known.get(key(h));
      if (earlier === undefined) return;
      const why = istioKey(earlier.host) === istioKey(h)
        ? `Istio skips a later server whose host is already served with TLS settings on the port ("duplicate host names"), so this whole server${tls.isHttpsRedirect ? ' (its redirect included)' : ''} would be ignored`
        : `both servers would claim the SNI name "${gatewayHostName(h)}" on the port's listener, where only one filter chain can answer it`;
      fail(this.gateway, `${f}.hosts[${offset + i}]`, h, `servers[${earlier.server}] of this gateway already has this host${earlier.host !== h ? ` (as ${JSON.stringify(earlier.host)})` : ''} on port ${port} with TLS settings: ${why}`,
        'serve each host from one server per port (a server can list several hosts), or use another port');
    });
    hosts.forEach((h) => known.set(key(h), { server: index, host: h }));
    this.tlsHostsByPort.set(port, known);
  }

  private portNameFor(field: string, given: string | undefined, protocol: GatewayProtocol, port: number, hosts: string[]): string {
    const gw = this.gateway;
    if (given !== undefined) {
      requireString(gw, field, given, 'name the port, e.g. "https-443-shop"');
      if (/\s/.test(given)) fail(gw, field, given, 'a port name must not contain whitespace', 'use e.g. "https-443-shop"');
      if (this.portNames.has(given)) fail(gw, field, given, 'port names in servers must be unique', 'choose another portName or omit it to get a generated one');
      return given;
    }
    const first = gatewayHostName(hosts[0]);
    const label = first === '*' ? 'any' : first.startsWith('*.') ? `wildcard-${first.split('.')[1]}` : first.split('.')[0];
    const base = `${protocol.toLowerCase()}-${port}-${label.replace(/[^a-z0-9-]/g, '-')}`;
    let name = base;
    for (let n = 2; this.portNames.has(name); n++) name = `${base}-${n}`;
    return name;
  }
}
