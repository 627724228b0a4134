import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A key area (khu vực trọng điểm): the unit coverage and SLA are reported for. */
@Entity({ name: 'key_areas' })
export class KeyAreaEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  district!: string;

  @Column({ type: 'text' })
  category!: string;

  /** GeoJSON polygon in WGS 84 (EPSG:4326). */
  @Column({ type: 'geometry', spatialFeatureType: 'Polygon', srid: 4326, nullable: true })
  boundary!: object | null;

  @Column({ name: 'coverage_target_pct', type: 'numeric', precision: 5, scale: 2, default: 100 })
  coverageTargetPct!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
