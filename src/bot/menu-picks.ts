import type { Picks } from '../core/layer.js';
import { expandUuid } from './custom-id.js';
import { VOID_VALUE } from './views/correction.view.js';

/**
 * A sublist menu's values as picks: sublist ids (an unreadable one stays as it is: no sublist has
 * it) and the void, with the names the menu's `options` showed for them.
 */
export const picksOf = (
  values: readonly string[],
  options: readonly { label: string; value: string }[] = [],
): Picks => {
  const picked = values.filter((value) => value !== VOID_VALUE);
  const idOf = (value: string) => expandUuid(value) ?? value;
  return {
    void: values.includes(VOID_VALUE),
    sublistIds: picked.map(idOf),
    names: new Map(
      options.filter((option) => picked.includes(option.value)).map((o) => [idOf(o.value), o.label]),
    ),
  };
};
