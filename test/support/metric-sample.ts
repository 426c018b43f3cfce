/** One sample of a Prometheus text, e.g. `name{a="1",b="2"} 3` for (name, {a: '1'}); undefined when absent. */
export const metricSample = (
  text: string,
  name: string,
  labels: Record<string, string>,
): number | undefined => {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith(`${name}{`) && wanted.every((pair) => l.slice(0, l.lastIndexOf('}')).includes(pair)),
    );
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
};

/** How many observations a histogram of `metrics` holds under `labels` (0 when none). */
export const observations = async (
  metrics: { exposition(): Promise<{ body: string }> },
  histogram: string,
  labels: Record<string, string>,
): Promise<number> => metricSample((await metrics.exposition()).body, `${histogram}_count`, labels) ?? 0;
