// The destination of moveFiles() is the folderId option, no longer a second argument.
// Expected: error TS2345
import { Client } from 'onefichier';

await new Client().moveFiles(['u'], 5);
