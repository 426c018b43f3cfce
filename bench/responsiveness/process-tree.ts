import { readdirSync, readFileSync } from 'node:fs';

/** A `kB` field of /proc/<pid>/status in bytes; 0 once the process is gone. */
const statusBytes = (pid: number, field: 'VmRSS' | 'VmHWM'): number => {
  try {
    const line = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return line ? Number(line[1]) * 1024 : 0;
  } catch {
    return 0;
  }
};

/** VmRSS of one process (all its threads) in bytes; 0 once it is gone. */
const residentBytes = (pid: number): number => statusBytes(pid, 'VmRSS');

/** VmHWM: the highest RSS the kernel saw for the process since it started, between samples too. */
export const highWaterBytes = (pid: number): number => statusBytes(pid, 'VmHWM');

/** Parent of each running process, from /proc/<pid>/stat (this kernel has no /proc/<pid>/task/<tid>/children). */
const parents = (): Map<number, number[]> => {
  const childrenOf = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name (field 2) is in parentheses and may hold spaces; the parent id is the 2nd field after it.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      childrenOf.set(ppid, [...(childrenOf.get(ppid) ?? []), Number(entry)]);
    } catch {
      // Gone between the listing and the read.
    }
  }
  return childrenOf;
};

/** The process and its descendants. */
export const processTree = (pid: number): number[] => {
  const childrenOf = parents();
  const tree: number[] = [];
  for (const queue = [pid]; queue.length > 0;) {
    const next = queue.shift() as number;
    tree.push(next);
    queue.push(...(childrenOf.get(next) ?? []));
  }
  return tree;
};

/** The summed VmRSS of the process tree of `pid` (the process with all its threads, plus its descendants). */
export const treeResidentBytes = (pid: number): { bytes: number; processes: number } => {
  const tree = processTree(pid);
  return { bytes: tree.reduce((sum, p) => sum + residentBytes(p), 0), processes: tree.length };
};
