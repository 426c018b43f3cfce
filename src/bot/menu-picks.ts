import type { Picks } from '../core/layer.js';
import { expandUuid } from './custom-id.js';
import { VOID_VALUE } from './views/correction.view.js';

/** A sublist menu's values as picks: sublist ids (an unreadable one stays as it is: no sublist has it) and the void. */
export const picksOf = (values: readonly string[]): Picks => ({
  void: values.includes(VOID_VALUE),
  sublistIds: values.filter((value) => value !== VOID_VALUE).map((value) => expandUuid(value) ?? value),
});
