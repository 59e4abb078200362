// Flags are booleans: 0/1 numbers are refused.
// Expected: error TS2322
import { Client } from 'onefichier';

await new Client().setUserSettings({ useCdn: 1 });
