import { ButtonStyle, ComponentType } from 'discord.js';
import { DM_RETRY_AFTER_MS, type DmFailure } from '../../core/account-records.js';
import { DM_OWED_FOR_MS } from '../../core/run-records.js';
import type { Layer, UserSettings } from '../../core/layer-records.js';
import type { DmMessage, HeldBy } from '../../services/ports/notifier.js';
import type { LinkedAccount } from '../../services/ports/library.ports.js';
import type {
  EnrichmentProviderStatus,
  LayerStatus,
  SyncFailure,
  UserStatus,
} from '../../services/account/status.service.js';
import type { UnlinkPreview, UnlinkResult } from '../../services/account/unlink.service.js';
import { customId } from '../custom-id.js';
import { correctionMenus, failedCorrectionText, refusedCorrectionText } from './correction.view.js';
import {
  answerCount,
  CIRCLE_ADVICE,
  circleText,
  cycleLine,
  unlistedLine,
  unsortableLine,
} from './layer.view.js';
import { modelFeaturesLine, sortSummaryView, unlistedHeldLine } from './model.view.js';
import { linkAge, linkAgainRow, linkExpiringDm, spotifySpend, syncLine } from './spotify-limits.view.js';
import { putBackGivenUpText } from './put-back.view.js';
import { undoText } from './undo.view.js';
import {
  newSongsTitle,
  PLACE_FOOTER,
  removedGuess,
  unlistedGuess,
  waitingControls,
  waitingHeader,
  waitingSongLine,
} from './waiting.view.js';
import { libraryReadingText, quotaBlockedDm } from './user-error.view.js';
import {
  clip,
  COLOUR,
  count,
  duration,
  ENRICHMENT_PROVIDERS,
  fitEmbed,
  percent,
  refusedLine,
  sureOfEach,
  type View,
} from './view.js';

/**
 * What linking again means for someone linked already: the same account renews the link; another
 * one keeps the layers, whose sublists' playlists stay the first account's (Spotify takes writes
 * only to the linked account's own playlists, README: "/link with another Spotify account").
 */
/**
 * Why a /sort, /undo or correction was not written at once, as an aside after its name: a restart
 * of the bot (a deploy, or a crash) cut it short, or Spotify's limit held it back; nothing when the
 * cause is not known (it was tried again after a failure), rather than a wrong one.
 */
const heldBy = (cause: HeldBy | undefined): string =>
  cause === 'restart'
    ? ', cut short by a restart of Motherlist,'
    : cause === 'spotify-limit'
      ? ", held back by Spotify's daily limit,"
      : '';

/** The first line of the DM of a correction held back (by Spotify's limit, or a restart) that was not made after all. */
const heldCorrectionNotMade = (layerName: string, cause: HeldBy | undefined): string =>
  `Your correction in “${layerName}”${heldBy(cause)} could not be made.`;

/**
 * The first line of the DM of a correction that ended failed after it was answered: held back by
 * Spotify's limit, or tried again by the layer's next passes (it failed, or the process died in
 * it). Earlier: the DM may come as the user gives another command, which goes on.
 */
const earlierCorrectionNotMade = (layerName: string): string =>
  `Your earlier correction in “${layerName}” could not be made.`;

const relinkNote = (linked: Pick<LinkedAccount, 'displayName' | 'status'>): string =>
  `You are linked as **${linked.displayName}**${linked.status === 'expired' ? ' (the link expired)' : ''}. ` +
  `Link that same Spotify account to renew it. With another account your layers stay, but their sublists' playlists stay ${linked.displayName}'s, which the bot may no longer write to: they count as gone until you link ${linked.displayName} again or replace those sublists.\n`;

export const linkView = (url: string, linked?: Pick<LinkedAccount, 'displayName' | 'status'>): View => ({
  content: `${linked ? relinkNote(linked) : ''}Open this link to connect your Spotify account. It works once and expires in 10 minutes.`,
  embeds: [],
  components: [
    {
      type: ComponentType.ActionRow,
      components: [{ type: ComponentType.Button, style: ButtonStyle.Link, url, label: 'Link Spotify' }],
    },
  ],
});

/** "your 2 layers with their 31 labels and their models" */
const layersAndLabels = ({ layers, labels }: UnlinkPreview): string =>
  layers === 1
    ? `your 1 layer with its ${labels} label${labels === 1 ? '' : 's'} and its models`
    : `your ${layers} layers with their ${labels} label${labels === 1 ? '' : 's'} and their models`;

