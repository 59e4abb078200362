// A folder id is a number or a numeric string, not any string.
// Expected: error TS2345
import { Client } from 'onefichier';

await new Client().listFiles('x');
