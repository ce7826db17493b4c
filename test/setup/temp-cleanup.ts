// Runs in every test file (vitest setupFiles): the temp folders its tests made with tempDir are removed
// when the file ends, after its own afterAll hooks have closed servers and workspaces.
import { afterAll } from 'vitest';
import { removeTempDirs } from '../helpers/temp-dirs.js';

afterAll(() => removeTempDirs());
