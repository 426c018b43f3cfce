import { ComponentType, MessageFlags } from 'discord-api-types/v10';
import type { FieldError } from './errors.js';

/** Discord's documented limits that discord.js does not enforce client-side. */
export const LIMITS = {
  contentLength: 2000,
  embedsPerMessage: 10,
  embedTotalCharacters: 6000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  legacyRowsPerMessage: 5,
  buttonsPerRow: 5,
  componentsV2Total: 40,
  customIdMin: 1,
  customIdMax: 100,
  buttonLabel: 80,
  linkUrl: 512,
  selectOptions: 25,
  selectOptionText: 100,
  selectPlaceholder: 150,
  modalTitle: 45,
  modalComponents: 5,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceStringValue: 100,
} as const;

type Path = (string | number)[];
type Json = Record<string, unknown>;

const SELECT_TYPES: ReadonlySet<number> = new Set([
  ComponentType.StringSelect,
  ComponentType.UserSelect,
  ComponentType.RoleSelect,
  ComponentType.MentionableSelect,
  ComponentType.ChannelSelect,
]);

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * Checks a message body (create, edit, interaction response data) against Discord's limits.
 * `path` prefixes every error so the 50035 answer points where Discord would point.
 */
export function checkMessageLimits(body: unknown, path: Path = []): FieldError[] {
  if (!isObject(body)) return [];
  const errors: FieldError[] = [];
  const content = body['content'];
  if (typeof content === 'string' && content.length > LIMITS.contentLength) {
    errors.push(tooLong([...path, 'content'], LIMITS.contentLength));
  }
  errors.push(...checkEmbeds(body['embeds'], [...path, 'embeds']));
  const flags = typeof body['flags'] === 'number' ? body['flags'] : 0;
  const componentsV2 = (flags & MessageFlags.IsComponentsV2) !== 0;
  errors.push(...checkComponents(body['components'], [...path, 'components'], componentsV2));
  return errors;
}

function checkEmbeds(embeds: unknown, path: Path): FieldError[] {
  const list = asArray(embeds);
  const errors: FieldError[] = [];
  if (list.length > LIMITS.embedsPerMessage) errors.push(tooLong(path, LIMITS.embedsPerMessage));
  let total = 0;
  list.forEach((embed, index) => {
    if (!isObject(embed)) return;
    const title = typeof embed['title'] === 'string' ? embed['title'] : '';
    const description = typeof embed['description'] === 'string' ? embed['description'] : '';
    if (title.length > LIMITS.embedTitle) errors.push(tooLong([...path, index, 'title'], LIMITS.embedTitle));
    if (description.length > LIMITS.embedDescription) {
      errors.push(tooLong([...path, index, 'description'], LIMITS.embedDescription));
    }
    const fields = asArray(embed['fields']);
    if (fields.length > LIMITS.embedFields)
      errors.push(tooLong([...path, index, 'fields'], LIMITS.embedFields));
    total += title.length + description.length;
    for (const field of fields) {
      if (!isObject(field)) continue;
      total += String(field['name'] ?? '').length + String(field['value'] ?? '').length;
    }
  });
  if (total > LIMITS.embedTotalCharacters) {
    errors.push({
      path,
      code: 'MAX_EMBED_SIZE_EXCEEDED',
      message: `Embed size exceeds maximum size of ${LIMITS.embedTotalCharacters}`,
    });
  }
  return errors;
}

function checkComponents(components: unknown, path: Path, componentsV2: boolean): FieldError[] {
  const rows = asArray(components);
  const errors: FieldError[] = [];
  const customIds = new Map<string, Path>();
  if (componentsV2) {
    const total = countComponents(rows);
    if (total > LIMITS.componentsV2Total) {
      errors.push({
        path,
        code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
        message: `Message has ${total} components; at most ${LIMITS.componentsV2Total} are allowed`,
      });
    }
  } else if (rows.length > LIMITS.legacyRowsPerMessage) {
    errors.push(tooLong(path, LIMITS.legacyRowsPerMessage));
  }
  rows.forEach((row, index) => {
    const rowPath = [...path, index];
    if (!isObject(row)) return;
    if (!componentsV2 && row['type'] !== ComponentType.ActionRow) {
      errors.push({
        path: [...rowPath, 'type'],
        code: 'UNION_TYPE_CHOICES',
        message: 'Value of field "type" must be 1 (action row) in a message without IS_COMPONENTS_V2',
      });
      return;
    }
    visit(row, rowPath, errors, customIds);
  });
  return errors;
}

