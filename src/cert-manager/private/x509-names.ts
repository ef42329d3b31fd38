// How cert-manager reads the X.509 names written as strings (not exported from the package): a
// Certificate's `literalSubject` (an RFC 4514 distinguished name) and object identifiers
// (`otherNames[].oid`, dotted attribute types). One implementation, used by the input rules and
// by the whole-app checks over the wire form.

/** An attribute of a parsed `literalSubject`: its type as written and its decoded value. */
export interface SubjectAttribute {
  /** The attribute type as written (`CN`, `O`, a dotted OID, ...). */
  readonly type: string;
  /** The value, escapes decoded. */
  readonly value: string;
  /** Whether cert-manager recognises the type (a name it maps or a dotted OID). */
  readonly recognised: boolean;
}

/** A parsed `literalSubject`, or why it does not parse. */
export interface ParsedSubject {
  /** The RDNs in the order written, each with its attributes (`+` joins several). */
  readonly rdns: SubjectAttribute[][];
  /** The parse error, as go-ldap words it, if the string is not a distinguished name. */
  readonly error?: string;
}

/**
 * The attribute type names cert-manager maps to OIDs, case-sensitive as in its map
 * (cert-manager `pkg/util/pki/subject.go` `attributeTypeNames` at v1.21.1: `cn=` is not `CN=`).
 */
const ATTRIBUTE_TYPES = ['C', 'O', 'OU', 'CN', 'SERIALNUMBER', 'L', 'ST', 'STREET', 'DC', 'UID'];

/**
 * Parse a distinguished name as cert-manager's webhook does: go-ldap v3.4.13 `ParseDN`
 * (`v3/dn.go`: RDNs split at unescaped `,` or `;`, attributes at `+`, the type at the first
 * `=`, spaces around types and values trimmed, `\`-escapes of specials and `\XX` hex bytes
 * decoded, `#`-prefixed values BER-decoded), then each type looked up in cert-manager's map or
 * parsed as an OID (`UnmarshalSubjectStringToRDNSequence`).
 */
export function parseLiteralSubject(dn: string): ParsedSubject {
  const rdns: SubjectAttribute[][] = [];
  if (dn.trim() === '') return { rdns };
  let rdn: SubjectAttribute[] = [];
  let type: string | undefined;
  let start = 0;
  let escaping = false;
  const push = (raw: string, endOfRdn: boolean): string | undefined => {
    const value = decodeValue(raw);
    if (value.error !== undefined) return value.error;
    rdn.push({ type: type!, value: value.text!, recognised: ATTRIBUTE_TYPES.includes(type!) || parseOid(type!) !== undefined });
    type = undefined;
    if (endOfRdn) {
      rdns.push(rdn);
      rdn = [];
    }
    return undefined;
  };
  for (let i = 0; i < dn.length; i++) {
    const c = dn[i];
    if (escaping) {
      escaping = false;
    } else if (c === '\\') {
      escaping = true;
    } else if (c === '=' && !type) {
      const decoded = decodeString(dn.slice(start, i));
      if (decoded.error !== undefined) return { rdns, error: decoded.error };
      type = decoded.text;
      start = i + 1;
    } else if (c === ',' || c === '+' || c === ';') {
      if (!type) return { rdns, error: 'incomplete type, value pair' };
      const error = push(dn.slice(start, i), c !== '+');
      if (error) return { rdns, error };
      start = i + 1;
    }
  }
  if (!type) return { rdns, error: 'DN ended with incomplete type, value pair' };
  const error = push(dn.slice(start), true);
  return error ? { rdns, error } : { rdns };
}

/**
 * The common name cert-manager takes from a parsed subject: the value of the first `CN` as
 * written (the webhook walks the RDN sequence, which is stored in reverse, and keeps the last).
 */
export function commonNameOf(subject: ParsedSubject): string | undefined {
  for (const rdn of subject.rdns) {
    for (const a of rdn) {
      if (a.type === 'CN' || a.type === '2.5.4.3') return a.value;
    }
  }
  return undefined;
}

/**
 * The arcs of a dotted object identifier, or undefined. cert-manager's webhook only splits at
 * `.` and parses integers (`pkg/util/pki/asn1_util.go` `ParseObjectIdentifier`), but Go's
 * `encoding/asn1` then refuses to encode fewer than two arcs, a first arc above 2 or a second
 * arc of 40 or more under 0 and 1 ("invalid object identifier"), which fails issuance: this is
 * the stricter rule, so an OID that passes here is one cert-manager can write.
 */
export function parseOid(v: string): number[] | undefined {
  if (!/^[0-9]+(\.[0-9]+)+$/.test(v)) return undefined;
  const arcs = v.split('.').map(Number);
  if (arcs.some((a) => !Number.isSafeInteger(a))) return undefined;
  if (arcs[0] > 2 || (arcs[0] < 2 && arcs[1] >= 40)) return undefined;
  return arcs;
}

interface Decoded {
  readonly text?: string;
  readonly error?: string;
}

/** go-ldap `setValue`: a `#` value is the hex of a BER encoding, anything else a string. */
function decodeValue(raw: string): Decoded {
  const trimmed = raw.replace(/^ +/, '');
  if (trimmed.startsWith('#')) return decodeBer(trimmed.slice(1).replace(/ +$/, ''));
  return decodeString(raw);
}

/** go-ldap `decodeString`: trim spaces (an escaped trailing space stays), decode escapes. */
function decodeString(raw: string): Decoded {
  let s = raw.replace(/^ +/, '').replace(/ +$/, '');
  if (s.endsWith('\\') && raw.endsWith(' ')) s += ' ';
  const bytes: number[] = [];
  const chars = Array.from(s);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    if (i + 1 >= chars.length) return { error: `got corrupted escaped character: '${s}'` };
    if (' "#+,;<=>\\'.includes(chars[i + 1])) {
      bytes.push(chars[i + 1].charCodeAt(0));
      i++;
      continue;
    }
    if (i + 2 >= chars.length) return { error: `failed to decode escaped character: encoding/hex: invalid byte: ${chars[i + 1]}` };
    const hex = chars[i + 1] + chars[i + 2];
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return { error: `failed to decode escaped character: invalid hex pair ${JSON.stringify(hex)}` };
    bytes.push(parseInt(hex, 16));
    i += 2;
  }
  return { text: Buffer.from(bytes).toString('utf8') };
}

/** A `#`-value: hex of one BER element with a definite length; its content is the value. */
function decodeBer(hex: string): Decoded {
  const invalid = { error: 'failed to decode BER encoding' };
  if (hex.length % 2 !== 0 || !/^[0-9A-Fa-f]*$/.test(hex)) return { error: 'failed to decode BER encoding: encoding/hex: invalid hex string' };
  const b = Buffer.from(hex, 'hex');
  if (b.length < 2 || (b[0] & 0x1f) === 0x1f) return invalid;
  let length = b[1];
  let offset = 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4 || b.length < 2 + n) return invalid;
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + b[2 + i];
    offset += n;
  }
  if (offset + length > b.length) return invalid;
  return { text: b.subarray(offset, offset + length).toString('utf8') };
}
