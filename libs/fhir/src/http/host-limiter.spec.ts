import { setTimeout as sleep } from 'node:timers/promises';
import { HostLimiterRegistry } from './host-limiter-registry';
import { HostLimiter } from './host-limiter';

const unlimited = { requestsPerSecond: Infinity, concurrency: Infinity };

describe('HostLimiter', () => {
  it('hands a freed slot to the request that waited longest', async () => {
    const limiter = new HostLimiter({ ...unlimited, concurrency: 1 });
    const order: string[] = [];
    const first = await limiter.acquire();
    const second = limiter.acquire().then((release) => {
      order.push('second');
      release();
    });
    const third = limiter.acquire().then((release) => {
      order.push('third');
      release();
    });
    await sleep(10);
    expect(order).toEqual([]);

    first();
    first(); // releasing twice frees one slot, not two
    await Promise.all([second, third]);

    expect(order).toEqual(['second', 'third']);
  });

  it('starts nothing before the end of a pause', async () => {
    const limiter = new HostLimiter(unlimited);
    const until = Date.now() + 200;
    limiter.pauseUntil(until);
    limiter.pauseUntil(until - 100); // a shorter pause does not shorten the longer one

    await limiter.acquire();
    const startedAt = Date.now();

    expect(startedAt).toBeGreaterThanOrEqual(until);
    expect(limiter.pausedUntil).toBe(until);
  });
  it('spaces starts from the actual previous start, with no burst to catch up after the event loop stalled', async () => {
    const limiter = new HostLimiter({ requestsPerSecond: 10, concurrency: Infinity });
    const starts: number[] = [];
    const runs = Array.from({ length: 5 }, () => limiter.acquire().then(() => starts.push(Date.now())));
    await sleep(1);
    for (const until = Date.now() + 350; Date.now() < until; ); // a stall past three turns

    await Promise.all(runs);

    // 100 ms apart when the limiter lets them go; the tasks themselves may note the time a little later
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(90);
  });
});

describe('HostLimiterRegistry', () => {
  it('gives one limiter per origin, tightened to the strictest limits asked for', () => {
    const registry = new HostLimiterRegistry();
    const a = registry.forUrl('https://payer.example/fhir/Location', { requestsPerSecond: 5, concurrency: 4 });
    const b = registry.forUrl('https://payer.example/other/fhir', { requestsPerSecond: 10, concurrency: 2 });
    const other = registry.forUrl('https://payer.example:8443/fhir', { requestsPerSecond: 10, concurrency: 2 });

    expect(b).toBe(a);
    expect(a.current).toEqual({ requestsPerSecond: 5, concurrency: 2 });
    expect(other).not.toBe(a);
  });
});
