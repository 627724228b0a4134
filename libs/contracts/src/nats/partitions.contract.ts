// Partitions of the device traffic (decision 0024). Every key area belongs to one of a fixed
// number of partitions, a stable hash of its code; device messages, gateway presence and
// device status changes carry the partition as a subject token (`p<k>`), so that one
// JetStream consumer per partition can filter on it (NATS 2.9 takes one filter per
// consumer). The copies of a partitioned service share the partitions out between them.
// The number is a platform constant, not a setting: a message's partition must be the
// same for the ingest that publishes it and for every copy that reads it, across versions.

/** How many partitions the device traffic is split into. Changing it re-homes every area. */
export const DEVICE_PARTITIONS = 16;

/** 32-bit FNV-1a of the text's UTF-8 bytes (unsigned). Stable across processes and languages. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

const hashes = new Map<string, number>();

/** The partition of a key area: 0 … partitions − 1. (Hashes are kept: ingest asks for every message, of a few hundred areas.) */
export function partitionOfArea(areaCode: string, partitions: number = DEVICE_PARTITIONS): number {
  let hash = hashes.get(areaCode);
  if (hash === undefined) {
    hash = fnv1a32(areaCode);
    if (hashes.size < 100_000) hashes.set(areaCode, hash);
  }
  return hash % partitions;
}

/** The subject token of a partition: `p0` … `p15`. */
export const partitionToken = (partition: number): string => `p${partition}`;
