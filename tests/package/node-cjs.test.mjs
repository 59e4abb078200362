import { loadCjs } from './install.mjs';
import { defineScenario } from './scenario.mjs';

defineScenario('a CommonJS project (require)', loadCjs);
