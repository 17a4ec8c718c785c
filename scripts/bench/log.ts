// The bench's progress lines.

export const log = (line: string) => console.log(`[bench] ${line}`);

export async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const startedAt = performance.now();
  const result = await run();
  log(`${label}: ${formatSeconds(performance.now() - startedAt)}`);
  return result;
}

export function formatSeconds(ms: number) {
  return `${(ms / 1000).toFixed(1)} s`;
}
