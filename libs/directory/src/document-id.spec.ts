import { documentId } from './document-id';

describe('documentId', () => {
  it('is stable and engine-safe', () => {
    const id = documentId('payer-a', 'PractitionerRole', 'role.1', 'loc.1');
    expect(id).toBe(documentId('payer-a', 'PractitionerRole', 'role.1', 'loc.1'));
    expect(id).toMatch(/^[A-Za-z0-9_-]{27}$/);
  });

  it('differs by source, owner type, owner and location', () => {
    const ids = new Set([
      documentId('a', 'PractitionerRole', 'r', 'l'),
      documentId('b', 'PractitionerRole', 'r', 'l'),
      documentId('a', 'OrganizationAffiliation', 'r', 'l'),
      documentId('a', 'PractitionerRole', 'r2', 'l'),
      documentId('a', 'PractitionerRole', 'r', 'l2'),
      documentId('a', 'PractitionerRole', 'r_l', ''),
    ]);
    expect(ids.size).toBe(6);
  });
});
