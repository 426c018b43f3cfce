import { describe, expect, it } from 'vitest';
import { dmView, settingsView, statusView } from '../../../src/bot/views/account.view.js';
import { defaultSettings } from '../../support/memory-stores.js';
import { viewStatus } from '../../support/view-fixtures.js';

const textOf = (view: ReturnType<typeof settingsView>) =>
  [view.content, ...(view.embeds ?? []).map((e) => e.description)].join('\n');

describe('public results, set per server, in /settings and /status', () => {
  const settings = { ...defaultSettings('u'), publicResultServers: ['server-a', 'server-b'] };

  it('in a server: whether they are public in that server', () => {
    expect(textOf(settingsView(settings, 10, 'server-a'))).toContain(
      'Sort summaries and model results in this server: **public**',
    );
    expect(textOf(settingsView(settings, 10, 'server-c'))).toContain(
      'Sort summaries and model results in this server: **only you**',
    );
    expect(textOf(statusView({ ...viewStatus, settings }, new Date(), 'server-b'))).toContain(
      'Sort summaries and model results in this server: **public**',
    );
  });

  it('in a DM: private there, set per server, and in how many servers they are public (never which)', () => {
    const dm = textOf(settingsView(settings, 10, null));
    expect(dm).toContain('yours alone here in our DM');
    expect(dm).toContain(
      'set per server with `/settings public_results` there (public in **2** servers now)',
    );
    expect(dm).not.toContain('server-a');
    expect(textOf(settingsView(defaultSettings('u'), 10, null))).toContain('(public in **none** now)');
    expect(
      textOf(statusView({ ...viewStatus, settings: { ...settings, publicResultServers: ['server-a'] } })),
    ).toContain('(public in **1** server now)');
  });

  it('the DM to whoever had them on before they were per server: off everywhere, and how to turn them on where meant', () => {
    const text = dmView({ kind: 'public-results-reset' }).content ?? '';
    expect(text).toContain('Public results are now set per server');
    expect(text).toContain('they are off everywhere now');
    expect(text).toContain('`/settings public_results:true` in the server where you want');
  });
});
