import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A site gateway: one MQTT connection publishing for the devices behind it. */
@Entity({ name: 'gateways' })
export class GatewayEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'area_code', type: 'varchar', length: 64 })
  areaCode!: string;

  @Column({ type: 'text' })
  name!: string;

  /** online | offline | unknown, from its `$presence` topic. */
  @Column({ type: 'text', default: 'unknown' })
  presence!: string;

  @Column({ name: 'presence_changed_at', type: 'timestamptz', nullable: true })
  presenceChangedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
