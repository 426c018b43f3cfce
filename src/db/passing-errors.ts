import {
  EventSubscriber,
  type AfterQueryEvent,
  type DataSource,
  type EntitySubscriberInterface,
} from 'typeorm';

/**
 * SQLSTATE codes of failures that pass (PostgreSQL's, which PGlite shares): a serialization
 * failure or a deadlock (the transaction is rolled back and may simply run again), the server
 * shutting down, starting up or out of connections. Class 08 (connection exceptions) is matched
 * whole.
 */
const PASSING_SQLSTATES = new Set(['40001', '40P01', '57P01', '57P02', '57P03', '53300']);

/** The socket's own codes when the connection to the server is lost or refused. */
const LOST_CONNECTION = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);

/**
 * The pg client's own errors, without a code, when the server goes away while a query waits for
 * its answer (PostgreSQL terminating a backend inside a transaction, a crash, a network cut).
 */
const TERMINATED = new Set(['Connection terminated unexpectedly', 'Connection terminated']);

/** Whether a database error passes: the same statement may well succeed a moment later. */
export const isPassingDatabaseError = (error: unknown): boolean => {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code !== 'string') return typeof message === 'string' && TERMINATED.has(message);
  return PASSING_SQLSTATES.has(code) || code.startsWith('08') || LOST_CONNECTION.has(code);
};

const markIfPassing = (error: unknown): void => {
  if (typeof error === 'object' && error !== null && isPassingDatabaseError(error))
    Object.assign(error, { retryable: true });
};

/**
 * Marks a failed query's error `retryable` when it passes, as the Spotify adapter marks its 5xx:
 * services wait such failures out instead of counting them as bugs. TypeORM copies the driver
 * error's fields onto the QueryFailedError it throws after this runs.
 */
@EventSubscriber()
export class PassingErrorMarker implements EntitySubscriberInterface {
  afterQuery(event: AfterQueryEvent): void {
    if (!event.success) markIfPassing(event.error);
  }
}

/**
 * Marks `retryable` the passing errors of opening a connection too (refused while the server
 * restarts, 57P03 while it starts up), which TypeORM throws before a query runs, so that no
 * subscriber sees them. The pool opens connections through the driver's obtainMasterConnection.
 */
export const markPassingConnectErrors = (dataSource: DataSource): void => {
  const driver = dataSource.driver as unknown as { obtainMasterConnection(): Promise<unknown> };
  const obtain = driver.obtainMasterConnection.bind(driver);
  driver.obtainMasterConnection = () =>
    obtain().catch((error: unknown) => {
      markIfPassing(error);
      throw error;
    });
};
