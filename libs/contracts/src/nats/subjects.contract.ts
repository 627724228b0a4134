// NATS subjects and JetStream streams. Every name starts with a prefix (`ioc` in
// production) so that test runs, and several deployments on one NATS, never see each
// other's messages. Subjects carry their version; a breaking change is a new subject.
// Device messages, gateway presence and device status changes carry their key area's
// partition (`p<k>`, partitions.contract.ts) so that a consumer can read one partition.
import { partitionOfArea, partitionToken } from './partitions.contract';

export const DEFAULT_NATS_PREFIX = 'ioc';

export interface StreamSpec {
  name: string;
  subjects: string[];
  /** How long messages are kept, in seconds. */
  maxAgeS: number;
  /** JetStream's window for dropping repeats of the same Nats-Msg-Id, in seconds. */
  duplicateWindowS: number;
}

export function natsSubjects(prefix: string = DEFAULT_NATS_PREFIX) {
  return {
    /** Everything ingest publishes to the device stream: device messages and gateway presence, every partition. */
    deviceStreamAll: `${prefix}.device.v1.>`,
    /** Accepted device messages, published by ingest: `….device.v1.p<k>.{area}.{gateway}.{device}.{channel}`. */
    deviceMessage: (areaCode: string, gatewayId: string, deviceId: string, channel: string) =>
      `${prefix}.device.v1.${partitionToken(partitionOfArea(areaCode))}.${areaCode}.${gatewayId}.${deviceId}.${channel}`,
    /** Device messages (not presence) of every partition. */
    deviceMessageAll: `${prefix}.device.v1.*.*.*.*.*`,
    /** Accepted device messages of one channel, every partition: a consumer that reads events apart from heartbeats. */
    deviceChannelAll: (channel: string) => `${prefix}.device.v1.*.*.*.*.${channel}`,
    /** Device messages of one channel in one partition. */
    deviceChannelOfPartition: (partition: number, channel: string) => `${prefix}.device.v1.${partitionToken(partition)}.*.*.*.${channel}`,
    /** Gateway presence (online/offline), published by ingest: `….device.v1.p<k>.{area}.{gateway}.presence`. */
    gatewayPresence: (areaCode: string, gatewayId: string) => `${prefix}.device.v1.${partitionToken(partitionOfArea(areaCode))}.${areaCode}.${gatewayId}.presence`,
    /** Gateway presence of every partition (one token fewer than a device message, `presence` last). */
    gatewayPresenceAll: `${prefix}.device.v1.*.*.*.presence`,
    /** Gateway presence of one partition. */
    gatewayPresenceOfPartition: (partition: number) => `${prefix}.device.v1.${partitionToken(partition)}.*.*.presence`,
    /** Device messages and gateway presence of one partition: one filter, as NATS 2.9 needs. */
    devicePartition: (partition: number) => `${prefix}.device.v1.${partitionToken(partition)}.>`,
    /** Whether a subject of the device stream is a device event (an alarm: the `event` channel). */
    isDeviceEvent: (subject: string) => subject.endsWith('.event') && subject.split('.').length === 8,
    /** Whether a subject of the device stream is gateway presence (not a device message). */
    isGatewayPresence: (subject: string) => subject.endsWith('.presence') && subject.split('.').length === 7,
    /** Messages ingest refused, with the reason. */
    ingestRejected: `${prefix}.ingest.rejected.v1`,
    /** Every state fact (device status, incidents, later coverage and SLA). */
    stateAll: `${prefix}.state.>`,
    /** Device status transitions, published by registry: `….state.device-status.v1.p<k>.{area}`. */
    deviceStatusChanged: (areaCode: string) => `${prefix}.state.device-status.v1.${partitionToken(partitionOfArea(areaCode))}.${areaCode}`,
    deviceStatusChangedAll: `${prefix}.state.device-status.v1.>`,
    /** Device status transitions of one partition. */
    deviceStatusChangedOfPartition: (partition: number) => `${prefix}.state.device-status.v1.${partitionToken(partition)}.>`,
    /** Changes to the register (key areas, checkpoints, gateways, devices), published by registry. */
    registerChanged: (areaCode: string) => `${prefix}.state.register.v1.${areaCode}`,
    registerChangedAll: `${prefix}.state.register.v1.>`,
    /** An area's coverage figures changed, published by the coverage service. */
    coverageUpdated: (areaCode: string) => `${prefix}.state.coverage.v1.${areaCode}`,
    coverageUpdatedAll: `${prefix}.state.coverage.v1.>`,
    /** Request/reply: the coverage service's operations (`coverage.v1.<operation>`). */
    coverageOperation: (operation: string) => `${prefix}.coverage.v1.${operation}`,
    /** A missed acknowledgement deadline (escalation), published by the SLA service. */
    slaBreach: (areaCode: string) => `${prefix}.state.sla.v1.${areaCode}`,
    slaBreachAll: `${prefix}.state.sla.v1.>`,
    /** Request/reply: the SLA service's operations (`sla.v1.<operation>`). */
    slaOperation: (operation: string) => `${prefix}.sla.v1.${operation}`,
    /** Incident facts (opened, updated, resolved), published by the incident service. */
    incidentEvent: (areaCode: string) => `${prefix}.state.incident.v1.${areaCode}`,
    incidentEventAll: `${prefix}.state.incident.v1.>`,
    /** Request/reply: the incident service's operations (`incident.v1.<operation>`). */
    incidentOperation: (operation: string) => `${prefix}.incident.v1.${operation}`,
    /** Monitoring beats of ingest and the registry (MonitoringBeatV1), read by the SLA service. */
    monitoringBeat: (service: string) => `${prefix}.monitoring.v1.${service}`,
    monitoringBeatAll: `${prefix}.monitoring.v1.>`,
    /** Request/reply: current state of areas, answered by registry. */
    registrySnapshot: `${prefix}.registry.snapshot.v1`,
    /** Request/reply: the register's operations (`registry.v1.<operation>`), answered by registry. */
    registryOperation: (operation: string) => `${prefix}.registry.v1.${operation}`,
    /**
     * Progress of bulk imports, published by registry on core NATS (not JetStream: a lost
     * progress message is replaced by the next one); realtime relays it to the user's sockets.
     */
    importProgress: `${prefix}.registry.import-progress.v1`,
  };
}
export type NatsSubjects = ReturnType<typeof natsSubjects>;

