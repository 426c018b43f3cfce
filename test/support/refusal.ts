import { isUserError, type UserError } from '../../src/services/errors.js';

/** The user error `work` is refused with; anything else (success too) fails the test. */
export const refusalOf = async (work: Promise<unknown>): Promise<UserError> => {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isUserError(error)) throw new Error(`expected a user error, got ${String(error)}`);
  return error;
};
