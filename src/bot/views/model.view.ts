import { ButtonStyle, ComponentType, type APIEmbed } from 'discord.js';
import type {
  Explanation,
  SortConfidence,
  SortOutcome,
  SublistQuality,
  TrainOutcome,
  TrainProgress,
  UnlistedHeld,
  WeakModelWarning,
} from '../../services/ports/model-ports.js';
import { QUALITY_FLOOR } from '../../services/model/model-strength.js';
import { compactUuid, customId } from '../custom-id.js';
import type { LayerCycle } from '../../core/layer-graph.js';
import { previewLine } from './dry-run-preview.view.js';
import { cycleWarning } from './layer.view.js';
import { correctionRows, type CorrectableTrack, type CorrectionLayer } from './correction.view.js';
import type { EnrichmentKind, ModelFeatures } from '../../core/model-records.js';
import {
  clip,
  COLOUR,
  count,
  ENRICHMENT_PROVIDERS,
  head,
  percent,
  playlistsGone,
  refusedLine,
  type View,
  unlistedRemedy,
  sureOfEach,
} from './view.js';

const bar = (fraction: number): string => {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * 20);
  return `${'█'.repeat(filled)}${'░'.repeat(20 - filled)}`;
};

const KIND_WORDS: Record<EnrichmentKind, string> = { audio: 'audio features', tags: 'tags' };

const withKind = (features: Omit<ModelFeatures, 'uses'>, kind: EnrichmentKind): number =>
  kind === 'audio' ? features.withAudio : features.withTags;

/** "audio features for 120 of 486 songs so far": how far the enrichment still arriving is. */
const arrivingSoFar = (features: Omit<ModelFeatures, 'uses'>): string =>
  `${features.arriving
    .map(
      (kind) =>
        `${KIND_WORDS[kind]} for ${count(withKind(features, kind))} of ${count(features.songs)} songs`,
    )
    .join(', ')} so far`;

/** While enrichment is still arriving: how far it is, and that the model learns from what is there. */
const arrivingNote = (
  features: Omit<ModelFeatures, 'uses'> | undefined,
  done: boolean,
): string | undefined =>
  features && features.arriving.length > 0
    ? `Enrichment of your library is still arriving: ${arrivingSoFar(features)}. ${
        done
          ? 'This model learned from what was there; `/train` again when it is done (`/status` shows how far it is) to learn from the rest.'
          : 'This model learns from what is there now.'
      }`
    : undefined;

