import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { LayerEntity } from './layer.entity.js';
import { SublistEntity } from './sublist.entity.js';

export type HandEditAction = 'add' | 'remove';

/**
 * The user's latest change by hand of one track in one sublist, seen at a sync: the bot never
 * re-adds what they removed and never removes what they added.
 */
@Entity('hand_edits')
@Index(['layerId', 'detectedAt'])
export class HandEditEntity {
  @PrimaryColumn({ type: 'uuid' })
  sublistId!: string;

  @ManyToOne(() => SublistEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sublist_id' })
  sublist?: SublistEntity;

  @PrimaryColumn({ type: 'text' })
  trackId!: string;

  @Column({ type: 'uuid' })
  layerId!: string;

  @ManyToOne(() => LayerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'layer_id' })
  layer?: LayerEntity;

  @Column({ type: 'text' })
  action!: HandEditAction;

  @Column({ type: 'timestamptz' })
  detectedAt!: Date;
}