/** Asks before deleting, saying what there is to delete; never refuses (settings go even with no link). */
const unlinkQuestion = (preview: UnlinkPreview): string => {
  const stay = 'Your Spotify playlists stay as they are.';
  if (preview.linked)
    return preview.layers > 0
      ? `Unlink Spotify? This deletes your Spotify tokens and ${layersAndLabels(preview)} from Motherlist, and forgets your settings. ${stay}`
      : `Unlink Spotify? This deletes your Spotify tokens from Motherlist and forgets your settings; you have no layers. ${stay}`;
  return preview.layers > 0
    ? `No Spotify account is linked. Unlinking deletes ${layersAndLabels(preview)} from Motherlist, and forgets your settings. ${stay}`
    : `No Spotify account is linked and you have no layers: unlinking only forgets your settings. ${stay}`;
};

export const confirmUnlinkView = (userId: string, preview: UnlinkPreview): View => ({
  content: unlinkQuestion(preview),
  embeds: [],
  components: [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          custom_id: customId('ul', userId, 'y'),
          label: 'Unlink and delete',
          style: ButtonStyle.Danger,
        },
        {
          type: ComponentType.Button,
          custom_id: customId('ul', userId, 'n'),
          label: 'Cancel',
          style: ButtonStyle.Secondary,
        },
      ],
    },
  ],
});

export const unlinkedView = (result: UnlinkResult): View => ({
  content: result.hadAccount
    ? `Unlinked. Deleted your Spotify tokens and ${result.layersDeleted} layer${result.layersDeleted === 1 ? '' : 's'} with their labels and models. ` +
      // Spotify offers apps no way to give an authorization back: only the person can remove it.
      'Spotify still lists Motherlist among the apps you allowed (the bot kept no token to use it): remove it at <https://www.spotify.com/account/apps/> if you want it gone there too.'
    : `No Spotify account was linked. Deleted ${result.layersDeleted} layer${result.layersDeleted === 1 ? '' : 's'}.`,
  embeds: [],
  components: [],
});

const when = (date: Date | null | undefined): string =>
  date ? `<t:${Math.floor(date.getTime() / 1000)}:R>` : 'never';

const enrichmentLine = (provider: EnrichmentProviderStatus): string => {
  const { name, brings } = ENRICHMENT_PROVIDERS[provider.provider] ?? {
    name: provider.provider,
    brings: 'its data',
  };
  const label = `${name} (${brings})`;
  if (provider.state === 'off') return `${label}: off (${provider.reason})`;
  const covered = `${provider.covered.toLocaleString('en')} of ${provider.total.toLocaleString('en')} songs`;
  return provider.state === 'on'
    ? `${label}: on · ${covered}`
    : `${label}: ⚠️ not answering since ${when(provider.since)}; ${brings} wait until it is back · ${covered}`;
};

/** The enrichment providers' field, when this process enriches. */
const enrichmentFields = (status: UserStatus) =>
  status.enrichment
    ? [{ name: 'Enrichment', value: clip(status.enrichment.map(enrichmentLine).join('\n'), 1024) }]
    : [];

/** How long summaries held back by the pause are kept, in days (DM_OWED_FOR_MS). */
const OWED_DAYS = Math.round(DM_OWED_FOR_MS / (24 * 60 * 60 * 1000));

/**
 * Discord refused the last DM: while the notifier's pause lasts no DM is tried (summaries meanwhile
 * wait, up to OWED_DAYS), so opening DMs alone changes nothing until then; **Try a DM** checks now.
 */
const dmRefusalLine = ({ at, reason }: DmFailure, now: Date): string => {
  const retryAt = new Date(at.getTime() + DM_RETRY_AFTER_MS);
  const refused = `⚠️ Discord refused my last DM ${when(at)} (${reason}).`;
  const kept = `Summaries meanwhile wait for your DMs, ${OWED_DAYS} days at most, then they are not delivered (songs that wait stay in \`/label\`).`;
  return retryAt > now
    ? `${refused} I try no DM before ${when(retryAt)}. ${kept} Opened your DMs? Press **Try a DM** and they go out at the next sync.`
    : `${refused} ${kept} Open your DMs to get them (**Try a DM** checks now).`;
};

