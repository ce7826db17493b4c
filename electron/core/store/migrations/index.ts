import { migration as m0001 } from './0001-foundation.js';
import { migration as m0002 } from './0002-datasets.js';
import { migration as m0003 } from './0003-training.js';
import { migration as m0004 } from './0004-evaluation.js';
import { migration as m0005 } from './0005-registry.js';
import { migration as m0006 } from './0006-job-steps.js';
import { migration as m0007 } from './0007-serving-logs.js';
import { migration as m0010 } from './0010-ownership.js';
import { migration as m0011 } from './0011-bundles.js';
import { migration as m0008 } from './0008-chronological-splits.js';
import { migration as m0009 } from './0009-positive-class-gate-status.js';
import { migration as m0012 } from './0012-monitoring.js';
import { migration as m0013 } from './0013-lessons.js';
import { migration as m0014 } from './0014-log-days.js';
import { migration as m0015 } from './0015-log-index.js';
import { migration as m0016 } from './0016-log-days-inserts.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration, in order. A new one is a new numbered file plus one line here; never edit a shipped one. */
export const migrations: Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011, m0012, m0013, m0014, m0015, m0016];
