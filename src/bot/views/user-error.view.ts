import type { PlacementProblem } from '../../core/layer.js';
import type { InvalidInput, Stale, UserError, UserProblem } from '../../services/errors.js';
import {
  clip,
  count,
  leftMotherlistText,
  playlistsGone,
  putBack,
  UNLISTED_WHY,
  unlistedRemedy,
} from './view.js';

/** The first read of the library, under way. */
export type LibraryReading = Extract<UserProblem, { code: 'library-reading' }>;

/** A Discord timestamp: every reader sees it in their own time zone (R: "in 3 hours"). */
export const discordTime = (at: Date, style: 'R' | 't' | 'f' | 'D'): string =>
  `<t:${Math.ceil(at.getTime() / 1000)}:${style}>`;

export const quotaBlockedDm = (until: Date): string =>
  `Spotify has paused this bot's requests until ${discordTime(until, 't')} (${discordTime(until, 'R')}): the daily quota Spotify gives the bot's developer account is used up. Your new likes wait and are sorted then; nothing is lost.`;

/** A name the user gave, as the bot shows it. */
const q = (name: string): string => `“${name}”`;

/** Before the first read of the library is done: how far it is, and (`then`) what to do or expect. */
export const libraryReadingText = (
  { songsRead, songsTotal }: LibraryReading,
  then = 'Run the command again when it is done (`/status` shows how far it is).',
): string => {
  const again = then;
  // The read is queued at the link: no count yet means its first page has not come back.
  if (songsRead === null || songsTotal === null)
    return `Motherlist is still reading your Spotify library for the first time and has not counted your liked songs yet. ${again}`;
  if (songsRead < songsTotal)
    return `Motherlist is still reading your Spotify library for the first time: read ${count(songsRead)} of ${count(songsTotal)} liked songs so far. ${again}`;
  return `Motherlist has read your ${count(songsTotal)} liked songs and is reading your playlists now. ${again}`;
};

const PLACEMENT: Record<PlacementProblem, string> = {
  'repeated-sublist': 'a sublist appears twice',
  mutual: 'a mutual layer puts a track in at most one sublist',
  complete: 'a complete layer puts every track in a sublist',
};

const invalidInputText = (input: InvalidInput): string => {
  switch (input.rule) {
    case 'name-characters':
      return `A ${input.kind} name cannot contain control or text-direction characters.`;
    case 'name-empty':
      return `A ${input.kind} needs a name.`;
    case 'name-too-long':
      return `A ${input.kind} name has at most ${input.max} characters.`;
    case 'void-reserved':
      return '“void” is reserved for tracks that belong in no sublist.';
    case 'too-many-sublists':
      return `A layer has at most ${input.max} sublists.`;
    case 'too-many-layers':
      return `You can have at most ${input.max} layers; delete one first.`;
    case 'precision-range':
      return `The precision target is a whole percentage from ${input.min} to ${input.max}.`;
    case 'precision-needs-layer':
      return 'Name the `layer` whose precision target to set.';
    case 'sync-interval-range':
      return `The sync interval is a whole number of minutes from ${input.min} to ${input.max} (0 for the default).`;
    case 'public-results-per-server':
      return 'Public results are set per server: run `/settings public_results` in the server where you want them. Here in our DM your results are yours alone anyway.';
    case 'mode':
      return input.problem === 'complete'
        ? `Layer ${q(input.layerName)} is complete: every track goes in a sublist.`
        : input.problem === 'mutual'
          ? `Layer ${q(input.layerName)} is mutual: pick one sublist.`
          : `Not a valid answer for layer ${q(input.layerName)}: ${PLACEMENT[input.problem]}.`;
    case 'pick-before-done':
      return 'Pick at least one sublist first, then press Done.';
    case 'void-alone':
      return 'The void means no sublist: pick it alone.';
    case 'placement':
      return input.layerName === null
        ? `Cannot place it there: ${PLACEMENT[input.problem]}.`
        : `Not a valid answer for layer ${q(input.layerName)}: ${PLACEMENT[input.problem]}.`;
    case 'no-track-match':
      return `No track matching ${q(input.query)} in the motherlist of ${q(input.layerName)}.`;
    case 'short-link': {
      const what = input.kind === 'track' ? 'song' : 'playlist';
      return `Motherlist can't read Spotify's short links (spotify.link/…): open it, then copy the ${what}'s open.spotify.com link (Share → Copy link to ${what}), or type the ${what}'s name.`;
    }
  }
};

