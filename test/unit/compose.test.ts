import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Service {
  image?: string;
  build?: unknown;
  restart?: string;
  profiles?: string[];
  command?: string[];
  env_file?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition?: string }>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test?: string[]; disable?: boolean };
}

const root = join(import.meta.dirname, '..', '..');
/** Docker cannot run here: parse compose.yaml (merge keys resolved as Compose does) and check its promises. */
const compose = parse(readFileSync(join(root, 'compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const service = (name: string): Service => {
  const found = compose.services[name];
  if (!found) throw new Error(`no service ${name}`);
  return found;
};

describe('compose.yaml', () => {
  it('runs the bot, PostgreSQL and an optional worker, and nothing else', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['bot', 'postgres', 'worker']);
    expect(service('bot').profiles).toBeUndefined();
    expect(service('postgres').profiles).toBeUndefined();
    expect(service('worker').profiles).toEqual(['workers']);
  });

  it('restarts every service after a crash or a reboot, unless stopped by hand', () => {
    for (const [name, definition] of Object.entries(compose.services))
      expect(definition.restart, name).toBe('unless-stopped');
  });

  it('points the bot and the worker at the PostgreSQL service, once it answers', () => {
    for (const name of ['bot', 'worker']) {
      const app = service(name);
      expect(app.build, name).toBe('.');
      expect(app.env_file, name).toBe('.env');
      expect(app.environment?.DATABASE_URL, name).toMatch(
        /^postgres:\/\/motherlist:\$\{POSTGRES_PASSWORD[^}]*\}@postgres:5432\/motherlist$/,
      );
      expect(app.depends_on?.postgres?.condition, name).toBe('service_healthy');
    }
    expect(service('postgres').healthcheck?.test?.join(' ')).toContain('pg_isready');
  });

  it('keeps the data in named volumes and serves the OAuth pages on HTTP_PORT', () => {
    expect(service('bot').volumes).toContain('motherlist-data:/data');
    expect(service('postgres').volumes).toContain('postgres-data:/var/lib/postgresql/data');
    expect(Object.keys(compose.volumes).sort()).toEqual(['motherlist-data', 'postgres-data']);
    expect(service('bot').ports).toEqual(['${HTTP_PORT:-3000}:${HTTP_PORT:-3000}']);
  });

  it('starts the worker from the built worker entry point, with no HTTP health check', () => {
    const [node, script] = service('worker').command ?? [];
    expect(node).toBe('node');
    // The image compiles src/ to dist/ (Dockerfile build stage).
    expect(script).toBe('dist/worker.js');
    expect(existsSync(join(root, 'src', 'worker.ts'))).toBe(true);
    expect(service('worker').healthcheck?.disable).toBe(true);
    expect(service('worker').ports).toBeUndefined();
  });

  it('is described in the README', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain('docker compose up -d');
    expect(readme).toContain('--profile workers');
    expect(readme).toContain('POSTGRES_PASSWORD');
  });
});
