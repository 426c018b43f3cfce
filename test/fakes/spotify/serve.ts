/**
 * Runs the fake Spotify on its own for demos:
 *
 *   npx tsx test/fakes/spotify/serve.ts --client-id ID --client-secret SECRET \
 *     --redirect http://127.0.0.1:3000/spotify/callback \
 *     [--snapshot /work/shared/data/seven-playlists.json.gz] [--user demo] \
 *     [--accounts-port 4010] [--api-port 4011]
 *
 * It prints SPOTIFY_ACCOUNTS_URL and SPOTIFY_API_URL for the bot's environment and serves
 * until interrupted; the authorize page logs in as --user.
 */
import { parseArgs } from 'node:util';
import { FakeSpotify } from './fake-spotify.js';
import { readSnapshotFile } from './snapshot.js';

const { values } = parseArgs({
  options: {
    'client-id': { type: 'string', default: 'motherlist-demo' },
    'client-secret': { type: 'string', default: 'motherlist-demo-secret' },
    redirect: { type: 'string', multiple: true, default: ['http://127.0.0.1/spotify/callback'] },
    snapshot: { type: 'string' },
    user: { type: 'string', default: 'demo' },
    'accounts-port': { type: 'string', default: '0' },
    'api-port': { type: 'string', default: '0' },
  },
});

const fake = await FakeSpotify.start({
  clientId: values['client-id'],
  clientSecret: values['client-secret'],
  redirectUris: values.redirect,
  accountsPort: Number(values['accounts-port']),
  apiPort: Number(values['api-port']),
});
fake.addUser({ id: values.user, displayName: values.user });
fake.setAuthorizingUser(values.user);
if (values.snapshot) {
  const seeded = fake.seedFromSnapshot(values.user, await readSnapshotFile(values.snapshot));
  console.log(
    `seeded ${values.user}: ${seeded.tracks} tracks, ${seeded.liked} liked, ${seeded.playlistIds.size} playlists`,
  );
}
console.log(`SPOTIFY_ACCOUNTS_URL=${fake.accountsUrl}`);
console.log(`SPOTIFY_API_URL=${fake.apiUrl}`);
console.log(`SPOTIFY_CLIENT_ID=${values['client-id']}`);
console.log(`SPOTIFY_CLIENT_SECRET=${values['client-secret']}`);

const shutdown = (): void => {
  const problems = fake.specViolations.length + fake.deprecatedCalls.length + fake.unimplementedCalls.length;
  console.log(`${fake.totalRequests()} Web API requests; ${problems} problem(s)`);
  try {
    fake.assertClean();
  } catch (error) {
    console.log((error as Error).message);
  }
  void fake.stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
