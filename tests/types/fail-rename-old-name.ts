// 0.1.0 names are gone: a rename is { url, name }, not { url, filename }.
// Expected: error TS2353
import { Client } from 'onefichier';

await new Client().renameFiles([{ url: 'https://1fichier.com/?abc', filename: 'a.bin' }]);
