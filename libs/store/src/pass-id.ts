import { randomUUID } from 'node:crypto';

const PASS_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A new pass id: a UUID, unique across processes without coordination. */
export function newPassId(): string {
  return randomUUID();
}

/** Only ids `newPassId` could have made name a pass, so a stray id can never reach another key or path. */
export function isPassId(passId: string): boolean {
  return PASS_ID.test(passId);
}
