import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Stage {
  name: string;
  base: string;
  instructions: { keyword: string; args: string }[];
}

/** Docker cannot run here and hadolint is not packaged by Debian: parse the Dockerfile and check its promises. */
const parseStages = (text: string): { stages: Stage[]; globalArgs: Map<string, string> } => {
  const logicalLines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: Stage[] = [];
  const globalArgs = new Map<string, string>();
  for (const line of logicalLines) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      stages.push({ base: match?.[1] ?? '', name: match?.[2] ?? '', instructions: [] });
    } else if (stages.length === 0 && keyword.toUpperCase() === 'ARG') {
      const [name = '', value = ''] = args.split('=');
      globalArgs.set(name, value);
    } else {
      stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return { stages, globalArgs };
};

const { stages, globalArgs } = parseStages(
  readFileSync(join(import.meta.dirname, '..', '..', 'Dockerfile'), 'utf8'),
);
const stage = (name: string): Stage => {
  const found = stages.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no stage ${name}`);
  return found;
};
const args = (target: Stage, keyword: string): string[] =>
  target.instructions
    .filter((instruction) => instruction.keyword === keyword)
    .map((instruction) => instruction.args);

describe('Dockerfile', () => {
  it('is multi-stage, building apart from the images it ships', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(args(stage('build'), 'RUN').join(' ')).toContain('tsc -p tsconfig.build.json');
  });

  for (const target of ['runtime', 'gpu']) {
    describe(`target ${target}`, () => {
      it('runs as a non-root user', () => {
        const users = args(stage(target), 'USER');
        expect(users.length).toBeGreaterThan(0);
        expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
      });

      it('ships production dependencies only', () => {
        const copies = args(stage(target), 'COPY').filter((copy) => copy.includes('node_modules'));
        expect(copies).toContain('--from=production-deps /app/node_modules ./node_modules');
        expect(args(stage('production-deps'), 'RUN').join(' ')).toContain('npm ci --omit=dev');
      });

      it('checks its health on /healthz', () => {
        const [healthcheck] = args(stage(target), 'HEALTHCHECK');
        expect(healthcheck).toContain('/healthz');
        expect(healthcheck).toContain('CMD');
      });

      it('installs the fonts of the summary charts (text and colour emoji), before dropping root, without keeping apt lists', () => {
        const instructions = stage(target).instructions;
        const install = instructions.findIndex(
          (i) =>
            i.keyword === 'RUN' &&
            /apt-get install\b.*\bfonts-dejavu-core\b/.test(i.args) &&
            /apt-get install\b.*\bfonts-noto-color-emoji\b/.test(i.args),
        );
        expect(install).toBeGreaterThanOrEqual(0);
        expect(instructions[install]?.args).toContain('--no-install-recommends');
        expect(instructions[install]?.args).toContain('rm -rf /var/lib/apt/lists/*');
        expect(install).toBeLessThan(instructions.findIndex((i) => i.keyword === 'USER'));
      });

      it('starts the compiled app', () => {
        expect(args(stage(target), 'CMD').at(-1)).toBe('["node", "dist/main.js"]');
      });

      it("bounds the main thread's young generation as npm start and npm run worker do", () => {
        const scripts = (
          JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as {
            scripts: Record<string, string>;
          }
        ).scripts;
        const flag = /--max-semi-space-size=\d+/.exec(scripts.start ?? '')?.[0];
        expect(flag).toBeDefined();
        expect(scripts.worker).toContain(flag);
        expect(args(stage(target), 'ENV').join(' ')).toContain(`NODE_OPTIONS=${flag}`);
      });
    });
  }

  it('runs on Node 24 LTS: the Node stages start from node:24-bookworm-slim, the GPU image copies its node', () => {
    expect(globalArgs.get('NODE_IMAGE')).toBe('node:24-bookworm-slim');
    for (const name of ['build', 'production-deps', 'runtime', 'node-binary']) {
      expect(stage(name).base).toBe('${NODE_IMAGE}');
    }
    const copies = args(stage('gpu'), 'COPY');
    expect(copies).toContain('--from=node-binary /usr/local/bin/node /usr/local/bin/node');
    expect(copies).toContain('--from=node-binary /usr/local/lib/node_modules /usr/local/lib/node_modules');
  });

  it('has a gpu target on a CUDA base with the GPU backend', () => {
    const gpu = stage('gpu');
    expect(gpu.base).toMatch(/^nvidia\/cuda:/);
    expect(args(gpu, 'RUN').join(' ')).toContain('@tensorflow/tfjs-node-gpu');
  });
});