/** A kind whose providers are failing will not arrive while they are: said, without their errors. */
const stalledNote = (
  features: Omit<ModelFeatures, 'uses'> | undefined,
  done: boolean,
): string | undefined => {
  const lines = (features?.stalled ?? []).map(({ kind, providers }) => {
    const names = providers.map((provider) => ENRICHMENT_PROVIDERS[provider]?.name ?? provider);
    const who =
      names.length === 1 ? `${names[0]} is` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are`;
    return `${who} not answering, so ${KIND_WORDS[kind]} are not arriving now; ${
      done ? 'this model learned from what it had.' : 'the model trains on what it has.'
    }`;
  });
  return lines.length > 0 ? lines.join('\n') : undefined;
};

/**
 * What a model learned from, for /status: "learns from song metadata + audio features (audio
 * features for 120 of 486 songs)", and the kinds that were still arriving when it trained.
 */
export const modelFeaturesLine = (features: ModelFeatures): string => {
  const used = features.uses.map((kind) => KIND_WORDS[kind]);
  const coverage = features.uses
    .map(
      (kind) =>
        `${KIND_WORDS[kind]} for ${count(withKind(features, kind))} of ${count(features.songs)} songs`,
    )
    .join(', ');
  const arriving = features.arriving.filter((kind) => !features.uses.includes(kind));
  return (
    `learns from ${['song metadata', ...used].join(' + ')}${used.length === 0 ? ' only' : ` (${coverage})`}` +
    (arriving.length > 0
      ? `; ${arriving.map((kind) => KIND_WORDS[kind]).join(' and ')} were still arriving when it trained (\`/train\` again to use them)`
      : '')
  );
};

/** A kind some songs have that the model does not use: none of the answered songs had it. */
const unusedNote = (features: ModelFeatures | undefined): string | undefined => {
  const unused = (['audio', 'tags'] as const).filter(
    (kind) => features && withKind(features, kind) > 0 && !features.uses.includes(kind),
  );
  return unused.length > 0
    ? `It does not use ${unused.map((kind) => KIND_WORDS[kind]).join(' or ')} yet: none of the songs you answered had them when it trained.`
    : undefined;
};

export const trainProgressView = (layerName: string, progress: TrainProgress): View => ({
  content: [
    `Training **${layerName}**: ${progress.stage}\n\`${bar(progress.fraction)}\` ${percent(progress.fraction)}`,
    arrivingNote(progress.features, false),
    stalledNote(progress.features, false),
  ]
    .filter((line) => line !== undefined)
    .join('\n'),
  embeds: [],
  components: [],
});

/**
 * A public progress message once its training was refused or failed past the token: why is the
 * user's alone and went by DM (`toldByDm`; closed DMs: said nowhere).
 */
export const trainStoppedView = (layerName: string, toldByDm: boolean): View => ({
  content: `Training **${layerName}** stopped${toldByDm ? ': see your DMs' : ''}.`,
  embeds: [],
  components: [],
});

/** Where the result of a training went once its public progress message could no longer take it. */
export type TrainResultPlace = 'channel' | 'dm' | 'nowhere';

/**
 * A public progress message once its training succeeded past the token: the result itself went
 * below it in the channel, or by DM when the channel refused it (closed DMs: said nowhere).
 */
export const trainDoneView = (layerName: string, place: TrainResultPlace): View => ({
  content: `Training **${layerName}** done${{ channel: ': see below', dm: ': see your DMs', nowhere: '' }[place]}.`,
  embeds: [],
  components: [],
});

const confusionBlock = (confusion: NonNullable<TrainOutcome['confusion']>): string => {
  const width = Math.min(12, Math.max(...confusion.names.map((name) => name.length), 4));
  const cell = (text: string) => head(text, width).padStart(width);
  const header = `${' '.repeat(width)} ${confusion.names.map(cell).join(' ')}`;
  const rows = confusion.counts.map(
    (row, index) => `${cell(confusion.names[index] ?? '?')} ${row.map((n) => cell(String(n))).join(' ')}`,
  );
  return `Where the held-out answers went (rows: your answer, columns: the model’s guess):\n\`\`\`\n${header}\n${rows.join('\n')}\n\`\`\``;
};

/** A weak model's warning in plain words (the /train result and /sort say the same). */
export const weakModelText = (layerName: string, weak: WeakModelWarning): string => {
  const why = weak.trivial
    ? 'tested on your own answers, it did no better than a trivial answer such as putting every song in the biggest sublist'
    : weak.quality === undefined
      ? 'there are too few answers to test how often it is right'
      : `tested on your own answers, its quality (macro F1) is ${percent(weak.quality)}, below the ${percent(QUALITY_FLOOR)} a useful model needs`;
  const thin =
    weak.thin.length > 0
      ? ` (fewest answers: ${weak.thin
          .slice(0, 4)
          .map((t) => `${t.name} ${t.labels}`)
          .join(', ')})`
      : '';
  return `⚠️ **This model of ${layerName} is weak**: ${why}. Label about **${weak.moreLabels}** more songs with \`/label layer:${layerName}\`${thin}, then \`/train\` again.`;
};

/** A sublist's cross-validated quality: what was measured, on how many answers, or that nothing could be. */
const sublistQualityText = (sublist: SublistQuality): string => {
  const { answers, guesses, precision, recall } = sublist;
  if (recall === undefined)
    return `not measured: too few answers${answers === undefined ? '' : ` (${answers})`}`;
  const measured = [
    ...(precision === undefined ? [] : [`precision ${percent(precision)}`]),
    `recall ${percent(recall)}`,
  ].join(' · ');
  const from = `(from ${count(answers ?? 0)} answers)`;
  return precision === undefined && guesses !== undefined
    ? `${measured} ${from}; precision not measured: it guessed this sublist only ${guesses} time${guesses === 1 ? '' : 's'}`
    : `${measured} ${from}`;
};

const QUALITY_WORDS =
  'Per sublist, tested on answers held out of training: precision is the share of the songs it put there that belong there, recall the share of the songs that belong there that it put there.';

export const trainResultView = (layerName: string, outcome: TrainOutcome): View => {
  const quality =
    outcome.quality === undefined
      ? `From ${outcome.labelCount} labels: too few to measure its quality yet.`
      : `From ${outcome.labelCount} labels. Cross-validated quality (macro F1): **${percent(outcome.quality)}**.`;
  const sublists = [...outcome.perSublist, ...(outcome.voidQuality ? [outcome.voidQuality] : [])];
  const description = [
    outcome.weak ? weakModelText(layerName, outcome.weak) : undefined,
    quality,
    sublists.some((s) => s.recall !== undefined) ? QUALITY_WORDS : undefined,
    arrivingNote(outcome.features, true),
    stalledNote(outcome.features, true),
    unusedNote(outcome.features),
  ].filter((line) => line !== undefined);
  const embed: APIEmbed = {
    title: `Layer ${layerName}: model v${outcome.version} trained`,
    color: outcome.weak ? COLOUR.warn : COLOUR.brand,
    description: description.join('\n'),
    fields: sublists.slice(0, 25).map((sublist) => ({
      name: clip(sublist.name, 256),
      value: sublistQualityText(sublist),
      inline: true,
    })),
  };
  if (outcome.confusion) {
    embed.description = clip(`${embed.description}\n${confusionBlock(outcome.confusion)}`, 4096);
  }
  return {
    content: outcome.weak
      ? `\`/sort layer:${layerName}\` places only the songs this model is sure of; most will wait for your answers.`
      : `Sort with \`/sort layer:${layerName}\` (try \`dry_run:true\` first).`,
    embeds: [embed],
    components: [],
  };
};

/** What the /sort summary's correction menus and chart need besides the outcome. */
export interface SortSummaryExtras {
  /** The layer and its sublists: the least certain placements get correction menus. */
  layer?: CorrectionLayer;
  /** The file name of the attached chart, shown as the embed's image. */
  chartName?: string;
  /** The circle the layer is in (stored before adopting refused one): the summary warns of it. */
  cycle?: LayerCycle;
}

/** Songs a run held back because their sublists' playlists left the user's library. */
export const unlistedHeldLine = ({ sublistNames, songs }: UnlistedHeld): string =>
  `⚠️ ${songs} song${songs === 1 ? '' : 's'} not placed: ${playlistsGone(sublistNames.map((n) => `**${n}**`))}. ${unlistedRemedy(sublistNames.length === 1)}`;

/** The same, as a summary posted for everyone says it: the count alone, nothing of the user's Spotify account. */
const unlistedCountLine = ({ sublistNames, songs }: UnlistedHeld): string =>
  `⚠️ ${songs} song${songs === 1 ? '' : 's'} not placed in ${sublistNames.map((n) => `**${n}**`).join(', ')}.`;

/**
 * The /sort summary: counts per sublist and void, the least certain placements, an Undo button
 * (real runs), a correction menu per least certain placement (as many as fit in Discord's 5 rows;
 * a dry run's menus store labels only) and the chart as the embed's image.
 * `shared` (posted for everyone): songs held back are only counted.
 */
export const sortSummaryView = (
  layerName: string,
  outcome: SortOutcome,
  extras: SortSummaryExtras = {},
  shared = false,
): View => {
  const holds = outcome.dryRun ? 'would hold' : 'now';
  const lines = outcome.perSublist.map(
    (sublist) => `**${sublist.name}**: +${sublist.added} −${sublist.removed} (${holds} ${sublist.total})`,
  );
  if (outcome.voidCount > 0) lines.push(`void: ${outcome.voidCount}`);
  if (outcome.unlisted)
    lines.push(shared ? unlistedCountLine(outcome.unlisted) : unlistedHeldLine(outcome.unlisted));
  if (outcome.refused) lines.push(refusedLine(outcome.refused, 'placed'));
  if (outcome.confidence) lines.push('', confidenceLine(outcome.confidence, outcome.dryRun));
  // Syncs skip a layer in a circle; a /sort, asked for, sorts it and says so first.
  if (extras.cycle) lines.unshift(cycleWarning(extras.cycle), '');
  if (outcome.weak) lines.unshift(weakModelText(layerName, outcome.weak), '');
  if (outcome.preview) lines.push('', previewLine(outcome.preview, outcome.dryRun));
  const embed: APIEmbed = {
    title: outcome.dryRun ? `Dry run for ${layerName}: nothing was changed` : `Sorted ${layerName}`,
    color: outcome.weak || extras.cycle ? COLOUR.warn : outcome.dryRun ? COLOUR.neutral : COLOUR.brand,
    description: clip(lines.join('\n') || 'Nothing to change.', 4096),
  };
  if (extras.chartName) embed.image = { url: `attachment://${extras.chartName}` };
  // A run that wrote nothing is never the one /undo reverts: its button could only refuse.
  const wroteNothing =
    outcome.perSublist.length > 0 && outcome.perSublist.every((s) => s.added === 0 && s.removed === 0);
  const components: View['components'] =
    outcome.dryRun || wroteNothing
      ? []
      : [
          {
            type: ComponentType.ActionRow,
            components: [
              {
                type: ComponentType.Button,
                custom_id: customId('su', compactUuid(outcome.runId)),
                label: 'Undo',
                style: ButtonStyle.Secondary,
              },
            ],
          },
        ];
  if (outcome.uncertain.length > 0) {
    const menus = extras.layer
      ? correctionRows(
          { ...extras.layer, unlistedSublistIds: outcome.unlistedSublistIds },
          correctableOf(outcome.uncertain, extras.layer),
          {
            maxRows: 5 - components.length,
            mode: outcome.dryRun ? 'label' : 'move',
          },
        )
      : { rows: [], left: 0 };
    components.push(...menus.rows);
    const hint =
      menus.rows.length === 0
        ? ''
        : outcome.dryRun
          ? '\nWrong? Pick where a track belongs below: kept as a label for the next `/sort`.'
          : '\nWrong? Pick where a track belongs below: it moves, and the model learns it.';
    embed.fields = [
      {
        name: 'Least certain',
        value:
          clip(
            outcome.uncertain
              .slice(0, 10)
              .map(
                (u) =>
                  `${u.trackName} → ${
                    u.sublistConfidences?.length
                      ? sureOfEach(u.sublistConfidences, UNCERTAIN_SURE_LENGTH)
                      : `${u.sublistNames.join(', ') || 'void'} (${percent(u.confidence)})`
                  }`,
              )
              .join('\n'),
            1024 - hint.length,
          ) + hint,
      },
    ];
  }
  return { embeds: [embed], components };
};

/**
 * The /sort summary as sent. Posted in the channel (`shared`: public results), it carries the run's
 * result alone: what names the user's other layers (the circle the layer is in) and why songs were
 * held back (their sublists' playlists left the user's Spotify library) is a note for them alone.
 * Private, the summary says it all.
 */
export const sortSummaryPost = (
  layerName: string,
  outcome: SortOutcome,
  extras: SortSummaryExtras,
  shared: boolean,
): { summary: View; toUserAlone?: string } => {
  const { cycle, ...result } = extras;
  if (!shared || (!cycle && !outcome.unlisted))
    return { summary: sortSummaryView(layerName, outcome, extras) };
  const left = [
    ...(cycle ? [{ line: cycleWarning(cycle), leftOut: 'names none of your other layers' }] : []),
    ...(outcome.unlisted
      ? [{ line: unlistedHeldLine(outcome.unlisted), leftOut: 'says only how many songs were not placed' }]
      : []),
  ];
  return {
    summary: sortSummaryView(layerName, outcome, result, true),
    toUserAlone: [
      ...left.map(({ line }) => line),
      `(Only you see this: the summary in the channel ${left.map(({ leftOut }) => leftOut).join(' and ')}.)`,
    ].join('\n'),
  };
};

/**
 * `/sort everything:true` before it writes: the expected share of wrong placements (from a dry run
 * of everything) and a Confirm button.
 */
export const sortEverythingConfirmView = (layerName: string, layerId: string, plan: SortOutcome): View => {
  const placed = plan.confidence ? plan.confidence.answered + plan.confidence.placed : undefined;
  const precision = plan.confidence?.expectedPrecision;
  const wrong =
    precision === undefined
      ? 'the model cannot say how many of them will be wrong (too few answers to measure it)'
      : `about **${percent(1 - precision)}** of the model's placements are expected to be wrong`;
  const lines = [
    `This puts ${placed === undefined ? 'every song' : `all ${placed} songs`} of **${layerName}** where the model guesses, sure or not: ${wrong}.`,
    ...(plan.weak ? ['', weakModelText(layerName, plan.weak)] : []),
  ];
  return {
    embeds: [
      {
        title: clip(`Place every song of ${layerName}?`, 256),
        color: COLOUR.warn,
        description: clip(lines.join('\n'), 4096),
      },
    ],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            custom_id: customId('se', compactUuid(layerId)),
            label: 'Place everything',
            style: ButtonStyle.Danger,
          },
        ],
      },
    ],
  };
};

