// Mutant: heavy loops one step too far (i <= n), adding Math.sqrt(n) as well.
export { bump, whoami } from '../../../../solutions/04-cpu-parallel/tasks';

export function heavy(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`n must be a whole number >= 0, got ${n}`);
  let sum = 0;
  for (let i = 0; i <= n; i++) sum += Math.sqrt(i);
  return sum;
}
