// 1fichier's website pages that clients read (not the API): the public folder listing
// `/dir/<id>?json=1` (fact base §2.20). Served by the API server, as the real ones are by
// 1fichier.com, so a client pointed at this emulator finds them at the API's origin.
import { hasAcl } from './api.js';
import { htmlReply, jsonReply, nginxErrorReply } from './replies.js';
import { escapeHtml } from './util.js';

/** The "enter the password" page a protected folder answers instead of its listing. */
const passwordFormReply = () =>
  htmlReply(
    200,
    '<title>1fichier.com: Dossier protégé</title></head><body><form method="post">' +
      '<p>Ce dossier est protégé par un mot de passe / This folder is protected by a password</p>' +
      '<input type="password" name="pass"><input type="submit" value="OK"></form>',
  );

/**
 * `GET /dir/<id>?json=1`, or `POST` with the form `json=1&pass=<password>`: the files of a
 * publicly shared folder as a JSON array of { filename, link, size, password, acl } (0/1 flags).
 * Without `json=1`, an HTML list. Unknown or unshared: nginx's 404. Protected and no (or a
 * wrong) password: the HTML password form, as the fact base says, even when JSON was asked.
 */
export function publicFolderReply(model, ctx) {
  const shareId = decodeURIComponent(ctx.url.pathname.slice('/dir/'.length));
  const folder = model.data.folders.find((candidate) => candidate.share && candidate.shareId === shareId);
  if (!folder) return nginxErrorReply(404);
  const form = ctx.req.method === 'POST' ? new URLSearchParams(ctx.rawBody.toString('utf8')) : new URLSearchParams();
  const asJson = ctx.url.searchParams.get('json') === '1' || form.get('json') === '1';
  if (folder.sharePass && form.get('pass') !== folder.sharePass) return passwordFormReply();
  const files = model.filesIn(folder.owner, folder.id);
  if (asJson) {
    return jsonReply(
      files.map((file) => ({
        filename: file.filename,
        link: file.url,
        size: file.size,
        password: file.pass ? 1 : 0,
        acl: hasAcl(file.acl) ? 1 : 0,
      })),
    );
  }
  const rows = files.map((file) => `<li><a href="${file.url}">${escapeHtml(file.filename)}</a></li>`).join('');
  return htmlReply(200, `<title>1fichier.com: ${escapeHtml(folder.name)}</title></head><body><ul>${rows}</ul>`);
}