/**
 * How much a sort placed, how sure the model is of it, and how much waits: "placed 140 of 486,
 * expected 82% right; 346 wait for your answers".
 */
export const confidenceLine = (c: SortConfidence, dryRun = false): string => {
  const placed = c.answered + c.placed;
  const [place, wait] = dryRun ? ['Would place', 'would wait'] : ['Placed', 'wait'];
  const byAnswers = c.answered > 0 ? ` (${c.answered} by your answers)` : '';
  const sure =
    c.expectedPrecision === undefined
      ? c.placed > 0
        ? ', with no promise of how many are right (the model has too few answers to measure it)'
        : ''
      : `, expected ${percent(c.expectedPrecision)} right`;
  if (c.everything) return `${place} all ${placed} songs as the model guesses${byAnswers}${sure}.`;
  const waiting =
    c.waiting > 0
      ? `; ${c.waiting} ${wait} for your answers (the model is less than ${percent(c.precisionTarget)} sure of them): \`/label\` asks about them first`
      : '';
  return `${place} ${placed} of ${c.considered}${byAnswers}${sure}${waiting}.`;
};

/** Uncertain placements that can get a menu: with a track id, sublists named back to their ids. */
const correctableOf = (uncertain: SortOutcome['uncertain'], layer: CorrectionLayer): CorrectableTrack[] => {
  const idOf = new Map(layer.sublists.map((s) => [s.name, s.id]));
  return uncertain.flatMap((u) => {
    const sublistIds = u.sublistNames.map((name) => idOf.get(name));
    if (!u.trackId || sublistIds.some((id) => id === undefined)) return [];
    return [{ trackId: u.trackId, trackName: u.trackName, sublistIds: sublistIds as string[] }];
  });
};

