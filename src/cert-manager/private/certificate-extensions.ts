// A Certificate's subject and extension fields beyond names and key (not exported from the
// package): `literalSubject`, `otherNames`, `nameConstraints` and `keystores` — their input
// rules (cert-manager webhook `internal/apis/certmanager/validation/certificate.go` at v1.21.1,
// the CRD schema) and their wire form.
import * as cm from '../../../imports/cert-manager-cert-manager.io';
import { checkEnum } from '../../private/fields';
import { isIpOrCidr } from '../../private/names';
import { expectFields } from '../../private/types';
import { fail, Where } from '../../validation/error';
import { CertificateKeystores, CertificateProps, NameConstraintItem, NameConstraints, OtherName, Pkcs12Profile } from '../certificate-options';
import { checkSecretKeySelector, secretKeyRef } from './credentials';
import { commonNameOf, parseLiteralSubject, parseOid } from './x509-names';

/**
 * `literalSubject`: a distinguished name go-ldap parses, with only attribute types cert-manager
 * recognises, exclusive with `commonName` and every `subject` field (serialNumber included).
 * Returns the common name it carries, which the webhook counts as the Certificate's.
 */
export function checkLiteralSubject(where: Where, p: CertificateProps): string | undefined {
  const literal = p.literalSubject;
  if (literal === undefined) return undefined;
  if (typeof literal !== 'string' || literal.trim() === '') {
    fail(where, 'literalSubject', literal, 'must be a non-empty distinguished name', "write the subject in RFC 4514 form, e.g. 'CN=app.example.com,O=Example,C=DE', or remove literalSubject");
  }
  if (p.commonName !== undefined) {
    fail(where, 'commonName', p.commonName, 'When providing a `LiteralSubject` no `commonName` may be provided.', 'put the common name into literalSubject as CN=..., and remove commonName');
  }
  const s = p.subject;
  if (s && (['organizations', 'countries', 'organizationalUnits', 'localities', 'provinces', 'streetAddresses', 'postalCodes'] as const).some((f) => (s[f] ?? []).length > 0) || (s?.serialNumber ?? '').length > 0) {
    fail(where, 'subject', s, 'When providing a `LiteralSubject` no `Subject` properties may be provided.', 'write these attributes into literalSubject (O=, OU=, C=, L=, ST=, STREET=, SERIALNUMBER=) and remove subject');
  }
  const parsed = parseLiteralSubject(literal);
  if (parsed.error !== undefined) {
    fail(where, 'literalSubject', literal, `is not a distinguished name: ${parsed.error}`, 'separate attributes with "," and escape "," "+" ";" "\\" "=" in values with a backslash, e.g. \'CN=app,O=Example\\, Inc.\'');
  }
  for (const a of parsed.rdns.flat()) {
    if (!a.recognised) {
      fail(where, 'literalSubject', literal, `Literal subject contains unrecognized key with value [${a.value}] (attribute type ${JSON.stringify(a.type)})`,
        'use C, O, OU, CN, SERIALNUMBER, L, ST, STREET, DC or UID (upper case: cert-manager matches them case-sensitively) or a dotted OID such as 2.5.4.12');
    }
  }
  return commonNameOf(parsed);
}

/** `otherNames`: each a dotted OID and a non-empty valid UTF-8 value. */
export function checkOtherNames(where: Where, list: OtherName[] | undefined): OtherName[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) fail(where, 'otherNames', list, 'must be a list', 'pass otherNames as an array of { oid, utf8Value }');
  list.forEach((n, i) => {
    const field = `otherNames[${i}]`;
    expectFields(where, field, n, { oid: 'string', utf8Value: 'string' });
    if (n === undefined) fail(where, field, n, 'must be an object', 'pass { oid, utf8Value }');
    if (!n.oid) fail(where, `${field}.oid`, n.oid, 'must be specified', "set the OID, e.g. '1.3.6.1.4.1.311.20.2.3' for a Microsoft UPN");
    if (!parseOid(n.oid)) {
      fail(where, `${field}.oid`, n.oid, 'invalid oid syntax (a dotted object identifier of at least two arcs, the first 0, 1 or 2)', "write it as dotted decimals, e.g. '1.3.6.1.4.1.311.20.2.3'");
    }
    if (!n.utf8Value || Buffer.from(n.utf8Value, 'utf8').toString('utf8') !== n.utf8Value) {
      fail(where, `${field}.utf8Value`, n.utf8Value, 'must be set to a valid non-empty UTF8 string', "set the value, e.g. 'user@corp.example.com' for a UPN");
    }
    if (list.findIndex((m) => m.oid === n.oid && m.utf8Value === n.utf8Value) !== i) fail(where, field, n, 'duplicate entry', 'list each other name once');
  });
  return list;
}

const NAME_CONSTRAINT_LISTS = ['dnsDomains', 'ipRanges', 'emailAddresses', 'uriDomains'] as const;

/**
 * `nameConstraints`: only on a CA certificate, with `permitted` or `excluded` (webhook); each
 * IP range a CIDR, which cert-manager parses with `net.ParseCIDR` when it builds the CSR
 * (`pkg/util/pki/csr.go` `parseCIDRs`: an invalid range fails issuance).
 */
