// Socket.IO contract of the realtime app, namespace /ops (DESIGN.md §3). A client
// subscribes to areas, gets a `snapshot` with the current per-area sequence numbers, then
// pushes, each with its area's next sequence number. A gap in the sequence means the
// client missed a push and must subscribe again for a fresh snapshot.
import { z } from 'zod';
import { defineContract, identifier } from '../contract';
import { areaSnapshotSchema, DeviceStatusChangedV1 } from '../nats/messages.contract';

export const OPS_NAMESPACE = '/ops';

export const OPS_EVENTS = {
  subscribe: 'subscribe',
  snapshot: 'snapshot',
  deviceStatus: 'device.status',
  error: 'ops.error',
} as const;

export const OpsSubscribeV1 = defineContract(
  'ops.subscribe',
  1,
  z.object({ areas: z.union([z.literal('*'), z.array(identifier()).min(1).max(1000)]) }),
);
export type OpsSubscribe = z.infer<typeof OpsSubscribeV1.schema>;

export const OpsSnapshotV1 = defineContract(
  'ops.snapshot',
  1,
  z.object({
    areas: z.array(areaSnapshotSchema.extend({ seq: z.number().int().min(0) })),
  }),
);
export type OpsSnapshot = z.infer<typeof OpsSnapshotV1.schema>;

export const OpsDeviceStatusV1 = defineContract(
  'ops.device.status',
  1,
  DeviceStatusChangedV1.schema.extend({ seq: z.number().int().positive() }),
);
export type OpsDeviceStatus = z.infer<typeof OpsDeviceStatusV1.schema>;

/** Answer to a client's request, delivered through the Socket.IO acknowledgement. */
export type OpsAck = { ok: true } | { ok: false; error: { code: string; message: string } };
