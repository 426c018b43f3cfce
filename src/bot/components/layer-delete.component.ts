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
      if (!layerId) throw new UserError({ code: 'stale-component', what: 'layer-gone' });
      const { layer } = await services.layers.pressed(interaction.user.id, layerId);
      if (answer !== 'y') return `Kept layer **${layer.name}**.`;
      const { children } = await services.layers.delete(interaction.user.id, layer.name);
      return `Deleted layer **${layer.name}**.${detachedLine(children)}`;
    };
    const { value: content, acknowledged } = await withinDeadline(settle(), () => interaction.deferUpdate());
    if (acknowledged) await interaction.editReply({ content, components: [] });
    else await interaction.update({ content, components: [] });
  },
};
