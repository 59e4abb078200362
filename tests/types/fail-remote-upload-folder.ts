// A folder id option is a number or a numeric string, not any string.
// Expected: error TS2322
import { Client } from 'onefichier';

await new Client().remoteUpload('u', { folderId: 'x' });
