import { ComponentType } from 'discord-api-types/v10';

type Json = Record<string, unknown>;

/** What a user typed or picked in a modal, by custom_id. */
export type ModalValues = Readonly<Record<string, string | string[]>>;

/**
 * Turns the modal the bot showed (callback type 9 data) into the `data.components` of the
 * MODAL_SUBMIT interaction, keeping its layout (action rows or labels), and refusing input the
 * Discord client would not allow: unknown fields, empty required fields, lengths out of range.
 */
export function submittedComponents(modal: Json, values: ModalValues): unknown[] {
  const used = new Set<string>();
  const leaf = (component: Json): Json => {
    const customId = typeof component['custom_id'] === 'string' ? component['custom_id'] : undefined;
    if (customId === undefined) return { type: component['type'] };
    used.add(customId);
    const given = values[customId];
    if (component['type'] === ComponentType.TextInput) {
      const value = typeof given === 'string' ? given : '';
      checkTextInput(component, customId, value);
      return { type: ComponentType.TextInput, custom_id: customId, value };
    }
    const picked = given === undefined ? [] : Array.isArray(given) ? given : [given];
    return { type: component['type'], custom_id: customId, values: picked };
  };
  const components = asArray(modal['components']).map((top) => {
    if (Array.isArray(top['components'])) {
      return { type: top['type'], components: asArray(top['components']).map(leaf) };
    }
    if (typeof top['component'] === 'object' && top['component'] !== null) {
      return { type: top['type'], component: leaf(top['component'] as Json) };
    }
    return leaf(top);
  });
  const unknown = Object.keys(values).filter((key) => !used.has(key));
  if (unknown.length > 0) throw new Error(`The modal has no fields ${JSON.stringify(unknown)}`);
  return components;
}

function checkTextInput(component: Json, customId: string, value: string): void {
  const required = component['required'] !== false;
  if (required && value === '') throw new Error(`Modal field "${customId}" is required`);
  const min = typeof component['min_length'] === 'number' ? component['min_length'] : 0;
  const max = typeof component['max_length'] === 'number' ? component['max_length'] : 4000;
  if (value !== '' && (value.length < min || value.length > max)) {
    throw new Error(`Modal field "${customId}" takes ${min}–${max} characters, got ${value.length}`);
  }
}

function asArray(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter((v): v is Json => typeof v === 'object' && v !== null) : [];
}