/** Summaries that never reached the user (DMs refused, or every try failed), told whether or not DMs work again since. */
const droppedDmsLine = (dropped: number): string =>
  dropped > 0
    ? `\n⚠️ ${dropped} summar${dropped === 1 ? 'y' : 'ies'} of the last ${OWED_DAYS} days never reached you: Discord refused my DMs or failed every try (songs that wait stay in \`/label\`).`
    : '';

const tryDmRow = (): View['components'][number] => ({
  type: ComponentType.ActionRow,
  components: [
    {
      type: ComponentType.Button,
      custom_id: customId('dt'),
      label: 'Try a DM',
      style: ButtonStyle.Secondary,
    },
  ],
});

/** The first full read of the library, while it runs (a dead link reads nothing, and says so itself). */
const libraryReadLine = (account: UserStatus['account']): string =>
  account && account.status === 'active' && !account.libraryRead.done
    ? `\n⏳ ${libraryReadingText({ code: 'library-reading', songsRead: account.libraryRead.songsRead, songsTotal: account.libraryRead.songsTotal }, '`/label`, `/sort` and `/import` wait until it is done.')}`
    : '';

export const statusView = (
  status: UserStatus,
  now: Date = new Date(),
  serverId: string | null = null,
): View => {
  const account = status.account
    ? `Linked as **${status.account.displayName}**${status.account.status === 'expired' ? ' (**link expired**: run `/link`)' : ''} · last sync ${when(status.account.lastSyncAt)}`
    : 'Not linked: run `/link`.';
  const reading = libraryReadLine(status.account);
  const dms = status.dmFailure
    ? dmRefusalLine(status.dmFailure, now)
    : status.settings.dmSummaries
      ? 'DM summaries on.'
      : 'DM summaries off.';
  const enrichment = enrichmentFields(status);
  // An embed holds 25 fields: a layer past them is named by /layer list.
  const shown = status.layers.slice(0, 25 - enrichment.length);
  const hidden = status.layers.length - shown.length;
  const more = hidden > 0 ? `\n${hidden} more layer${hidden === 1 ? '' : 's'}: \`/layer list\`.` : '';
  return {
    embeds: [
      fitEmbed({
        title: 'Motherlist status',
        color: status.dmFailure ? COLOUR.warn : COLOUR.neutral,
        description:
          clip(
            `${account}${linkAge(status)}${reading}\nAuto-sort ${status.settings.autoSort ? 'on' : 'off'} · ${syncLine(status)}${status.modelBackend ? ` · models on ${status.modelBackend}` : ''}\n${dms}${droppedDmsLine(status.droppedDms ?? 0)}\n${publicResultsLine(status.settings, serverId)}.${spotifySpend(status)}`,
            4096 - more.length,
          ) + more,
        fields: [
          ...shown.map((layer) => ({
            name: clip(layer.layer.name, 256),
            value: clip(
              `${layer.sublists.length} sublists · ${answerCount(layer)} · ` +
                (layer.model
                  ? `model v${layer.model.version} (${layer.model.labelCount} labels, quality ${percent(layer.model.quality)}) trained ${when(layer.model.trainedAt)}` +
                    (layer.model.features ? `, ${modelFeaturesLine(layer.model.features)}` : '')
                  : 'no model yet') +
                waitingLine(layer) +
                unlistedLine(layer) +
                unsortableLine(layer) +
                cycleLine(layer) +
                syncFailureLine(layer.syncFailure) +
                latestWaitingLine(layer),
              1024,
            ),
          })),
          ...enrichment,
        ],
      }),
    ],
    components: status.dmFailure ? [tryDmRow()] : [],
  };
};

/**
 * Whether results that show the user's library are public where they asked (/settings, /status):
 * set per server, so in a server it is that server's; in a DM, how many servers have it on, never
 * which (a server's name is not the user's to see in a DM here, nor anyone's to read over a shoulder).
 */
