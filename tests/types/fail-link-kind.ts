// A Link's kind is 'file', 'folder' or 'direct'.
// Expected: error TS2322
import type { Link } from 'onefichier';

export const link: Link = { kind: 'archive', id: 'abc', domain: '1fichier.com', url: 'https://1fichier.com/?abc' };
