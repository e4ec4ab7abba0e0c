import type { QuarantinedResource, RepairedResource } from '../run/run-record';
import { admitResource, screenResource } from './resource-screen';
import { emptyTypeRecord } from './type-record';

describe('screenResource', () => {
  it('keeps a repaired resource, without its narrative, with what was repaired', () => {
    const screened = screenResource(
      { resourceType: 'Organization', id: 'o1', text: { status: 'generated', div: '<div/>' }, identifier: [{ value: 426637 }] },
      'Organization',
    );

    expect(screened).toEqual({
      resource: { resourceType: 'Organization', id: 'o1', identifier: [{ value: '426637' }] },
      quarantine: null,
      repair: {
        type: 'Organization',
        id: 'o1',
        reasons: ['Organization.identifier[0].value was the number 426637; FHIR wants a string: made "426637"'],
      },
    });
  });

  it('reads an id published as a number as its digits', () => {
    expect(screenResource({ resourceType: 'Location', id: 42 }, 'Location')).toMatchObject({
      resource: { resourceType: 'Location', id: '42' },
      repair: { id: '42', reasons: ['Location.id was the number 42; FHIR wants a string: made "42"'] },
    });
  });

  it('quarantines what cannot be understood, naming the resource when it can', () => {
    expect(screenResource({ resourceType: 'Location', id: 'l1', address: { postalCode: 1234567890 } }, 'Location')).toEqual({
      resource: null,
      quarantine: { type: 'Location', id: 'l1', reason: 'Location.address.postalCode is the number 1234567890, which no US ZIP can be' },
      repair: null,
    });
    expect(screenResource({ resourceType: 'Location', name: 'Main St' }, 'Location').quarantine).toEqual({
      type: 'Location',
      id: null,
      reason: 'the Location has no id',
    });
    expect(screenResource({ resourceType: 'Organization', id: 'o1' }, 'Location').quarantine?.reason).toBe(
      'expected a Location, got a Organization',
    );
    expect(screenResource(undefined, 'Location').quarantine?.reason).toBe('the entry has no resource');
  });

  it('keeps at most ten reasons per resource, saying how many more there were', () => {
    const telecom = Array.from({ length: 25 }, (_, index) => ({ system: 'phone', value: 8605550000 + index }));
    const { repair } = screenResource({ resourceType: 'Location', id: 'l1', telecom }, 'Location');

    expect(repair!.reasons).toHaveLength(10);
    expect(repair!.reasons[8]).toBe('Location.telecom[8].value was the number 8605550008; FHIR wants a string: made "8605550008"');
    expect(repair!.reasons[9]).toBe('and 16 more');
  });
});

describe('admitResource', () => {
  it("counts repaired and quarantined resources in the type's record and tells the listener", () => {
    const record = emptyTypeRecord();
    const repaired: RepairedResource[] = [];
    const quarantined: QuarantinedResource[] = [];
    const listener = {
      onRepair: (entry: RepairedResource) => repaired.push(entry),
      onQuarantine: (entry: QuarantinedResource) => quarantined.push(entry),
    };

    const kept = [
      admitResource({ resourceType: 'Location', id: 'l1' }, 'Location', record, listener),
      admitResource({ resourceType: 'Location', id: 'l2', address: { postalCode: 6510 } }, 'Location', record, listener),
      admitResource({ resourceType: 'Location' }, 'Location', record, listener),
    ];

    expect(kept).toEqual([
      { resourceType: 'Location', id: 'l1' },
      { resourceType: 'Location', id: 'l2', address: { postalCode: '06510' } },
      null,
    ]);
    expect(record).toMatchObject({ repaired: 1, quarantined: 1 });
    expect(repaired.map((entry) => entry.id)).toEqual(['l2']);
    expect(quarantined.map((entry) => entry.reason)).toEqual(['the Location has no id']);
  });
});
