import { UserError } from '../errors.js';

/** The precision targets a layer may have, in percent. */
export const MIN_PRECISION_PERCENT = 50;
export const MAX_PRECISION_PERCENT = 99;

/** A precision target in percent as stored (a fraction), or the user error of one out of range. */
export const precisionTargetOf = (percent: number): number => {
  if (!Number.isInteger(percent) || percent < MIN_PRECISION_PERCENT || percent > MAX_PRECISION_PERCENT) {
    throw new UserError({
      code: 'invalid-input',
      rule: 'precision-range',
      min: MIN_PRECISION_PERCENT,
      max: MAX_PRECISION_PERCENT,
    });
  }
  return percent / 100;
};
