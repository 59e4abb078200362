// Flags are booleans: "true"/"false" strings are refused.
// Expected: error TS2769
import { Client } from 'onefichier';

await new Client().listFolder(0, { files: 'false' });
