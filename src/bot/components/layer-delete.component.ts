import { UserError } from '../../services/errors.js';
import type { ComponentHandler } from '../component-handler.js';
import { expandUuid } from '../custom-id.js';
import { withinDeadline } from '../respond.js';
import { detachedLine } from '../views/layer.view.js';

export const layerDeleteConfirmHandler: ComponentHandler = {
  kind: 'ld',
  async handle(interaction, [layer32, answer], { services }) {
    const settle = async (): Promise<string> => {
      const layerId = expandUuid(layer32 ?? '');
      const found = layerId ? await services.layers.byIdWithSublists(layerId) : undefined;
      if (!found) throw new UserError({ code: 'stale-component', what: 'layer-gone' });
      if (found.layer.userId !== interaction.user.id) throw new UserError({ code: 'not-yours' });
      if (answer !== 'y') return `Kept layer **${found.layer.name}**.`;
      const { children } = await services.layers.delete(interaction.user.id, found.layer.name);
      return `Deleted layer **${found.layer.name}**.${detachedLine(children)}`;
    };
    const { value: content, acknowledged } = await withinDeadline(settle(), () => interaction.deferUpdate());
    if (acknowledged) await interaction.editReply({ content, components: [] });
    else await interaction.update({ content, components: [] });
  },
};
