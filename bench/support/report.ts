/** A benchmark's recorded output: lines echoed as they are logged, and the checks that failed. */
export const createReport = () => {
  const lines: string[] = [];
  const failures: string[] = [];
  const log = (line: string) => {
    lines.push(line);
    console.log(line);
  };
  const check = (ok: boolean, what: string) => {
    if (!ok) failures.push(what);
    return ok ? 'ok' : 'FAILED';
  };
  return { lines, failures, log, check };
};

export const timed = async <T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> => {
  const start = performance.now();
  const result = await run();
  return { result, ms: Math.round(performance.now() - start) };
};
