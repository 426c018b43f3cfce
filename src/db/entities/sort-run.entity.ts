import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { PutBackSong, SortRunKind, SortRunStatus } from '../../core/run-records.js';
import { LayerEntity } from './layer.entity.js';

/** One application of a model to a layer: a journaled plan of adds and removes. */
@Entity('sort_runs')
@Index(['layerId', 'createdAt'])
export class SortRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  layerId!: string;

  @ManyToOne(() => LayerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'layer_id' })
  layer?: LayerEntity;

  @Column({ type: 'uuid', nullable: true })
  modelId!: string | null;

  @Column({ type: 'text' })
  kind!: SortRunKind;

  @Column({ type: 'text' })
  status!: SortRunStatus;

  /** The run this one reverts (undo runs only). */
  @Column({ type: 'uuid', nullable: true })
  revertsRunId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  undoneAt!: Date | null;

  /** Counts per sublist and void, least certain placements, for the summary. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  summary!: unknown;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /**
   * Applies of the run that failed for no passing reason (a database error, a bug), counted as
   * each fails: after RUN_APPLY_TRIES the run ends failed instead of blocking its layer.
   */
  @Column({ type: 'integer', default: 0 })
  applyFailures!: number;

  /**
   * Applies of the run the process did not live through: each is counted as it starts and given
   * back once it ends with a cause seen (it finished, or failed). After RUN_APPLY_TRIES the next
   * apply ends the run failed instead of resuming it at every start.
   */
  @Column({ type: 'integer', default: 0 })
  appliesCutShort!: number;

  /**
   * The songs a failed run moved only in part, owed a put-back where they were (null: none owed).
   * Stored before the run is marked failed; cleared once they are put back or given up.
   */
  @Column({ type: 'jsonb', nullable: true })
  putBack!: PutBackSong[] | null;

  /**
   * Tries at that put-back counted as each starts, given back after a failure that passes: the
   * process died in them, or they failed. After PUT_BACK_TRIES the put-back is given up, told.
   */
  @Column({ type: 'integer', default: 0 })
  putBackTries!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  /**
   * The sync's new-songs DM is still owed: set in the transaction that journals the run, cleared
   * once the DM is delivered, refused or given up on (the next sync of the user sends it).
   */
  @Column({ type: 'boolean', default: false })
  dmPending!: boolean;

  /** Tries at sending that DM (each counted before sending, so a crash mid-send counts too). */
  @Column({ type: 'integer', default: 0 })
  dmAttempts!: number;

  /** No try at that DM before this time (null: none failed yet); see nextDmTry. */
  @Column({ type: 'timestamptz', nullable: true })
  dmNextTryAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  dmSentAt!: Date | null;

  /** When the DM stopped being owed undelivered: Discord refused it, or DMs stayed refused a week. */
  @Column({ type: 'timestamptz', nullable: true })
  dmDroppedAt!: Date | null;
}
