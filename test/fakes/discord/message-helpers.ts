import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type APIButtonComponentWithCustomId,
  type APIMessage,
  type APIStringSelectComponent,
} from 'discord-api-types/v10';

/** Any component found in a message, children flattened. */
export type AnyComponent = { type: number; custom_id?: string; label?: string; disabled?: boolean } & Record<
  string,
  unknown
>;

/** Every component of a message, depth first (rows, their buttons, containers, accessories...). */
export function allComponents(message: APIMessage): AnyComponent[] {
  const result: AnyComponent[] = [];
  const walk = (components: unknown): void => {
    if (!Array.isArray(components)) return;
    for (const component of components as AnyComponent[]) {
      result.push(component);
      walk(component['components']);
      if (component['accessory'] !== undefined) walk([component['accessory']]);
    }
  };
  walk(message.components);
  return result;
}

export function isEphemeral(message: APIMessage): boolean {
  return ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}

/** Interactive buttons (not link or premium buttons) of a message, in display order. */
export function buttons(message: APIMessage): APIButtonComponentWithCustomId[] {
  return allComponents(message).filter(
    (c): c is AnyComponent & APIButtonComponentWithCustomId =>
      c.type === ComponentType.Button && typeof c.custom_id === 'string' && c['style'] !== ButtonStyle.Link,
  );
}

/** The labels of the message's interactive buttons, handy in `expect(...).toEqual([...])`. */
export function buttonLabels(message: APIMessage): string[] {
  return buttons(message).map((b) => b.label ?? '');
}

/** The button with this exact label; throws listing the labels present when there is none. */
export function findButton(message: APIMessage, label: string): APIButtonComponentWithCustomId {
  const found = buttons(message).find((b) => b.label === label);
  if (found === undefined) {
    throw new Error(
      `No button labelled "${label}" in message ${message.id}; labels: ${JSON.stringify(buttonLabels(message))}`,
    );
  }
  return found;
}

/** The component with this custom_id, or undefined. */
export function findComponent(message: APIMessage, customId: string): AnyComponent | undefined {
  return allComponents(message).find((c) => c.custom_id === customId);
}

/** The string select menu with this custom_id; throws when absent. */
export function findStringSelect(message: APIMessage, customId: string): APIStringSelectComponent {
  const found = findComponent(message, customId);
  if (found === undefined || found.type !== ComponentType.StringSelect) {
    throw new Error(`No string select "${customId}" in message ${message.id}`);
  }
  return found as unknown as APIStringSelectComponent;
}
