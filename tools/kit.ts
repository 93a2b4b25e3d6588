// Where the kit's own files are. Tools find everything from here, so they work
// whatever the current directory is.
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..');
export const paths = {
  manifest: path.join(repoRoot, 'exercises.json'),
  graders: path.join(repoRoot, 'graders'),
  jestConfig: path.join(repoRoot, 'graders', 'jest.config.js'),
  jestBin: require.resolve('jest/bin/jest'),
  grades: path.join(repoRoot, 'grades'),
  mutants: path.join(repoRoot, 'tests', 'mutants'),
};

export const graderFile = (slug: string, gradersDir = paths.graders) => path.join(gradersDir, `${slug}.grader.ts`);
