import { loadEsm } from './install.mjs';
import { defineScenario } from './scenario.mjs';

defineScenario('an ESM project (import)', loadEsm);
