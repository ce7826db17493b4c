/** What a registered model can be addressed by in the Deploy phase: its aliases (followed), then its versions, newest first. */
export function targetsOf(model: { aliases: Record<string, unknown>; latestVersion: number | null } | undefined): string[] {
  if (!model) return [];
  const latest = model.latestVersion ?? 0;
  return [...Object.keys(model.aliases).map((a) => `@${a}`), ...Array.from({ length: latest }, (_, i) => `@${latest - i}`)];
}

/** "@3" is a version, "@champion" an alias. */
export const isVersionTarget = (target: string) => /^@\d+$/.test(target);
