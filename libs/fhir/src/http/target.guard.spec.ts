import type { LookupAddress } from 'node:dns';
import { sendJson, startTestHttpServer, type TestHttpServer } from '@pds/testing/http';
import { FhirClient } from '../fhir-client';
import { FhirFetchError } from '../fhir-fetch.error';
import { assertPublicTarget, isPublicAddress, PrivateTargetError } from './target.guard';

/** A stand-in for dns.lookup answering `addresses` for every name. */
const resolvesTo = (...addresses: string[]) =>
  ((_host: string, _options: object, callback: (error: null, found: LookupAddress[]) => void) =>
    callback(null, addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })))) as never;

describe('the private-target guard', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.2.3.4', 'private'],
    ['172.16.0.9', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'cloud metadata (link-local)'],
    ['100.100.100.200', 'cloud metadata (carrier-grade NAT)'],
    ['0.0.0.0', 'unspecified'],
    ['::1', 'IPv6 loopback'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['fd00:ec2::254', 'IPv6 cloud metadata (unique-local)'],
    ['fe80::1', 'IPv6 link-local'],
    ['2002:7f00:1::1', '6to4 of 127.0.0.1'],
    ['64:ff9b::a00:1', 'NAT64 of 10.0.0.1'],
  ])('refuses %s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '93.184.216.34', '2606:4700::1111', '::ffff:8.8.8.8'])('allows %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it('refuses at set time a name that resolves to any private address, and a private literal', async () => {
    await expect(assertPublicTarget('https://payer.example/fhir', resolvesTo('93.184.216.34', '10.0.0.7'))).rejects.toThrow(
      'payer.example resolves to it',
    );
    await expect(assertPublicTarget('http://[::1]:8080/fhir', resolvesTo('93.184.216.34'))).rejects.toBeInstanceOf(PrivateTargetError);
    await expect(assertPublicTarget('https://payer.example/fhir', resolvesTo('93.184.216.34'))).resolves.toBeUndefined();
  });

  describe('on every request of a guarded client', () => {
    let server: TestHttpServer;
    beforeAll(async () => {
      server = await startTestHttpServer((_req, res) => sendJson(res, { resourceType: 'Bundle', type: 'searchset' }));
    });
    afterAll(() => server.close());
    const guarded = new FhirClient({ allowPrivateTargets: false, timeoutMs: 2_000, retries: 2, backoffMs: 1 });

    it.each([
      ['an IP literal', () => `${server.origin}/fhir/Location`],
      ['a name resolved when connecting', () => `http://localhost:${new URL(server.origin).port}/fhir/Location`],
    ])('refuses %s on loopback without sending anything or retrying', async (_what, url) => {
      const before = server.requests.length;

      const error = await guarded.getBundle(url()).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(FhirFetchError);
      expect(error).toMatchObject({ failure: 'refused-target', retryable: false });
      expect((error as Error).message).toContain('is a loopback address; sources may only reach public addresses');
      expect(server.requests.length).toBe(before);
    });

    it('lets an unguarded client (an operator source, a test) reach loopback', async () => {
      const open = new FhirClient({ allowPrivateTargets: true, timeoutMs: 2_000, retries: 0 });

      await expect(open.getBundle(`${server.origin}/fhir/Location`)).resolves.toMatchObject({ attempts: 1 });
    });
  });
});
