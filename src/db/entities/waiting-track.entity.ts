import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { LayerEntity } from './layer.entity.js';

/**
 * A motherlist song the layer's model was not sure enough about to place (below the layer's
 * precision target): a sort left it where it was, and `/label` asks about it first.
 */
@Entity('waiting_tracks')
export class WaitingTrackEntity {
  @PrimaryColumn({ type: 'uuid' })
  layerId!: string;

  @ManyToOne(() => LayerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'layer_id' })
  layer?: LayerEntity;

  @PrimaryColumn({ type: 'text' })
  trackId!: string;

  /** The model's best guess: sublist ids, empty for the void. */
  @Column({ type: 'text', array: true })
  guess!: string[];

  /**
   * A sublist of the guess was removed since (`/sublist remove`) and dropped from it: the Place
   * buttons shown with the whole guess refuse. A run that guesses the song again clears it.
   */
  @Column({ type: 'boolean', default: false })
  guessTrimmed!: boolean;

  @Column({ type: 'real' })
  confidence!: number;

  @Column({ type: 'timestamptz' })
  since!: Date;

  /**
   * The run whose plan left the song waiting, when written ahead of its journal (a sort's new
   * waiting songs): the song waits only once that run is journaled. Null: written with it.
   */
  @Column({ type: 'uuid', nullable: true })
  runId!: string | null;
}
