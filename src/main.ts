import { loadConfig, readEnvFile } from './config.js';
import { exitOnEscapedErrors } from './exit-on-escaped-errors.js';

/** Errors whose message is the whole story for the person starting the process: no stack. */
const isStartupProblem = (error: unknown): error is Error =>
  error instanceof Error &&
  ['ConfigError', 'DatabaseUnreachableError', 'EmbeddedDatabaseError', 'BotLoginError'].includes(error.name);

const run = async (): Promise<void> => {
  readEnvFile();
  const config = loadConfig();
  exitOnEscapedErrors(config.logLevel, 'main');
  // Loaded only once the configuration is valid, so that a bad one is reported at once.
  const { startMotherlist } = await import('./app.js');
  await startMotherlist(config);
};

run().catch((error: unknown) => {
  if (isStartupProblem(error)) {
    console.error(error.message);
  } else {
    console.error('Motherlist failed to start:', error);
  }
  process.exit(1);
});
