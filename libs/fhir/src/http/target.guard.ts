import { type LookupAddress, lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent } from 'undici';

/**
 * The rule that keeps a source from being turned against our own network: a request may only go
 * to a public unicast address. Loopback, private, link-local (cloud metadata at 169.254.169.254),
 * carrier-grade NAT, unique-local, multicast, and IPv6 forms that embed an IPv4 address (6to4,
 * NAT64) are refused. The check runs on the addresses DNS gives for the connection itself, so a
 * name that resolves to a public address when checked and a private one when used (DNS rebinding)
 * still cannot pass.
 */
export class PrivateTargetError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    const via = host === address ? '' : ` (${host} resolves to it)`;
    super(
      `${address}${via} is a ${describeRange(address)} address; sources may only reach public addresses ` +
        '(the operator can allow private ones with ALLOW_PRIVATE_SOURCES=true)',
    );
    this.name = 'PrivateTargetError';
  }
}

/** True for a public unicast IPv4 or IPv6 address; an IPv4-mapped IPv6 address is judged as its IPv4. */
export function isPublicAddress(address: string): boolean {
  return rangeOf(address) === 'unicast';
}

/** Throws PrivateTargetError when `url`'s host is an IP literal that is not public; names are checked at connect time. */
export function assertPublicLiteral(url: string): void {
  const host = hostOf(url);
  if (isIP(host) && !isPublicAddress(host)) throw new PrivateTargetError(host, host);
}

/**
 * Resolves `url`'s host and throws PrivateTargetError when any address is not public: the check
 * at the moment an admin sets a source. A name that does not resolve now passes here; every
 * request is checked again when it connects.
 */
export async function assertPublicTarget(url: string, lookup: typeof dnsLookup = dnsLookup): Promise<void> {
  assertPublicLiteral(url);
  const host = hostOf(url);
  if (isIP(host)) return;
  const addresses = await new Promise<LookupAddress[]>((resolve) =>
    lookup(host, { all: true }, (error, found) => resolve(error ? [] : found)),
  );
  const refused = addresses.find(({ address }) => !isPublicAddress(address));
  if (refused) throw new PrivateTargetError(host, refused.address);
}

/** A `net.connect` lookup that fails the connection when the name resolves to any address that is not public. */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find(({ address }) => !isPublicAddress(address));
    if (refused) return callback(new PrivateTargetError(hostname, refused.address), '', 0);
    if (options.all) return (callback as unknown as (error: null, all: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};

/** The connection pool of guarded clients: every connection it opens goes through `publicOnlyLookup`. */
export const publicOnlyDispatcher = new Agent({ connect: { lookup: publicOnlyLookup } });

function hostOf(url: string): string {
  // URL keeps IPv6 literals in brackets.
  return new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
}

function rangeOf(address: string): string {
  if (!ipaddr.isValid(address)) return 'invalid';
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (parsed as ipaddr.IPv6).toIPv4Address().range();
  }
  return parsed.range();
}

function describeRange(address: string): string {
  const range = rangeOf(address);
  const words: Record<string, string> = {
    loopback: 'loopback',
    private: 'private',
    linkLocal: 'link-local',
    uniqueLocal: 'unique-local (private)',
    carrierGradeNat: 'carrier-grade NAT',
    unspecified: 'unspecified',
    multicast: 'multicast',
  };
  return words[range] ?? `non-public (${range})`;
}