const AGAIN = 'Run the command again.';

/** Sublists a menu offered, removed from their layer since its message (unnamed: the menu's names were not read). */
const removedSince = (sublistNames: readonly string[], layerName: string): string => {
  const bold = sublistNames.map((name) => `**${name}**`);
  const named =
    bold.length > 1 ? `${bold.slice(0, -1).join(', ')} and ${bold.at(-1)} were` : `${bold[0]} was`;
  return `${bold.length === 0 ? 'A sublist you picked was' : named} removed from layer **${layerName}** since this message`;
};

const staleText = (stale: Stale): string => {
  switch (stale.what) {
    case 'button':
      return 'This button is no longer active. Start again with the command.';
    case 'old-button':
      return `This button comes from an older version of Motherlist and no longer works. ${AGAIN}`;
    case 'unreadable-button':
      return `This button could not be read, so nothing was done. ${AGAIN}`;
    case 'old-form':
      return 'This form comes from an older version of Motherlist: run the command again.';
    case 'command-gone':
      return 'This command no longer exists; see `/help`.';
    case 'command-changed':
      return 'This command changed since your Discord app loaded it: run it again.';
    case 'label-session-ended':
      return 'This label session has ended (its layer was deleted). Start a new one with `/label`.';
    case 'label-session-stopped':
      return 'This label session was stopped. Start a new one with `/label`.';
    case 'track-answered':
      return 'This track was already answered; use the newest label message.';
    case 'card-superseded':
      return 'This label session has moved on to a newer card (a later `/label` of this layer, or a new message after 15 minutes): answer there.';
    case 'track-gone':
      return 'This track is no longer in your library.';
    case 'sublist-removed':
      return 'That sublist was removed from the layer.';
    case 'run-gone':
      return 'That run no longer exists.';
    case 'layer-complete-now':
      return 'This layer is complete now: every track goes to a sublist.';
    case 'layer-gone':
      return `That layer no longer exists${stale.nothing ? `; nothing was ${stale.nothing}` : ''}.`;
    case 'sublist-gone':
      return `${removedSince(stale.sublistNames, stale.layerName)}, so nothing was ${stale.nothing}: ${
        stale.nothing === 'moved'
          ? 'pick another sublist in the menu, or `/why` (the layer and the song) offers a menu of the sublists it has now.'
          : `pick another sublist in the song’s menu, or answer it with \`/label layer:${stale.layerName}\`, which asks about waiting songs first.`
      }`;
    case 'no-longer-waits':
      return `${stale.trackName ?? 'That song'} no longer waits: it was answered or placed since, so nothing was changed.`;
    case 'guess-removed':
      return `The best guess for ${stale.trackName ? `**${stale.trackName}**` : 'that song'} was a sublist removed since, so nothing was placed: pick where it goes in its menu.`;
  }
};

type Words = { [C in UserProblem['code']]: (problem: Extract<UserProblem, { code: C }>) => string };

/** When Spotify's limit is expected to lift, as Discord timestamps every reader sees in their own time. */
const expectedAt = (until: Date): string =>
  `expected ${discordTime(until, 'R')} (${discordTime(until, 't')})`;

/** Every user error's words, one entry per code: a new code without words does not compile. */
const WORDS: Words = {
  'not-linked': () => 'Link your Spotify account first with `/link`.',
  'link-expired': () =>
    'Your Spotify link has expired (Spotify asks for a new approval every 6 months, or access was revoked). Use `/link` to connect again.',
  'unknown-layer': ({ layerName }) =>
    layerName === null
      ? 'That layer no longer exists.'
      : `You have no layer named ${q(layerName)}. See \`/layer list\`.`,
  'duplicate-layer': ({ layerName }) => `You already have a layer named ${q(layerName)}.`,
  'unknown-sublist': ({ sublistName, layerName }) =>
    sublistName !== null && layerName !== null
      ? `Layer ${q(layerName)} has no sublist named ${q(sublistName)}.`
      : layerName !== null
        ? `${removedSince([], layerName)}, so nothing was done: pick another sublist in the menu.`
        : 'That sublist no longer exists.',
  'duplicate-sublist': ({ by, name, layerName }) =>
    by === 'name'
      ? `Layer ${q(layerName)} already has a sublist ${q(name)}.`
      : `${q(name)} already backs a sublist of this layer.`,
  'playlist-not-owned': ({ playlist, inLibrary }) =>
    inLibrary === 'missing'
      ? `No playlist named ${q(playlist)} in your Spotify library: pick one you own from the suggestions as you type.`
      : inLibrary === 'followed'
        ? `${q(playlist)} is not yours (you follow it): Motherlist sorts only into and out of playlists you own.`
        : `${q(playlist)} is not a playlist you own; Motherlist can only sort into and out of your own playlists.`,
  'ambiguous-playlist': ({ playlist, count }) =>
    `You own ${count} playlists named ${q(playlist)}. Pick the one you mean from the suggestions as you type (each shows the start of its id), or name it by its link (in Spotify: Share → Copy link to playlist).`,
  'ambiguous-motherlist': ({ reference, paths }) =>
    `Several sublists are named ${q(reference)}: ${paths.map(q).join(', ')}. Name one with its layer, as in ${q(paths[0] ?? reference)}.`,
  'layer-cycle': ({ playlistName, layerName, through }) =>
    through.length === 0
      ? `${q(playlistName)} is the motherlist of ${q(layerName)}: a layer cannot sort into the list it sorts from.`
      : `${q(playlistName)} is the motherlist of ${through.map(q).join(', ')}, whose songs flow on into ${q(layerName)}: ` +
        'as its sublist it would send them round in a circle.',
  'playlist-in-use': ({ playlistName, layerName, sublistName }) =>
    `${q(playlistName)} already backs ${q(sublistName)} of layer ${q(layerName)}: two layers sorting one playlist ` +
    `would take out at every sort what the other put in. Add a new sublist here, or sort that one further ` +
    `with a layer over it (\`/layer create motherlist:${layerName} › ${sublistName}\`).`,
  'invalid-input': invalidInputText,
  'no-sublists': ({ layerName, needed, work }) => {
    if (work === 'label')
      return `Layer ${q(layerName)} needs at least ${needed} sublist${needed > 1 ? 's' : ''} before labeling; add them with \`/sublist add\`.`;
    if (work === 'import') return `Layer ${q(layerName)} has no sublists to import from yet.`;
    return `Layer ${q(layerName)} has no sublists yet: \`/sublist add\` first.`;
  },
  'no-labels': ({ layerName, needed, work }) =>
    work === 'sort'
      ? `Layer ${q(layerName)} has no labels yet, so there is nothing to learn from: \`/label\` or \`/import\`, then \`/train\`.`
      : `Layer ${q(layerName)} needs at least ${needed} labeled tracks to train. Use \`/label\`.`,
  'no-model': ({ layerName }) =>
    `Layer ${q(layerName)} has no trained model yet. Label a few tracks, then \`/train\`.`,
  'nothing-to-undo': (problem) =>
    problem.in === 'layer'
      ? `Nothing to undo in ${q(problem.layerName)}.`
      : problem.in === 'label-session'
        ? 'Nothing to undo yet in this session.'
        : 'Only the latest sort or sync of a layer can be undone (and only once).',
  'library-reading': libraryReadingText,
  'not-yours': ({ of }) =>
    of === 'label-session'
      ? 'This label session belongs to someone else. Start your own with `/label`.'
      : 'This belongs to someone else. Run the command yourself to get your own.',
  'stale-component': staleText,
  'sublist-unlisted': ({ sublistNames }) => {
    const one = sublistNames.length === 1;
    return `${playlistsGone(sublistNames.map(q))}, so the song wasn't placed. ${unlistedRemedy(one)}`;
  },
  'left-motherlist': ({ trackName, motherlist }) =>
    `${leftMotherlistText(trackName, motherlist)}: nothing was moved. If you add it back, the next sync sorts it again.`,
  'motherlist-unlisted': ({ layerName, work }) =>
    `The motherlist of ${q(layerName)} is no longer in your Spotify library ${UNLISTED_WHY}, so there is nothing to ${work}: nothing was changed. ${putBack(true)}, or delete the layer with \`/layer delete\`.`,
  'sublist-pending': ({ layerName, sublistName }) =>
    `A sort or sync of ${q(layerName)}, held back by Spotify's daily limit, still has songs to write to ${q(sublistName)}, so the sublist was not removed. The bot writes them by itself when Spotify takes requests again; remove the sublist after that.`,
  busy: ({ during }) =>
    during === 'unlink'
      ? 'A sort or sync of your layers is still being written, so nothing was unlinked or deleted. Run `/unlink` again in a minute.'
      : 'A sort of this layer is running; try again when it is done.',
  'already-training': ({ layerName }) =>
    `Layer ${q(layerName)} is already training; its result comes when it is done.`,
  'spotify-quota': ({ until }) =>
    `Spotify's request quota for this bot is used up; it lifts ${discordTime(until, 'R')} (${discordTime(until, 't')}). Nothing is lost: your new likes are sorted after that.`,
  'spotify-budget': ({ until }) =>
    `This bot's Spotify requests for today are used up (Spotify allows only so many a day); more are available ${discordTime(until, 'R')} (${discordTime(until, 't')}).`,
  'sort-postponed': ({ until, layerName }) =>
    `Spotify's daily limit for this bot is used up, so your sort of ${q(layerName)} could not be written to Spotify yet. It is saved and will be applied by itself when Spotify takes requests again, ${expectedAt(until)}; you'll get its summary by DM then. Nothing is lost, and there is no need to run \`/sort\` again.`,
  'undo-postponed': ({ until, layerName, undid }) =>
    `Spotify's daily limit for this bot is used up, so undoing the last ${undid} of ${q(layerName)} could not be written to Spotify yet (or only in part). It is saved and will be finished by itself when Spotify takes requests again, ${expectedAt(until)}; you'll get a DM then. Nothing is lost, and there is no need to run \`/undo\` again.`,
  restarting: (problem) => {
    if (!problem.resumes) return 'Motherlist is restarting, so nothing was done; try again in a minute.';
    const { what, layerName } = problem;
    if (what === 'sort')
      return `Motherlist is restarting; your sort of ${q(layerName)} will finish when it is back, and you'll get its summary by DM then. Nothing is lost, and there is no need to run \`/sort\` again.`;
    if (what === 'undo')
      return `Motherlist is restarting; your undo in ${q(layerName)} will finish when it is back, and you'll get a DM then. Nothing is lost, and there is no need to run \`/undo\` again.`;
    return `Motherlist is restarting; your correction in ${q(layerName)} will be made when it is back. There is no need to choose again; if it cannot be made then, you'll get a DM.`;
  },
  'correction-postponed': ({ until, trackName, sublistNames, then }) => {
    const song = trackName ? `**${trackName}**` : 'the song';
    const where = sublistNames.length > 0 ? sublistNames.map((name) => `**${name}**`).join(', ') : 'the void';
    return then === 'by-itself'
      ? `Spotify's daily limit for this bot is used up, so moving ${song} to ${where} could not be written to Spotify yet. Your answer is kept and the move is saved: it will be applied by itself when Spotify takes requests again, ${expectedAt(until)}. There is no need to choose again; if the move cannot be made then (Spotify refuses it, or the song is in another sublist by then), you'll get a DM.`
      : `Spotify's daily limit for this bot is used up, and an earlier change of ${song} in this layer is still waiting to be written, so it cannot be moved to ${where} yet. Your answer is kept: the first \`/sort\` after Spotify takes requests again (${expectedAt(until)}) puts it there.`;
  },
};

/**
 * A user error as a person reads it, worded from its code and data; `pressed`: it answers a button
 * or a menu (a correction, a Place…), which the person tries again rather than running a command.
 */
/** Within a message's 2,000 characters: a longer answer is refused whole, and the person hears nothing. */
export const userErrorText = ({ problem }: UserError, pressed = false): string =>
  clip(
    pressed && problem.code === 'library-reading'
      ? libraryReadingText(problem, 'Try it again when it is done.')
      : (WORDS[problem.code] as (problem: UserProblem) => string)(problem),
    2000,
  );
