import { type TypeRunRecord, emptyCounters } from '../run/run-record';

export function emptyTypeRecord(): TypeRunRecord {
  return { ...emptyCounters(), complete: false, serverTotal: null, cursorExpired: 0, cursorExpiredReason: null };
}
