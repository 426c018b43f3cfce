import { parseArgs } from 'node:util';
import { runSetup } from './setup/setup-guide.js';
import { InputEndedError, terminalIo } from './setup/setup-io.js';

const USAGE = `usage: npm run setup -- [--env-path .env] [--non-interactive]
  [--application-id ID] [--spotify-client-id ID] [--public-url URL]

Asks for each value (Enter keeps the one already set), checks it with Discord and Spotify, writes
the env file (mode 0600, its other settings kept), prints the invite link and registers the slash
commands. The secrets DISCORD_TOKEN and SPOTIFY_CLIENT_SECRET are typed at the prompt or read from
the environment or the env file, never passed as flags (other users of the machine could read them).
With --non-interactive nothing is asked: a value that is missing or wrong ends the setup (exit 1).`;

const OPTIONS = {
  'env-path': { type: 'string', default: '.env' },
  'non-interactive': { type: 'boolean', default: false },
  'application-id': { type: 'string' },
  'spotify-client-id': { type: 'string' },
  'public-url': { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

const readArguments = () => {
  try {
    return parseArgs({ options: OPTIONS }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
};

const values = readArguments();

if (values.help) {
  console.log(USAGE);
} else {
  const io = terminalIo();
  runSetup({
    interactive: !values['non-interactive'],
    envPath: values['env-path'],
    env: process.env,
    given: {
      applicationId: values['application-id'],
      spotifyClientId: values['spotify-client-id'],
      publicUrl: values['public-url'],
    },
    io,
  })
    .then((ok) => {
      process.exitCode = ok ? 0 : 1;
    })
    .catch((error: unknown) => {
      console.error(error instanceof InputEndedError ? error.message : error);
      process.exitCode = 1;
    })
    .finally(() => io.close());
}
