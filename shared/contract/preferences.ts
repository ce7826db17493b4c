import { z } from 'zod';
import { preferencesPatchSchema, preferencesSchema } from '../schemas/preferences.js';
import { command, query } from './define.js';

export const preferenceMethods = {
  'prefs.get': query(z.object({}).default({}), preferencesSchema, 'Read the user preferences.'),
  'prefs.set': command(preferencesPatchSchema, preferencesSchema, 'Change some user preferences.'),
};