export const publicResultsLine = (
  settings: Pick<UserSettings, 'publicResultServers'>,
  serverId: string | null,
): string => {
  if (serverId !== null)
    return settings.publicResultServers.includes(serverId)
      ? 'Sort summaries and model results in this server: **public** (everyone in the channel sees them; set per server)'
      : 'Sort summaries and model results in this server: **only you** (`/settings public_results:true` here shows them to everyone in this server; set per server)';
  const servers = settings.publicResultServers.length;
  return `Sort summaries and model results: yours alone here in our DM; in servers, set per server with \`/settings public_results\` there (public in **${servers === 0 ? 'none' : count(servers)}**${servers === 0 ? '' : ` server${servers === 1 ? '' : 's'}`} now)`;
};

export const settingsView = (
  settings: UserSettings,
  defaultInterval: number,
  serverId: string | null,
  layer?: Layer,
): View => ({
  content: [
    ...(layer
      ? [
          `Precision target of **${layer.name}**: **${percent(layer.precisionTarget)}** of the songs a sort places should be right; the others wait for your answers`,
        ]
      : []),
    `Auto-sort new likes: **${settings.autoSort ? 'on' : 'off'}**`,
    `DM summaries: **${settings.dmSummaries ? 'on' : 'off'}**`,
    publicResultsLine(settings, serverId),
    `Sync interval: **every ${duration(settings.syncIntervalMinutes ?? defaultInterval)}**${settings.syncIntervalMinutes === null ? ' (default)' : ''}`,
  ].join('\n'),
  embeds: [],
  components: [],
});

/** A layer's precision target in /status, and the songs that wait because the model was less sure. */
const waitingLine = ({ layer, waitingCount }: Pick<LayerStatus, 'layer' | 'waitingCount'>): string =>
  `\nSorts at a precision target of ${percent(layer.precisionTarget)}` +
  (waitingCount > 0
    ? `: ${count(waitingCount)} song${waitingCount === 1 ? ' waits' : 's wait'} for your answer (\`/label\` asks about ${waitingCount === 1 ? 'it' : 'them'} first).`
    : '.');

/** Room for one waiting song's name in /status. */
const WAITING_NAME_LENGTH = 60;

/**
 * The names of the songs that began waiting last, last in the layer's field: what a full embed
 * clips first (fitEmbed). /status is ephemeral, so it names songs of the user's library.
 */
const latestWaitingLine = ({
  waitingCount,
  latestWaiting,
}: Pick<LayerStatus, 'waitingCount' | 'latestWaiting'>): string =>
  latestWaiting.length > 0
    ? `\nLatest waiting: ${latestWaiting.map((name) => clip(name, WAITING_NAME_LENGTH)).join(' · ')}${waitingCount > latestWaiting.length ? ' · …' : ''}`
    : '';

/** "**rock** (3): A – x, B – y, C – z": the first ten songs a run placed in one sublist. */
const placementLine = ({ sublistName, trackNames }: { sublistName: string; trackNames: string[] }): string =>
  `**${sublistName}** (${trackNames.length}): ${trackNames.slice(0, 10).join(', ')}${trackNames.length > 10 ? ', …' : ''}`;

/** Why a run will not finish, in a sentence's words. */
const failureCause = (ourError: boolean | undefined): string =>
  ourError ? 'an error on our side stopped them three times' : 'Spotify refused them';

/** /status's line for a layer whose last sync will not finish. */
const syncFailureLine = (failure: SyncFailure | undefined): string =>
  failure
    ? `\n⚠️ The sync ${when(failure.at)} failed: its changes were not made (${failureCause(failure.ourError)})${failure.unplaced > 0 ? `, and its ${failure.unplaced === 1 ? 'new song waits' : `${failure.unplaced} new songs wait`} for your answer (\`/label\`)` : ''}. If it keeps happening, tell the bot’s host this reference: \`${failure.reference}\`.`
    : '';

/** The new-songs DM's first line when the sync's writes will not be made. */
const syncFailedLine = ({
  reference,
  unplaced,
  ourError,
}: {
  reference: string;
  unplaced: number;
  ourError?: true;
}): string =>
  `⚠️ **${unplaced === 1 ? '1 new song' : `${unplaced} new songs`} could not be written to Spotify** (${failureCause(ourError)}), so ${unplaced === 1 ? 'it waits' : 'they wait'} for your answer instead. If it keeps happening, tell the bot’s host this reference: \`${reference}\`.`;

/** Room for one waiting song's sublists in the new-songs DM. */
const WAITING_SURE_LENGTH = 150;

