// Unknown option keys are refused: endTimeoutMs was renamed maxWaitMs.
// Expected: error TS2353
import { Client } from 'onefichier';

declare const f: Uint8Array;
await new Client().upload({ name: 'a.bin', data: f }, { endTimeoutMs: 1 });
