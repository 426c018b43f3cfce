import type { Layer } from '../../core/layer-records.js';
import { isUserError, UserError } from '../errors.js';
import type { JobQueue } from '../ports/job-queue.js';
import type { TrainingJob, TrainingReply } from './training-job.js';
import type { LayerTrainer, TrainOutcome, TrainProgress } from '../ports/model-ports.js';
import type { SecretCipher } from '../account/secret-cipher.js';

/** What a training tells the user who asked for it; a Discord adapter renders each. */
export interface TrainingAnnouncer {
  progress(reply: TrainingReply, layerName: string, progress: TrainProgress): Promise<void>;
  result(userId: string, reply: TrainingReply, layerName: string, outcome: TrainOutcome): Promise<void>;
  refused(userId: string, reply: TrainingReply, layerName: string, error: UserError): Promise<void>;
  failed(userId: string, reply: TrainingReply, layerName: string, reference: string): Promise<void>;
}

/**
 * The model is trained and stored; only telling the user failed (Discord refused or was down).
 * `outcome` is what to tell: a retry of the job passes it back to `run`, which then only tells.
 */
export class TrainingUntoldError extends Error {
  override name = 'TrainingUntoldError';
  constructor(
    cause: unknown,
    readonly outcome: TrainOutcome,
  ) {
    super(
      `the training result could not be shown: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

const alreadyTraining = (layer: Layer) => new UserError({ code: 'already-training', layerName: layer.name });

/** Progress edits at most this often: Discord rate-limits message edits. */
const PROGRESS_EDIT_INTERVAL_MS = 1_500;

export interface TrainingRequestsDeps {
  queue: Pick<JobQueue, 'queueTraining' | 'isTraining'>;
  trainer: LayerTrainer;
  layers: { byId(layerId: string): Promise<Layer | null | undefined> };
  announcer: TrainingAnnouncer;
  /** Seals the interaction token into the job; every process working the queue has the same keys. */
  cipher: SecretCipher;
  now?: () => number;
}

/**
 * `/train` as a job: `request` queues one per layer (a second is refused while one is queued or
 * running); `run`, the job handler in whichever process works the queue, trains, edits the user's
 * progress message and posts the result. An unexpected failure is thrown so the queue retries it
 * (a crash mid-way too); the user hears of it, with a reference, only after the last attempt.
 */
export class TrainingRequests {
  constructor(private readonly deps: TrainingRequestsDeps) {}

  /** Throws already-training when the layer is training; asked before any public message. */
  async ensureIdle(layer: Layer): Promise<void> {
    if (await this.deps.queue.isTraining(layer.id)) throw alreadyTraining(layer);
  }

  async request(userId: string, layer: Layer, reply: TrainingReply): Promise<void> {
    const { interactionToken, ...rest } = reply;
    const id = await this.deps.queue.queueTraining({
      userId,
      layerId: layer.id,
      layerName: layer.name,
      reply: { ...rest, interactionTokenCiphertext: this.deps.cipher.encrypt(interactionToken) },
    });
    if (id === null) throw alreadyTraining(layer);
  }

  /** `trained`: this job's model is already stored (an earlier attempt could not tell); only tells. */
  async run(job: TrainingJob, trained?: TrainOutcome): Promise<void> {
    const layer = await this.deps.layers.byId(job.layerId);
    if (!layer) return;
    const reply = this.replyOf(job);
    const outcome = trained ?? (await this.train(job, layer, reply));
    if (!outcome) return;
    try {
      await this.deps.announcer.result(job.userId, reply, layer.name, outcome);
    } catch (error) {
      throw new TrainingUntoldError(error, outcome);
    }
  }

  /** Trains with progress edits; undefined when the training was refused (the user is told why). */
  private async train(
    job: TrainingJob,
    layer: Layer,
    reply: TrainingReply,
  ): Promise<TrainOutcome | undefined> {
    const { announcer } = this.deps;
    const now = this.deps.now ?? Date.now;
    // The first progress shows at once: the message said "queued" until the job began. A progress
    // that comes too soon after an edit is shown when the interval is over (unless a newer one
    // came), so the last word before the long training step is never lost.
    let lastEdit = Number.NEGATIVE_INFINITY;
    let pending: Promise<unknown> = Promise.resolve();
    let later: { progress: TrainProgress; timer: NodeJS.Timeout } | undefined;
    const edit = (progress: TrainProgress) => {
      lastEdit = now();
      pending = pending.then(() => announcer.progress(reply, layer.name, progress));
    };
    const stopEditing = () => {
      clearTimeout(later?.timer);
      later = undefined;
    };
    const onProgress = (progress: TrainProgress) => {
      const wait = lastEdit + PROGRESS_EDIT_INTERVAL_MS - now();
      if (wait <= 0) {
        stopEditing();
        edit(progress);
        return;
      }
      if (later) later.progress = progress;
      else {
        const timer = setTimeout(() => {
          const latest = later?.progress;
          later = undefined;
          if (latest) edit(latest);
        }, wait);
        later = { progress, timer };
      }
    };
    try {
      const outcome = await this.deps.trainer.train(job.userId, layer, onProgress).finally(stopEditing);
      await pending;
      return outcome;
    } catch (error) {
      if (isUserError(error)) {
        await announcer.refused(job.userId, reply, layer.name, error);
        return undefined;
      }
      throw error;
    }
  }

  /** After the queue's last attempt failed unexpectedly: the user gets the logged reference. */
  failed(job: TrainingJob, reference: string): Promise<void> {
    return this.deps.announcer.failed(job.userId, this.replyOf(job), job.layerName, reference);
  }

  private replyOf(job: TrainingJob): TrainingReply {
    const { interactionTokenCiphertext, ...rest } = job.reply;
    return { ...rest, interactionToken: this.deps.cipher.decrypt(interactionTokenCiphertext) };
  }
}
