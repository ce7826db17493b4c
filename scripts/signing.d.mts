export function signingPlan(target: string, env: Record<string, string | undefined>): { lines: string[]; problems: string[] };