function countComponents(components: unknown[]): number {
  let total = 0;
  for (const component of components) {
    if (!isObject(component)) continue;
    total += 1 + countComponents(asArray(component['components']));
    if (isObject(component['accessory'])) total += 1;
  }
  return total;
}

function visit(component: Json, path: Path, errors: FieldError[], customIds: Map<string, Path>): void {
  const type = component['type'];
  if (type === ComponentType.ActionRow) {
    errors.push(...checkActionRow(component, path));
  } else if (type === ComponentType.Button) {
    errors.push(...checkButton(component, path));
  } else if (typeof type === 'number' && SELECT_TYPES.has(type)) {
    errors.push(...checkSelect(component, path));
  }
  const customId = component['custom_id'];
  if (typeof customId === 'string') {
    errors.push(...checkCustomId(customId, [...path, 'custom_id']));
    const first = customIds.get(customId);
    if (first !== undefined) {
      errors.push({
        path: [...path, 'custom_id'],
        code: 'COMPONENT_CUSTOM_ID_DUPLICATED',
        message: `Component custom id "${customId}" is already used at ${first.join('.')}`,
      });
    } else {
      customIds.set(customId, path);
    }
  }
  asArray(component['components']).forEach((child, index) => {
    if (isObject(child)) visit(child, [...path, 'components', index], errors, customIds);
  });
  const accessory = component['accessory'];
  if (isObject(accessory)) visit(accessory, [...path, 'accessory'], errors, customIds);
}

function checkActionRow(row: Json, path: Path): FieldError[] {
  const children = asArray(row['components']).filter(isObject);
  const childPath = [...path, 'components'];
  const buttons = children.filter((c) => c['type'] === ComponentType.Button).length;
  const selects = children.filter((c) => typeof c['type'] === 'number' && SELECT_TYPES.has(c['type'])).length;
  const errors: FieldError[] = [];
  if (children.length === 0)
    errors.push({ path: childPath, code: 'BASE_TYPE_MIN_LENGTH', message: 'Must be 1 or more in length.' });
  if (buttons > LIMITS.buttonsPerRow) errors.push(tooLong(childPath, LIMITS.buttonsPerRow));
  if (selects > 1 || (selects === 1 && buttons > 0)) {
    errors.push({
      path: childPath,
      code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
      message: 'An action row holds up to 5 buttons or exactly one select menu, never both',
    });
  }
  if (children.some((c) => c['type'] === ComponentType.ActionRow)) {
    errors.push({
      path: childPath,
      code: 'COMPONENT_INVALID_CHILD',
      message: 'Action rows cannot contain action rows',
    });
  }
  return errors;
}

function checkButton(button: Json, path: Path): FieldError[] {
  const errors: FieldError[] = [];
  const isLink = button['style'] === 5;
  const isPremium = button['style'] === 6;
  const label = button['label'];
  if (typeof label === 'string' && label.length > LIMITS.buttonLabel) {
    errors.push(tooLong([...path, 'label'], LIMITS.buttonLabel));
  }
  if (isLink) {
    const url = button['url'];
    if (typeof url !== 'string') errors.push(required([...path, 'url']));
    else if (url.length > LIMITS.linkUrl) errors.push(tooLong([...path, 'url'], LIMITS.linkUrl));
    if (button['custom_id'] !== undefined) {
      errors.push({
        path: [...path, 'custom_id'],
        code: 'BUTTON_LINK_CUSTOM_ID',
        message: 'Link buttons cannot have a custom_id',
      });
    }
  } else if (!isPremium && typeof button['custom_id'] !== 'string') {
    errors.push(required([...path, 'custom_id']));
  }
  return errors;
}

