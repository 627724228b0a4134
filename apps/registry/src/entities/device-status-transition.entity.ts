import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Every status transition of every device, with its time: availability is computed from
 * these. The table doubles as the outbox for `device.status-changed` events: a row with
 * no published_at is (re)published at startup.
 */
@Entity({ name: 'device_status_transitions' })
@Index(['deviceId', 'at'])
export class DeviceStatusTransitionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'device_id', type: 'varchar', length: 64 })
  deviceId!: string;

  @Column({ name: 'gateway_id', type: 'varchar', length: 64 })
  gatewayId!: string;

  @Column({ name: 'area_code', type: 'varchar', length: 64 })
  areaCode!: string;

  @Column({ name: 'from_status', type: 'text' })
  fromStatus!: string;

  @Column({ name: 'to_status', type: 'text' })
  toStatus!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ name: 'message_id', type: 'text', nullable: true })
  messageId!: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