/** A song taken out of sublists by hand: the user's answer, said before the model's guess. */
const removedByHandLines = (
  removed: NonNullable<Explanation['removedByHand']>,
  placement: string[],
): string => {
  const where = removed.sublistNames.map((n) => `**${n}**`).join(', ');
  const lines = [
    `You took it out of ${where} by hand: that counts as your answer, and no sort or sync puts it back there.`,
  ];
  if (placement.length > 0) lines.push(`The model places it in ${placement.join(', ')}.`);
  if (removed.stillGuessed.length > 0)
    lines.push(
      `The model still guesses ${removed.stillGuessed.join(', ')}; your answer wins, and /train learns from it.`,
    );
  return lines.join('\n');
};

/** A neighbour's answer: its label's sublists, or "not in" the sublists it was taken out of by hand. */
const neighbourAnswer = (neighbour: Explanation['neighbours'][number]): string =>
  neighbour.removedFromNames
    ? `not ${neighbour.removedFromNames.join(', ')} (taken out by hand)`
    : neighbour.sublistNames.join(', ') || 'void';

const whyTarget = (explanation: Explanation): string =>
  explanation.sublistNames.join(', ') ||
  (explanation.removedByHand ? `not ${explanation.removedByHand.sublistNames.join(', ')}` : 'void');

