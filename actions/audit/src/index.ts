import { actionMain } from '@aoa-iam/action-kit';
import { run } from './run.js';

await actionMain(() => run());
