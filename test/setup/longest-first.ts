import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * A sequencer that starts the named files first, in the given order, then the rest in vitest's own order.
 * vitest orders files by their last durations (node_modules/.vite/vitest) or, with no record (a fresh clone,
 * CI), by size: there a short file with one long test (the fault campaign) started last and ran alone on
 * one core at the end. Starting the longest files first lets the lanes end close together.
 */
export function longestFirst(longest: string[]): typeof BaseSequencer {
  return class LongestFirst extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      const rank = (f: TestSpecification) => {
        const i = longest.findIndex((name) => f.moduleId.endsWith(`/${name}`));
        return i < 0 ? longest.length : i;
      };
      return [...(await super.sort(files))].sort((a, b) => rank(a) - rank(b));
    }
  };
}