/** Room for /why's sublists of a non-mutual guess in its embed. */
const WHY_SURE_LENGTH = 2000;
/** Room for one least-sure song's sublists in the /sort summary's field. */
const UNCERTAIN_SURE_LENGTH = 150;

/**
 * Where the song stands, truthfully: the user's answer rules, a song the model is not sure enough of
 * waits, and a model that cannot measure how often it is right promises nothing.
 */
const standingLines = (explanation: Explanation): string => {
  const answered = explanation.answeredNames
    ? `You answered ${explanation.answeredNames.map((n) => `**${n}**`).join(', ') || '**the void**'}: sorts keep it there, whatever the model guesses.\n`
    : '';
  if (!explanation.calibrated)
    return `${answered}The model has too few answers to measure how often it is right, so it promises nothing: no sort places a song by its guess, and every song waits for your answers (\`/label\`, then \`/train\`).`;
  const target = percent(explanation.precisionTarget);
  const bySublist = explanation.sublistConfidences ?? [];
  if (bySublist.length > 0) {
    // A non-mutual layer decides each sublist on its own: one figure each.
    const sure = `The model is ${sureOfEach(bySublist, WHY_SURE_LENGTH)}`;
    if (explanation.waiting)
      return `${sure}, ${bySublist.length === 1 ? '' : 'each '}below this layer's target of ${target}: the song waits for your answer (\`/label\` asks about it first).`;
    return `${answered}${sure}.`;
  }
  const sure = `${percent(explanation.confidence)} sure`;
  if (explanation.waiting)
    return `The model is ${sure}, below this layer's target of ${target}: the song waits for your answer (\`/label\` asks about it first).`;
  return answered ? `${answered}The model's guess is ${sure}.` : `${sure}.`;
};

