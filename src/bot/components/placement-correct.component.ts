import {
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
} from 'discord.js';
import { RunFailedError, UserError } from '../../services/errors.js';
import type { ComponentHandler } from '../component-handler.js';
import { expandUuid } from '../custom-id.js';
import { acknowledgePress, CONTINUED } from '../message-token.js';
import { loggedRunFailure, withinDeadline } from '../respond.js';
import { pressedOnSharedMessage } from '../result-visibility.js';
import type { RefusedPlacement } from '../../services/ports/model-ports.js';
import {
  correctionPlaceholder,
  failedCorrectionText,
  LABEL_ONLY,
  notedCorrectionText,
  placeholderTrack,
  refusedCorrectionText,
} from '../views/correction.view.js';
import { picksOf } from '../menu-picks.js';

/**
 * A correction menu (new-songs DM, /sort summary): moves the track to the chosen sublist (or the
 * void) through the sorter, which stores the choice as a `correction` label; the message then
 * shows where it went. A label-only menu (a dry run's summary: nothing was placed) stores the
 * label alone, so the next sort puts the track there (refused, as a move is, for a song no longer
 * in the motherlist).
 */
export const placementCorrectHandler: ComponentHandler = {
  kind: 'mv',
  async handle(interaction, [layer32, trackId, flag], { services, logger }) {
    if (!interaction.isStringSelectMenu() || !trackId)
      throw new UserError({ code: 'stale-component', what: 'button' });
    const layerId = expandUuid(layer32 ?? '');
    if (!layerId) throw new UserError({ code: 'stale-component', what: 'layer-gone', nothing: 'moved' });
    const check = services.layers.pressedAnswer(
      interaction.user.id,
      layerId,
      picksOf(interaction.values, interaction.component.options),
      'moved',
    );
    // Past the summary's token the answer, with the menus to go on, comes in a fresh private message.
    const { inPlace, acknowledge } = acknowledgePress(interaction);
    const { value: found, acknowledged } = await withinDeadline(check, acknowledge);
    if (!acknowledged) await acknowledge();
    const targetIds = found.chosen.map((s) => s.id);
    const labelOnly = flag === LABEL_ONLY;
    let refused: RefusedPlacement | undefined;
    let failed: RunFailedError | undefined;
    let unlisted: string[] = [];
    if (labelOnly) {
      await services.sorter.noteAnswer(interaction.user.id, found.layer.id, trackId, targetIds);
      unlisted = (await services.layers.unlistedAmong(interaction.user.id, found.chosen)).map((s) => s.name);
    } else {
      const outcome = await services.sorter
        .correct(interaction.user.id, found.layer.id, trackId, targetIds)
        .catch((error: unknown) => loggedRunFailure(error, logger, 'mv', interaction.user.id));
      if (outcome instanceof RunFailedError) failed = outcome;
      else refused = outcome.refused?.[0];
    }
    const chosen = found.chosen.map((s) => s.name).join(', ') || 'the void';
    const placeholder = interaction.component.placeholder ?? trackId;
    const trackName = placeholderTrack(placeholder);
    // On a summary the channel sees, the answer is the user's alone: only the menu changes there.
    const shared = inPlace && pressedOnSharedMessage(interaction);
    const tellUser = (said: string) => interaction.followUp({ content: said, flags: MessageFlags.Ephemeral });
    if (failed) {
      // Not moved: the menu still shows where the song was.
      const said = failedCorrectionText(trackName, chosen, failed);
      if (shared) await tellUser(said);
      else await interaction.editReply({ content: inPlace ? said : `${CONTINUED}\n${said}` });
      return;
    }
    // Refused by the mutual check, the song stays where it is: the menu shows that.
    const where = refused ? refused.heldIn.join(', ') : chosen;
    const components = interaction.message.components.map((row) => {
      const json = row.toJSON() as APIActionRowComponent<APIComponentInMessageActionRow>;
      if (json.type !== ComponentType.ActionRow) return json;
      return {
        ...json,
        components: json.components.map((c) =>
          c.type === ComponentType.StringSelect && c.custom_id === interaction.customId
            ? { ...c, placeholder: correctionPlaceholder(trackName, where === 'the void' ? 'void' : where) }
            : c,
        ),
      };
    });
    const said = labelOnly
      ? notedCorrectionText(trackName, where, unlisted)
      : refused
        ? refusedCorrectionText(trackName, refused)
        : `Moved **${trackName}** to **${where}**; Motherlist will remember it.`;
    if (shared) {
      await interaction.editReply({ components });
      await tellUser(said);
      return;
    }
    await interaction.editReply({ content: inPlace ? said : `${CONTINUED}\n${said}`, components });
  },
};