const DAY_S = 24 * 3600;

/**
 * `deviceDuplicateWindowS` is how long JetStream remembers a device message's id: the
 * ingest's only dedupe (decision 0004), set by the ingest, which owns the stream.
 */
export function natsStreams(prefix: string = DEFAULT_NATS_PREFIX, rawRetentionS = 7 * DAY_S, deviceDuplicateWindowS = 120) {
  const s = natsSubjects(prefix);
  const base = prefix.toUpperCase().replace(/[^A-Z0-9_-]/g, '_');
  return {
    /** Raw accepted device traffic and presence: replayable for `rawRetentionS` (DESIGN.md §2). */
    device: {
      name: `${base}_DEVICE`,
      subjects: [s.deviceStreamAll],
      maxAgeS: rawRetentionS,
      duplicateWindowS: deviceDuplicateWindowS,
    },
    /** Rejected messages, for operators and gateway vendors to investigate. */
    rejects: { name: `${base}_REJECTS`, subjects: [s.ingestRejected], maxAgeS: rawRetentionS, duplicateWindowS: 120 },
    /** State changes (facts) published by the services. */
    state: { name: `${base}_STATE`, subjects: [s.stateAll], maxAgeS: 30 * DAY_S, duplicateWindowS: 120 },
    /** When the platform was monitoring (beats of ingest and the registry), kept as long as the state. */
    monitoring: { name: `${base}_MONITORING`, subjects: [s.monitoringBeatAll], maxAgeS: 30 * DAY_S, duplicateWindowS: 120 },
  } satisfies Record<string, StreamSpec>;
}
