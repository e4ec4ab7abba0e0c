import { startTestHttpServer, type TestHttpServer } from '@pds/testing/http';
import { FhirClient } from '../fhir-client';
import { PageSizeGovernor } from './page-size-governor';

describe('PageSizeGovernor', () => {
  it("starts at the source's page size", () => {
    expect(new PageSizeGovernor({ initial: 100 }).pageSize).toBe(100);
  });

  it('halves after 2 timeouts in a row, down to the minimum, and never grows back', () => {
    const governor = new PageSizeGovernor({ initial: 100 });
    const sizes: number[] = [];
    for (let i = 0; i < 10; i++) {
      governor.recordTimeout();
      governor.recordTimeout();
      governor.recordAnswer(); // an answer does not undo a halving
      sizes.push(governor.pageSize);
    }
    expect(sizes).toEqual([50, 25, 12, 10, 10, 10, 10, 10, 10, 10]);
  });

  it('does not halve when an answer comes between two timeouts', () => {
    const governor = new PageSizeGovernor({ initial: 100 });
    governor.recordTimeout();
    governor.recordAnswer();
    governor.recordTimeout();
    expect(governor.pageSize).toBe(100);
  });

  it('honours its options, and never goes below a page size smaller than the minimum', () => {
    const governor = new PageSizeGovernor({ initial: 64, halveAfterTimeouts: 3, minimum: 20 });
    governor.recordTimeout();
    governor.recordTimeout();
    expect(governor.pageSize).toBe(64);
    governor.recordTimeout();
    expect(governor.pageSize).toBe(32);
    for (let i = 0; i < 9; i++) governor.recordTimeout();
    expect(governor.pageSize).toBe(20);
    expect(new PageSizeGovernor({ initial: 5 }).pageSize).toBe(5);
  });

  it('asks for no more than a server gives, and halves from there', () => {
    const governor = new PageSizeGovernor({ initial: 1000, halveAfterTimeouts: 1 });
    governor.limitTo(1500);
    expect(governor.pageSize).toBe(1000);
    governor.limitTo(40);
    expect(governor.pageSize).toBe(40);
    governor.recordTimeout();
    expect(governor.pageSize).toBe(20);
    governor.limitTo(0);
    expect(governor.pageSize).toBe(20);
  });

  describe('fed by FhirClient', () => {
    let server: TestHttpServer | undefined;
    afterEach(() => server?.close());

    it('halves when requests time out twice in a row', async () => {
      server = await startTestHttpServer(() => undefined); // never answers
      const governor = new PageSizeGovernor({ initial: 100 });
      const client = new FhirClient({ allowPrivateTargets: true, timeoutMs: 100, retries: 2, backoffMs: 1, governor });

      await expect(client.getBundle(`${server.origin}/fhir/Location?_count=100`)).rejects.toMatchObject({ failure: 'timeout' });

      expect(server.requests).toHaveLength(3);
      expect(governor.pageSize).toBe(50);
    });
  });
});
