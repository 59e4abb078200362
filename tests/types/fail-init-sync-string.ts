// initSync() takes the wasm bytes or a compiled module, not a URL.
// Expected: error TS2345
import { initSync } from 'onefichier/slim';

initSync('x');