function checkSelect(select: Json, path: Path): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof select['custom_id'] !== 'string') errors.push(required([...path, 'custom_id']));
  const placeholder = select['placeholder'];
  if (typeof placeholder === 'string' && placeholder.length > LIMITS.selectPlaceholder) {
    errors.push(tooLong([...path, 'placeholder'], LIMITS.selectPlaceholder));
  }
  for (const key of ['min_values', 'max_values'] as const) {
    const value = select[key];
    if (typeof value === 'number' && value > LIMITS.selectOptions) {
      errors.push({
        path: [...path, key],
        code: 'NUMBER_TYPE_MAX',
        message: `int value should be less than or equal to ${LIMITS.selectOptions}.`,
      });
    }
  }
  if (select['type'] === ComponentType.StringSelect) {
    const options = asArray(select['options']);
    if (options.length === 0)
      errors.push({
        path: [...path, 'options'],
        code: 'BASE_TYPE_MIN_LENGTH',
        message: 'Must be 1 or more in length.',
      });
    if (options.length > LIMITS.selectOptions)
      errors.push(tooLong([...path, 'options'], LIMITS.selectOptions));
    const maxValues = select['max_values'];
    if (typeof maxValues === 'number' && maxValues > options.length) {
      errors.push({
        path: [...path, 'max_values'],
        code: 'NUMBER_TYPE_MAX',
        message: `int value should be less than or equal to ${options.length}.`,
      });
    }
    options.forEach((option, index) => {
      if (!isObject(option)) return;
      for (const key of ['label', 'value', 'description'] as const) {
        const text = option[key];
        if (typeof text === 'string' && text.length > LIMITS.selectOptionText) {
          errors.push(tooLong([...path, 'options', index, key], LIMITS.selectOptionText));
        }
      }
    });
  }
  return errors;
}

export function checkCustomId(customId: string, path: Path): FieldError[] {
  if (customId.length < LIMITS.customIdMin) {
    return [
      {
        path,
        code: 'BASE_TYPE_BAD_LENGTH',
        message: `Must be between ${LIMITS.customIdMin} and ${LIMITS.customIdMax} in length.`,
      },
    ];
  }
  if (customId.length > LIMITS.customIdMax) {
    return [
      {
        path,
        code: 'BASE_TYPE_BAD_LENGTH',
        message: `Must be between ${LIMITS.customIdMin} and ${LIMITS.customIdMax} in length.`,
      },
    ];
  }
  return [];
}

/** A modal (callback type 9): title, custom_id and 1–5 top-level components. */
export function checkModalLimits(data: unknown, path: Path): FieldError[] {
  if (!isObject(data)) return [required(path)];
  const errors: FieldError[] = [];
  const title = data['title'];
  if (typeof title !== 'string') errors.push(required([...path, 'title']));
  else if (title.length > LIMITS.modalTitle) errors.push(tooLong([...path, 'title'], LIMITS.modalTitle));
  const customId = data['custom_id'];
  if (typeof customId !== 'string') errors.push(required([...path, 'custom_id']));
  else errors.push(...checkCustomId(customId, [...path, 'custom_id']));
  const components = asArray(data['components']);
  if (components.length < 1 || components.length > LIMITS.modalComponents) {
    errors.push({
      path: [...path, 'components'],
      code: 'BASE_TYPE_BAD_LENGTH',
      message: `Must be between 1 and ${LIMITS.modalComponents} in length.`,
    });
  }
  return errors;
}

/**
 * Autocomplete result (callback type 8): at most 25 choices, each named in 1 to 100 characters and,
 * for a string, with a value of at most 100 (the vendored spec allows 6000 there; Discord does not).
 */
export function checkAutocompleteLimits(data: unknown, path: Path): FieldError[] {
  if (!isObject(data)) return [required(path)];
  const choices = asArray(data['choices']);
  const errors: FieldError[] = [];
  if (choices.length > LIMITS.autocompleteChoices)
    errors.push(tooLong([...path, 'choices'], LIMITS.autocompleteChoices));
  choices.forEach((choice, index) => {
    if (!isObject(choice)) return;
    const name = choice['name'];
    const value = choice['value'];
    const choicePath = [...path, 'choices', index];
    if (typeof name !== 'string' || name.length === 0) errors.push(required([...choicePath, 'name']));
    else if (name.length > LIMITS.choiceName)
      errors.push(tooLong([...choicePath, 'name'], LIMITS.choiceName));
    if (typeof value === 'string' && value.length > LIMITS.choiceStringValue)
      errors.push(tooLong([...choicePath, 'value'], LIMITS.choiceStringValue));
  });
  return errors;
}

function tooLong(path: Path, max: number): FieldError {
  return { path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` };
}

function required(path: Path): FieldError {
  return { path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' };
}
