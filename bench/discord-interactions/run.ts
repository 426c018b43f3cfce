/**
 * 50 simulated users label at once through the fake Discord: each runs /label and answers
 * tracks by pressing buttons. Reports time to first response (dispatch of INTERACTION_CREATE
 * → the bot's initial callback reaching the fake) for the commands and the presses.
 *
 * Usage: npm run bench:discord -- [users=50] [presses=20]
 * Database: embedded PGlite in memory, or PostgreSQL with BENCH_DATABASE_URL.
 */
import 'reflect-metadata';
import { pino } from 'pino';
import { createBotServices } from '../../src/composition/bot-services.js';
import { createRepositories } from '../../src/composition/repositories.js';
import { deployCommands } from '../../src/bot/deploy-commands.js';
import { startMotherlistBot } from '../../src/bot/start-bot.js';
import { openDatabase } from '../../src/db/database.js';
import { buttonLabels, findButton, startFakeDiscord, type FakeUser } from '../../test/fakes/discord/index.js';
import { SpotifySideDouble } from '../../test/support/bot/spotify-side-double.js';

const users = Number(process.argv[2] ?? 50);
const presses = Number(process.argv[3] ?? 20);
const SUBLISTS = ['Rock', 'Jazz', 'Pop'];

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

const describe = (name: string, values: number[]): string =>
  `${name.padEnd(14)} n=${String(values.length).padStart(5)}  p50 ${percentile(values, 50).toFixed(0).padStart(5)} ms  p90 ${percentile(values, 90).toFixed(0).padStart(5)} ms  p99 ${percentile(values, 99).toFixed(0).padStart(5)} ms  max ${Math.max(
    ...values,
  )
    .toFixed(0)
    .padStart(5)} ms`;

const main = async () => {
  const names = Array.from({ length: users }, (_, i) => `user${i}`);
  const fake = await startFakeDiscord({ users: names, waitTimeoutMs: 20_000 });
  const database = await openDatabase({
    databaseUrl: process.env.BENCH_DATABASE_URL,
    embeddedDirectory: undefined,
  });
  const spotify = new SpotifySideDouble();
  const trackIds = Array.from({ length: presses + 5 }, (_, i) => `track${String(i).padStart(17, '0')}`);
  trackIds.forEach((id, i) => spotify.addTrack(id, `Song ${i}`, `Artist ${i % 7}`));
  const set = createBotServices(createRepositories(database), spotify.ports(), {
    defaultSyncIntervalMinutes: 10,
  });
  await deployCommands({ token: fake.token, apiUrl: fake.apiUrl, guildId: undefined });
  const bot = await startMotherlistBot({
    token: fake.token,
    apiUrl: fake.apiUrl,
    logger: pino({ level: 'warn' }, pino.destination(2)),
    services: set.services,
    dmStatus: set.dmStatus,
  });
  const people: FakeUser[] = names.map((name) => fake.user(name));
  for (const person of people) {
    spotify.link(person.id);
    spotify.liked.set(person.id, trackIds);
    await set.services.layers.create(person.id, { name: 'Genres', mutual: true, complete: true });
    for (const sublist of SUBLISTS) await set.services.sublists.add(person.id, 'Genres', sublist);
  }
  // Each user labels in their own DM channel so that "newest card" is per user.
  const commandTimes: number[] = [];
  const pressTimes: number[] = [];
  /** Interactions Discord would have dropped: no accepted first response within 3 s. */
  let late = 0;
  const firstResponseMs = async (
    handle: ReturnType<typeof fake.pressButton>,
  ): Promise<number | undefined> => {
    try {
      return (await handle.firstResponse({ timeoutMs: 10_000 })).elapsedMs;
    } catch {
      late += 1;
      return undefined;
    }
  };
  const started = performance.now();
  /** Users whose session broke off (an error answer instead of the next card). */
  let brokenSessions = 0;
  await Promise.all(
    people.map(async (person, index) => {
      try {
        const channel = fake.dmChannelOf(person);
        const command = fake.runSlashCommand({
          user: person,
          name: 'label',
          options: { layer: 'Genres' },
          channel,
        });
        const commandMs = await firstResponseMs(command);
        if (commandMs === undefined) return;
        commandTimes.push(commandMs);
        let card = await fake.waitFor(() => command.followups().at(-1), {
          what: `the first card of ${person.username}`,
        });
        for (let n = 0; n < presses; n += 1) {
          const label = SUBLISTS[(index + n) % SUBLISTS.length] ?? 'Rock';
          const press = fake.pressButton({
            user: person,
            message: card.id,
            customId: findButton(card, label).custom_id,
          });
          const pressMs = await firstResponseMs(press);
          if (pressMs === undefined) return;
          pressTimes.push(pressMs);
          if (n === presses - 1) break;
          const previous = card.id;
          card = await fake.waitFor(
            () =>
              fake
                .messages(channel.id)
                .filter((m) => m.id !== previous && buttonLabels(m).includes('Skip'))
                .at(-1),
            { what: `the next card for ${person.username}` },
          );
        }
      } catch {
        brokenSessions += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  if (brokenSessions > 0) console.log(`sessions that broke off: ${brokenSessions} of ${users}`);
  const labels = (await database.dataSource.query('select count(*)::int as n from labels'))[0].n as number;
  console.log(
    `discord-interactions: ${users} users × (/label + ${presses} presses) at once, ${database.kind} database, ${seconds.toFixed(1)} s wall`,
  );
  console.log(describe('/label', commandTimes));
  console.log(describe('button press', pressTimes));
  console.log(describe('all', [...commandTimes, ...pressTimes]));
  console.log(
    `labels stored: ${labels} (expected ${users * presses}); dropped by the 3 s rule: ${late}; fake Discord violations: ${fake.violations.length}`,
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  await bot.stop();
  await fake.close();
  await database.close();
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
