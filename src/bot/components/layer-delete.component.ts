import { NotYoursError, StaleComponentError } from '../../services/errors.js';
import type { ComponentHandler } from '../component-handler.js';
import { expandUuid } from '../custom-id.js';

export const layerDeleteConfirmHandler: ComponentHandler = {
  kind: 'ld',
  async handle(interaction, [layer32, answer], { services }) {
    const layerId = expandUuid(layer32 ?? '');
    const found = layerId ? await services.layers.byIdWithSublists(layerId) : undefined;
    if (!found) throw new StaleComponentError('That layer no longer exists.');
    if (found.layer.userId !== interaction.user.id) throw new NotYoursError();
    if (answer !== 'y') {
      await interaction.update({ content: `Kept layer **${found.layer.name}**.`, components: [] });
      return;
    }
    await services.layers.delete(interaction.user.id, found.layer.name);
    await interaction.update({ content: `Deleted layer **${found.layer.name}**.`, components: [] });
  },
};
