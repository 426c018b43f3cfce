import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const OTHERS = 0o077;

/**
 * Makes `folder` (mode 0700 when created) and says whether other users can reach into it: the
 * token key and the database sit there. A folder someone made wider is left as they chose.
 */
export const ensurePrivateFolder = (folder: string): { mode: number; private: boolean } => {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const mode = statSync(folder).mode & 0o777;
  return { mode, private: (mode & OTHERS) === 0 };
};

/**
 * Takes group and other permissions off every file and folder under `root` (PGlite's file system
 * writes its files 0666 whatever the umask). Symbolic links are left alone.
 */
export const restrictToOwner = (root: string): void => {
  const visit = (path: string): void => {
    const stats = lstatSync(path, { throwIfNoEntry: false });
    if (!stats || stats.isSymbolicLink()) return;
    if ((stats.mode & OTHERS) !== 0) chmodSync(path, stats.mode & 0o700);
    if (stats.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(root);
};