/**
 * The explanation, and with the layer's sublists a menu that moves the song as the new-songs DM's
 * menus do (their overflow is sent here).
 */
export const whyView = (layerName: string, explanation: Explanation, layer?: CorrectionLayer): View => ({
  embeds: [
    {
      title: clip(
        explanation.waiting && !explanation.removedByHand
          ? `Why ${explanation.trackName} waits (best guess ${whyTarget(explanation)})`
          : `Why ${explanation.trackName} → ${whyTarget(explanation)}`,
        256,
      ),
      color: COLOUR.neutral,
      description: explanation.removedByHand
        ? `Layer ${layerName} · ${removedByHandLines(explanation.removedByHand, explanation.sublistNames)}`
        : `Layer ${layerName} · ${standingLines(explanation)}`,
      fields: [
        {
          name: 'Resembles these songs you answered',
          value: clip(
            explanation.neighbours
              .map((n) => `${n.trackName} → ${neighbourAnswer(n)} (${percent(n.similarity)})`)
              .join('\n') || '–',
            1024,
          ),
        },
        {
          name: 'Strongest features',
          value: clip(
            explanation.features
              .map((f) => `${f.name} (${f.weight >= 0 ? '+' : ''}${f.weight.toFixed(2)})`)
              .join('\n') || '–',
            1024,
          ),
        },
      ],
    },
  ],
  components: layer
    ? correctionRows(
        layer,
        [
          {
            trackId: explanation.trackId,
            trackName: explanation.trackName,
            sublistIds: [],
            unknownWhere: 'move it to…',
          },
        ],
        { maxRows: 1 },
      ).rows
    : [],
});
