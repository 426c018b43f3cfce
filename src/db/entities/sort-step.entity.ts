import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { SortRunEntity } from './sort-run.entity.js';

export type SortStepAction = 'add' | 'remove';

/** One Spotify write of a run (at most 100 tracks), marked done once it succeeded. */
@Entity('sort_steps')
@Index(['runId', 'seq'], { unique: true })
export class SortStepEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  runId!: string;

  @ManyToOne(() => SortRunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id' })
  run?: SortRunEntity;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'uuid' })
  sublistId!: string;

  @Column({ type: 'text' })
  playlistId!: string;

  @Column({ type: 'text' })
  action!: SortStepAction;

  @Column({ type: 'jsonb' })
  trackIds!: string[];

  @Column({ type: 'boolean', default: false })
  done!: boolean;

  @Column({ type: 'text', nullable: true })
  snapshotId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  doneAt!: Date | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  unrecorded!: string[];
}