export function checkNameConstraints(where: Where, nc: NameConstraints | undefined, isCa: boolean | undefined): void {
  if (nc === undefined) return;
  expectFields(where, 'nameConstraints', nc, { critical: 'boolean', permitted: 'object', excluded: 'object' });
  if (isCa !== true) {
    fail(where, 'nameConstraints', nc, 'isCa should be true when nameConstraints is set (name constraints only restrict what a CA signs)', 'set isCa: true, or remove nameConstraints');
  }
  if (isEmptyItem(nc.permitted) && isEmptyItem(nc.excluded)) {
    fail(where, 'nameConstraints', nc, 'either permitted or excluded must be set (with at least one name)', "list the names the CA may sign for in permitted (e.g. dnsDomains: ['corp.example.com']) or those it may not in excluded");
  }
  for (const side of ['permitted', 'excluded'] as const) {
    const item = nc[side];
    if (item === undefined) continue;
    expectFields(where, `nameConstraints.${side}`, item, { dnsDomains: 'string[]', ipRanges: 'string[]', emailAddresses: 'string[]', uriDomains: 'string[]' });
    for (const list of NAME_CONSTRAINT_LISTS) {
      (item[list] ?? []).forEach((v, i) => {
        const field = `nameConstraints.${side}.${list}[${i}]`;
        if (v.trim() === '') fail(where, field, v, 'must be a non-empty string', 'remove the empty entry');
        if (list === 'ipRanges' && (!v.includes('/') || !isIpOrCidr(v))) {
          fail(where, field, v, 'invalid CIDR address (cert-manager parses it with net.ParseCIDR and fails the issuance)', "write the range with its prefix length, e.g. '10.0.0.0/8' or 'fd00::/8'");
        }
      });
    }
  }
}

function isEmptyItem(item: NameConstraintItem | undefined): boolean {
  return item === undefined || NAME_CONSTRAINT_LISTS.every((l) => (item[l] ?? []).length === 0);
}

/** `keystores`: each with its password Secret key, JKS with a non-empty alias, PKCS#12 with a known profile. */
export function checkKeystores(where: Where, ks: CertificateKeystores | undefined): void {
  if (ks === undefined) return;
  expectFields(where, 'keystores', ks, { jks: 'object', pkcs12: 'object' });
  if (ks.jks === undefined && ks.pkcs12 === undefined) {
    fail(where, 'keystores', ks, 'no keystore is configured', 'set keystores.jks and/or keystores.pkcs12, or remove keystores');
  }
  if (ks.jks !== undefined) {
    expectFields(where, 'keystores.jks', ks.jks, { alias: 'string', passwordSecretRef: 'object' });
    checkKeystorePassword(where, 'keystores.jks', ks.jks.passwordSecretRef, 'JKS');
    if (ks.jks.alias !== undefined && ks.jks.alias.trim() === '') fail(where, 'keystores.jks.alias', ks.jks.alias, 'must be a non-empty string', "remove it to use cert-manager's default alias, certificate");
  }
  if (ks.pkcs12 !== undefined) {
    expectFields(where, 'keystores.pkcs12', ks.pkcs12, { passwordSecretRef: 'object' });
    checkKeystorePassword(where, 'keystores.pkcs12', ks.pkcs12.passwordSecretRef, 'PKCS#12');
    checkEnum(where, 'keystores.pkcs12.profile', ks.pkcs12.profile, Pkcs12Profile, 'Pkcs12Profile');
  }
}

/** The webhook: "must set exactly one of passwordSecretRef and password" (the literal is not offered). */
function checkKeystorePassword(where: Where, field: string, ref: unknown, kind: string): void {
  if (ref === undefined) {
    fail(where, `${field}.passwordSecretRef`, ref, `a ${kind} keystore needs a password: cert-manager refuses one without passwordSecretRef or password`,
      'create a Secret holding the password in the Certificate\'s namespace and reference it: passwordSecretRef: { name, key }');
  }
  checkSecretKeySelector(where, `${field}.passwordSecretRef`, ref as any);
}

/** The wire form of the fields checked above (undefined when unset). */
export function renderCertificateExtensions(p: CertificateProps): Partial<cm.CertificateSpec> {
  const ks = p.keystores;
  const item = (i: NameConstraintItem | undefined) => i && {
    dnsDomains: nonEmpty(i.dnsDomains), ipRanges: nonEmpty(i.ipRanges), emailAddresses: nonEmpty(i.emailAddresses), uriDomains: nonEmpty(i.uriDomains),
  };
  return {
    literalSubject: p.literalSubject,
    otherNames: p.otherNames?.length ? p.otherNames.map((n) => ({ oid: n.oid, utf8Value: n.utf8Value })) : undefined,
    nameConstraints: p.nameConstraints && {
      critical: p.nameConstraints.critical,
      permitted: isEmptyItem(p.nameConstraints.permitted) ? undefined : item(p.nameConstraints.permitted),
      excluded: isEmptyItem(p.nameConstraints.excluded) ? undefined : item(p.nameConstraints.excluded),
    },
    keystores: ks && {
      jks: ks.jks && { create: true, alias: ks.jks.alias, passwordSecretRef: secretKeyRef(ks.jks.passwordSecretRef) },
      pkcs12: ks.pkcs12 && {
        create: true,
        passwordSecretRef: secretKeyRef(ks.pkcs12.passwordSecretRef),
        profile: ks.pkcs12.profile as unknown as cm.CertificateSpecKeystoresPkcs12Profile | undefined,
      },
    },
  };
}

function nonEmpty(list: string[] | undefined): string[] | undefined {
  return list?.length ? [...list] : undefined;
}