/** A DM's message; `chartName`: the attached chart of a new-songs DM's run, shown as its image. */
export const dmView = (message: DmMessage, extras: { chartName?: string } = {}): View => {
  switch (message.kind) {
    case 'new-songs': {
      const lines = message.placements.map(placementLine);
      if (message.failed) lines.unshift(syncFailedLine(message.failed));
      if (message.voidCount > 0) lines.push(`void: ${message.voidCount}`);
      if (message.unlisted) lines.push(unlistedHeldLine(message.unlisted));
      if (message.refused) lines.push(refusedLine(message.refused, 'placed'));
      const waiting = message.waiting ?? [];
      const total = Math.max(message.waitingCount ?? 0, waiting.length);
      if (waiting.length > 0) {
        const nameOf = new Map((message.sublists ?? []).map((s) => [s.id, s.name]));
        lines.push(
          `${waitingHeader(total, message.failed ? 'not placed' : 'not sure enough to place')}${waiting
            .slice(0, 10)
            .map((w) => {
              const gone = unlistedGuess(message, w).map((id) => nameOf.get(id) ?? '?');
              const removed = removedGuess(message, w).length > 0;
              const why = [
                ...(gone.length > 0 ? [`${gone.join(', ')}'s playlist is gone`] : []),
                ...(removed ? ['a sublist of it was removed since'] : []),
              ]
                .map((part) => `; ${part}`)
                .join('');
              const live = w.sublistIds.filter((id) => nameOf.has(id));
              if (removed && live.length === 0)
                return waitingSongLine(w.trackName, 'its best guess was a sublist removed since');
              const { memberships } = w;
              const guess = memberships
                ? `: ${sureOfEach(
                    live.map((id) => ({
                      sublistName: nameOf.get(id) ?? '?',
                      confidence: memberships[id] ?? w.confidence,
                    })),
                    WAITING_SURE_LENGTH,
                  )}`
                : ` ${live.map((id) => nameOf.get(id) ?? '?').join(', ') || 'void'}, ${percent(w.confidence)}`;
              return waitingSongLine(w.trackName, `best guess${guess}${why}`);
            })
            .join('')}${total > 10 ? waitingSongLine('…') : ''}`,
        );
      }
      // Nothing placed, nothing failed: "sorted" would be the one thing the DM says wrong.
      const onlyWaiting =
        !message.failed && message.placements.length === 0 && message.voidCount === 0 && total > 0;
      // Waiting songs first (up to 2 beside placed songs' menus, else 4), placed songs' menus in the rest.
      const waitingRows = waitingControls(message, message.tracks?.length ? 2 : 4);
      const menus = correctionMenus(message, 5 - waitingRows.rows.length);
      let footer = '';
      if (waitingRows.shown > 0)
        footer += `\n\n${PLACE_FOOTER} where the model guessed; its menu puts it elsewhere.${waitingRows.unplaceable > 0 ? ' A song guessed for a playlist no longer in your library has no **Place**: its menu puts it elsewhere, or put that playlist back in your library.' : ''}${waitingRows.guessRemoved > 0 ? ' A song guessed for a sublist removed since has no **Place**: its menu puts it where it goes.' : ''}${waitingRows.shown < total ? ' `/label` asks about the others.' : ''}`;
      if (menus.rows.length > 0) footer += '\n\nWrong place? Pick where a track belongs in its menu below.';
      if (menus.rows.length > 0 && menus.left > 0)
        footer += ` ${menus.left} more can be corrected with \`/why\` (the layer and the song), which offers the same menu.`;
      return {
        embeds: [
          {
            title: newSongsTitle(message.layerName, onlyWaiting),
            color: COLOUR.brand,
            description: clip(lines.join('\n') || 'Nothing new.', 4096 - footer.length) + footer,
            ...(extras.chartName ? { image: { url: `attachment://${extras.chartName}` } } : {}),
          },
        ],
        components: [...waitingRows.rows, ...menus.rows],
      };
    }
    case 'relink':
      return {
        content: clip(
          `Spotify stopped accepting Motherlist’s access (${message.reason}). Please link again with \`/link\` or the button below; your layers, labels and models stay.`,
          2000,
        ),
        embeds: [],
        // As the DM before the link expires: one press, where /link may not be at hand in a DM.
        components: [linkAgainRow],
      };
    case 'link-removed':
      return {
        content:
          'Motherlist removed your Spotify link: the Spotify account you linked was linked from another Discord account too, and a Spotify account now links one Discord account only (the other link was kept). ' +
          'Nothing of yours is synced or sorted until you link again with `/link` or the button below, with a Spotify account no one else has linked; your layers, labels and models stay.',
        embeds: [],
        components: [linkAgainRow],
      };
    case 'public-results-reset':
      return {
        content:
          'Public results are now set per server. Yours were on for every server you use Motherlist in, though you turned them on in one, and which one was never stored: so that nothing of your library shows where you did not mean it to, they are off everywhere now. ' +
          'Run `/settings public_results:true` in the server where you want your sort summaries and model results shown to everyone; everywhere else they stay yours alone.',
        embeds: [],
        components: [],
      };
    case 'link-expiring':
      return linkExpiringDm(message.expiresAt);
    case 'quota-blocked':
      return { content: quotaBlockedDm(message.until), embeds: [], components: [] };
    case 'undo-finished':
      return {
        content: clip(
          `Your /undo of “${message.outcome.layerName}”${heldBy(message.heldBy)} has finished. ${undoText(message.outcome)}`,
          2000,
        ),
        embeds: [],
        components: [],
      };
    case 'sort-applied': {
      const placed = message.placements.map(placementLine);
      return {
        ...sortSummaryView(message.layerName, message.outcome),
        content: clip(
          [
            `Your \`/sort\` of “${message.layerName}”${heldBy(message.heldBy)} has been applied.`,
            ...(placed.length > 0 ? ['Placed:', ...placed] : []),
          ].join('\n'),
          2000,
        ),
      };
    }
    case 'run-failed': {
      const cause = message.ourError
        ? 'an error on our side stopped it three times'
        : 'Spotify refused its changes';
      const rest =
        message.what === 'sort'
          ? 'What it wrote stays where it is; `/sort` again to place the rest.'
          : 'What it changed stays changed; `/undo` again to finish it.';
      return {
        content: clip(
          `⚠️ Your earlier \`/${message.what}\` ${message.what === 'sort' ? 'of' : 'in'} “${message.layerName}” could not be finished: ${cause}. ${rest} If it keeps happening, tell the bot’s host this reference: \`${message.reference}\`.`,
          2000,
        ),
        embeds: [],
        components: [],
      };
    }
    case 'correction-failed': {
      const where = message.sublistNames.length > 0 ? message.sublistNames.join(', ') : 'the void';
      return {
        content: clip(
          `${earlierCorrectionNotMade(message.layerName)}\n${failedCorrectionText(message.trackName, where, message)}`,
          2000,
        ),
        embeds: [],
        components: [],
      };
    }
    case 'correction-refused':
      return {
        content: clip(
          `${heldCorrectionNotMade(message.layerName, message.heldBy)}\n${refusedCorrectionText(message.refused.trackName, message.refused)}`,
          2000,
        ),
        embeds: [],
        components: [],
      };
    case 'put-back-given-up':
      return { content: putBackGivenUpText(message), embeds: [], components: [] };
    case 'layers-in-circle':
      return {
        content: clip(
          `⚠️ Some of your layers are in a circle: ${circleText(message.links)}. ${CIRCLE_ADVICE} \`/status\` and \`/layer list\` show it until then.`,
          2000,
        ),
        embeds: [],
        components: [],
      };
    case 'text':
      return { content: clip(message.text, 2000), embeds: [], components: [] };
  }
};

export const HELP_TEXT = [
  '**Motherlist** sorts a Spotify motherlist (Liked Songs or a playlist you own) into sublists with a model that learns from your answers.',
  '1. `/link` your Spotify account.',
  '2. `/layer create` a layer: its motherlist (Liked Songs, a playlist, or another layer’s sublist) and its mode (mutual: one sublist per track; complete: no void).',
  '3. `/sublist add` its sublists (new private playlists, or playlists you own).',
  '4. `/import` what you already sorted, and `/label` tracks by pressing buttons.',
  '5. `/train`, then `/sort` (with `dry_run` to preview): only the songs the model is sure of are placed, the others wait for your answers. `/undo` reverts the last sort or sync; `/why` explains a placement.',
  '`/status` shows what Motherlist knows; `/settings` sets auto-sort, DMs, public results, the sync interval and a layer’s precision target (how sure a placement must be); `/unlink` forgets everything.',
].join('\n');
