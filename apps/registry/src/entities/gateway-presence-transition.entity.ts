import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Every change of a gateway's presence, for gateway outages in SLA figures. */
@Entity({ name: 'gateway_presence_transitions' })
@Index(['gatewayId', 'at'])
export class GatewayPresenceTransitionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'gateway_id', type: 'varchar', length: 64 })
  gatewayId!: string;

  @Column({ name: 'from_state', type: 'text' })
  fromState!: string;

  @Column({ name: 'to_state', type: 'text' })
  toState!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;
}
