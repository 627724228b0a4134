import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A camera or traffic sensor, with its current status (transitions are kept separately). */
@Entity({ name: 'devices' })
export class DeviceEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'gateway_id', type: 'varchar', length: 64 })
  gatewayId!: string;

  @Column({ name: 'area_code', type: 'varchar', length: 64 })
  areaCode!: string;

  /** camera | traffic_sensor */
  @Column({ type: 'text' })
  kind!: string;

  /** fixed | ptz | dome | bullet | anpr, for cameras. */
  @Column({ name: 'camera_type', type: 'text', nullable: true })
  cameraType!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: '' })
  vendor!: string;

  @Column({ type: 'text', default: '' })
  model!: string;

  @Column({ type: 'text', array: true, default: '{}' })
  purposes!: string[];

  @Column({ type: 'geometry', spatialFeatureType: 'Point', srid: 4326, nullable: true })
  location!: object | null;

  @Column({ name: 'bearing_deg', type: 'double precision', nullable: true })
  bearingDeg!: number | null;

  @Column({ name: 'fov_deg', type: 'double precision', nullable: true })
  fovDeg!: number | null;

  @Column({ name: 'range_m', type: 'double precision', nullable: true })
  rangeM!: number | null;

  @Column({ name: 'heartbeat_timeout_s', type: 'integer', default: 90 })
  heartbeatTimeoutS!: number;

  @Column({ type: 'text', default: 'unknown' })
  status!: string;

  @Column({ name: 'status_since', type: 'timestamptz', nullable: true })
  statusSince!: Date | null;

  /** Degrading conditions standing now (video_loss, tamper, storage_failure, recording_off). */
  @Column({ type: 'text', array: true, default: '{}' })
  conditions!: string[];

  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true })
  lastSeenAt!: Date | null;

  @Column({ name: 'decommissioned_at', type: 'timestamptz', nullable: true })
  decommissionedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
