import { type APIActionRowComponent, type APIComponentInMessageActionRow } from 'discord.js';
import type { Sublist } from '../../core/layer-records.js';
import { RunFailedError, UserError } from '../../services/errors.js';
import type { LayerWithSublists } from '../../services/layers/layer.service.js';
import type { ComponentHandler } from '../component-handler.js';
import { customId, expandUuid, parseCustomId } from '../custom-id.js';
import { loggedRunFailure, withinDeadline } from '../respond.js';
import { picksOf } from '../menu-picks.js';
import { failedCorrectionText, refusedCorrectionText } from '../views/correction.view.js';
import { clip } from '../views/view.js';
import { CHOOSE_FLAG, placedWaitingEmbed } from '../views/waiting.view.js';

/**
 * A waiting song's Place button (where the model guessed) or menu (where the user picks) in a
 * new-songs DM: places it through the sorter as the user's answer, then the DM says where it went
 * and loses that song's button and menu.
 */
export const placeWaitingHandler: ComponentHandler = {
  kind: 'pw',
  async handle(interaction, [layer32, trackId, flag], { services, logger }) {
    const choosing = flag === CHOOSE_FLAG;
    const fits = choosing ? interaction.isStringSelectMenu() : interaction.isButton();
    const layerId = expandUuid(layer32 ?? '');
    if (!fits || !layer32 || !trackId || !layerId)
      throw new UserError({ code: 'stale-component', what: 'button' });
    const [values, options] = interaction.isStringSelectMenu()
      ? [interaction.values, interaction.component.options]
      : [[], []];
    const check: Promise<LayerWithSublists & { chosen?: Sublist[] }> = choosing
      ? services.layers.pressedAnswer(interaction.user.id, layerId, picksOf(values, options), 'placed')
      : services.layers.pressed(interaction.user.id, layerId, 'placed');
    const { value: found, acknowledged } = await withinDeadline(check, () => interaction.deferUpdate());
    if (!acknowledged) await interaction.deferUpdate();
    const placed = await services.sorter
      .placeWaiting(
        interaction.user.id,
        layerId,
        trackId,
        found.chosen?.map((s) => s.id),
      )
      .catch((error: unknown) => loggedRunFailure(error, logger, 'pw', interaction.user.id));
    if (placed instanceof RunFailedError) {
      // Not placed: the song still waits, with its button and menu.
      const where = found.chosen ? found.chosen.map((s) => s.name).join(', ') || 'the void' : null;
      const said = failedCorrectionText(null, where, placed, 'placed');
      await interaction.editReply({
        content: clip([interaction.message.content, said].filter(Boolean).join('\n'), 2000),
      });
      return;
    }
    const nameOf = new Map(found.sublists.map((s) => [s.id, s.name]));
    const where = placed.sublistIds.map((id) => nameOf.get(id) ?? '?').join(', ');
    // Refused by the mutual check (put in another sublist by hand since), the song stays there and
    // no answer is stored (the next sync takes the hand edit as one); it is in a sublist, so it no
    // longer waits and its button and menu go too.
    const refused = placed.refused?.[0];
    const said = refused
      ? refusedCorrectionText(placed.trackName, refused, 'placed in')
      : where
        ? `Placed **${placed.trackName}** in **${where}**; Motherlist will remember it.`
        : `Left **${placed.trackName}** out of every sublist (the void); Motherlist will remember it.`;
    // The song is answered: its Place button and its menu go; the other songs' stay.
    const thisSong = new Set([
      customId('pw', layer32, trackId),
      customId('pw', layer32, trackId, CHOOSE_FLAG),
    ]);
    const components = interaction.message.components
      .map((row) => row.toJSON() as APIActionRowComponent<APIComponentInMessageActionRow>)
      .map((row) => ({
        ...row,
        components: row.components.filter((c) => !('custom_id' in c && thisSong.has(c.custom_id))),
      }))
      .filter((row) => row.components.length > 0);
    // The embed lists the song where it went, no longer among the waiting ones.
    const controlsLeft = components.some((row) =>
      row.components.some((c) => {
        const parsed = 'custom_id' in c ? parseCustomId(c.custom_id) : undefined;
        return parsed?.ok === true && parsed.id.kind === 'pw';
      }),
    );
    const embeds = interaction.message.embeds.map((embed, i) =>
      i === 0
        ? placedWaitingEmbed(embed.toJSON(), found.layer.name, {
            trackName: placed.trackName,
            where: refused ? refused.heldIn.join(', ') : where || 'the void',
            controlsLeft,
          })
        : embed.toJSON(),
    );
    await interaction.editReply({
      content: clip([interaction.message.content, said].filter(Boolean).join('\n'), 2000),
      components,
      embeds,
    });
  },
};
