// moveFolder() moves (parentId) or renames (name), never both at once.
// Expected: error TS2345
import { Client } from 'onefichier';

await new Client().moveFolder(1, { parentId: 0, name: 'x' });
