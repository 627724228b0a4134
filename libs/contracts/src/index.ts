export * from './contract';
export * from './mqtt/topics.contract';
export * from './mqtt/device-payloads.contract';
export * from './nats/subjects.contract';
export * from './nats/messages.contract';
export * from './socket/ops.contract';
