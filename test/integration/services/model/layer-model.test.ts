import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Layer, Sublist } from '../../../../src/core/layer-records.js';
import type { Database } from '../../../../src/db/database.js';
import { PromMetrics } from '../../../../src/metrics/prom-metrics.js';
import { createSortingServices, type SortingServices } from '../../../../src/composition/sorting.js';
import type { ModelTask, TrainTask } from '../../../../src/ml/model-tasks.js';
import { MemoryPlaylists } from '../../../support/memory-playlists.js';
import { observations } from '../../../support/metric-sample.js';
import { seedGenreLayerIn, type FixtureTrack } from '../../../support/sort-fixtures.js';
import { openTestDatabase } from '../../../support/test-database.js';
import { startTestModelPool } from '../../../support/model-pool.js';

const USER = 'user-model';

/** The model service as the composition builds it, on the model threads (so not a unit test). */
describe('LayerModelService', () => {
  let database: Database;
  let services: SortingServices;
  let layer: Layer;
  let sublists: Sublist[];
  let tracks: FixtureTrack[];
  const genre = (trackId: string) => tracks.findIndex((t) => t.id === trackId) % 3;
  /** The user answers the first 30 songs with their genre's sublist. */
  const labelTheFirst30ByGenre = async () => {
    for (const track of tracks.slice(0, 30)) {
      await services.repositories.labels.put(
        layer.id,
        track.id,
        [sublists[genre(track.id)]?.id as string],
        'session',
      );
    }
  };

  const pool = startTestModelPool();
  /** The training tasks the service sent to the model threads. */
  const trainTasks: TrainTask[] = [];
  /** What happens while a training runs, before its model comes back (a deletion, say). */
  let whileTraining: (() => Promise<void>) | undefined;
  const metrics = new PromMetrics();
  const trainings = (outcome: string) =>
    observations(metrics, 'motherlist_training_duration_seconds', { outcome });
  beforeAll(async () => {
    database = await openTestDatabase();
    services = createSortingServices(database, {
      writer: new MemoryPlaylists(),
      modelWork: {
        run: async <T extends ModelTask>(userId: string, task: T) => {
          if (task.kind === 'train') trainTasks.push(task);
          const result = await pool.run(userId, task);
          if (task.kind === 'train') await whileTraining?.();
          return result;
        },
        backend: () => pool.backend(),
      },
      trainOptions: { epochs: 60 },
      metrics,
    });
    ({ layer, sublists, tracks } = await seedGenreLayerIn(services.repositories, USER, {
      count: 90,
      prefix: 'lm',
    }));
  });
  afterAll(async () => {
    await services.close();
    await pool.close();
    await database.close();
  });

  it('refuses to train without enough labels', async () => {
    await expect(services.models.train(USER, layer)).rejects.toMatchObject({ code: 'no-labels' });
    await expect(services.models.predictions(USER, layer)).rejects.toMatchObject({ code: 'no-model' });
  });

  it('trains from labels, stores the model as active and predicts the motherlist', async () => {
    await labelTheFirst30ByGenre();
    // A third of them answered in a label session to songs drawn at random: the guard's sample.
    const drawn = tracks.slice(0, 30).filter((_, i) => i % 3 === 0);
    for (const track of drawn) {
      await services.repositories.labels.put(
        layer.id,
        track.id,
        [sublists[genre(track.id)]?.id as string],
        'session',
        {
          drawnAtRandom: true,
        },
      );
    }
    const stages: string[] = [];
    const result = await services.models.train(USER, layer, (p) => stages.push(p.stage));
    expect(trainTasks).toHaveLength(1);
    expect([...(trainTasks[0]?.randomlyDrawn ?? [])].sort()).toEqual(drawn.map((t) => t.id).sort());
    expect(result).toMatchObject({ version: 1, labelCount: 30, activated: true });
    expect(stages.at(-1)).toBe('done');
    // The refusal of the test before counts as a user error, this training as done.
    expect([await trainings('user-error'), await trainings('ok')]).toEqual([1, 1]);
    expect(result.quality).toBeGreaterThan(0.6);
    // Above the quality floor and better than any trivial answer: no warning.
    expect(result.weak).toBeUndefined();
    const stored = await services.repositories.models.active(layer.id);
    expect(stored?.id).toBe(result.modelId);
    expect(stored?.weights.byteLength).toBeGreaterThan(0);
    // Per sublist, from the held-out answers of the cross-validation: each answer counted once.
    expect(result.perSublist.reduce((sum, s) => sum + (s.answers ?? 0), 0)).toBe(30);
    for (const s of result.perSublist) expect(s.recall).toBeTypeOf('number');
    expect(result.confusion?.names).toEqual(sublists.map((s) => s.name));
    expect(result.confusion?.counts.flat().reduce((a, b) => a + b, 0)).toBe(30);
    const kept = stored?.metrics as { crossValidated?: { confusion?: number[][] } };
    expect(kept.crossValidated?.confusion?.flat().reduce((a, b) => a + b, 0)).toBe(30);

    const { predictions, modelId } = await services.models.predictions(USER, layer);
    expect(modelId).toBe(result.modelId);
    expect(predictions).toHaveLength(90);
    const unlabeled = predictions.filter((p) => !tracks.slice(0, 30).some((t) => t.id === p.trackId));
    const right = unlabeled.filter((p) => p.placement[0] === sublists[genre(p.trackId)]?.id).length;
    expect(right / unlabeled.length).toBeGreaterThan(0.85);
    for (const p of predictions) expect(p.placement).toHaveLength(1);
  });

  it('keeps the active model when a new one is worse under cross-validation', async () => {
    // The user relabels everything at random: the new model cannot be as good.
    for (const [i, track] of tracks.slice(0, 30).entries()) {
      await services.repositories.labels.put(
        layer.id,
        track.id,
        [sublists[(i * 7 + (i >> 2)) % 3]?.id as string],
        'session',
      );
    }
    const before = await services.repositories.models.active(layer.id);
    const result = await services.models.train(USER, layer);
    expect(result.version).toBe(2);
    expect(result.activated).toBe(false);
    expect(result.quality ?? 0).toBeLessThan(result.previousQuality ?? 0);
    expect((await services.repositories.models.active(layer.id))?.id).toBe(before?.id);
  });

  it('explains a prediction with similar labeled tracks and the signals behind it', async () => {
    await labelTheFirst30ByGenre();
    const track = tracks[60] as FixtureTrack;
    const explanation = await services.models.explain(USER, layer, track.id);
    expect(explanation.sublistNames).toEqual([sublists[genre(track.id)]?.name]);
    expect(explanation.neighbours.length).toBeGreaterThan(0);
    for (const n of explanation.neighbours) expect(n.sublistNames).toEqual(explanation.sublistNames);
    // Occlusion: the features whose removal most lowers the support for the placement.
    expect(explanation.features[0]?.weight).toBeGreaterThan(0);
    expect(
      explanation.features
        .slice(0, 2)
        .some((f) => f.name.includes(track.artist) || f.name === 'labeled tracks by the same artist'),
    ).toBe(true);
    const byText = await services.models.explain(USER, layer, track.name);
    expect(byText.trackName).toBe(explanation.trackName);
    // “Artist – Title” as people type it: a plain hyphen, other spacing and case.
    const typed = explanation.trackName.replace(' – ', '  -  ').toUpperCase();
    expect((await services.models.explain(USER, layer, typed)).trackName).toBe(explanation.trackName);
    await expect(services.models.explain(USER, layer, 'no such song')).rejects.toMatchObject({
      code: 'invalid-input',
    });
    // A share link from the phone app names the song only through Spotify's redirect.
    await expect(
      services.models.explain(USER, layer, 'https://spotify.link/Ab3dE5fG7h'),
    ).rejects.toMatchObject({ problem: { code: 'invalid-input', rule: 'short-link', kind: 'track' } });
  });

  it('a model from a few answers is weak: the result says so and how many more answers the thin sublists need', async () => {
    const weak = await seedGenreLayerIn(services.repositories, 'user-weak-model', {
      count: 30,
      prefix: 'wk',
    });
    // Five answers: rock 2, jazz 2, folk 1.
    for (const [i, track] of weak.tracks.slice(0, 5).entries())
      await services.repositories.labels.put(
        weak.layer.id,
        track.id,
        [weak.sublists[i % 3]?.id as string],
        'session',
      );
    const result = await services.models.train('user-weak-model', weak.layer);
    expect(result.labelCount).toBe(5);
    const names = weak.sublists.map((s) => s.name);
    expect(result.weak).toMatchObject({
      moreLabels: 3 * 10 - 5,
      thin: [
        { name: names[2], labels: 1 },
        { name: names[0], labels: 2 },
        { name: names[1], labels: 2 },
      ],
    });
  });

  it('a layer deleted while it trains (/unlink, /layer delete) ends the training as gone and stores no model', async () => {
    const gone = await seedGenreLayerIn(services.repositories, 'user-gone', { count: 30, prefix: 'gn' });
    for (const [i, track] of gone.tracks.slice(0, 12).entries())
      await services.repositories.labels.put(gone.layer.id, track.id, [gone.sublists[i % 3]!.id], 'session');
    whileTraining = () => services.repositories.layers.delete(gone.layer.id);
    try {
      await expect(services.models.train('user-gone', gone.layer)).rejects.toMatchObject({
        code: 'unknown-layer',
      });
    } finally {
      whileTraining = undefined;
    }
    const [row] = (await database.dataSource.query(
      'select count(*)::int as n from models where layer_id = $1',
      [gone.layer.id],
    )) as { n: number }[];
    expect(row?.n).toBe(0);
  });
});
