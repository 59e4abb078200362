// The upload node: POST /upload.cgi?id=<id> (streamed multipart) and GET /end.pl?xid=<id>.
import { finished } from 'node:stream/promises';
import { MultipartError, parseMultipart } from './multipart.js';
import { htmlReply, jsonReply, nginxErrorReply, waitPageReply } from './replies.js';
import { contentTypeFor, escapeHtml, frenchSize } from './util.js';

const UPLOAD_ID = /^[A-Za-z0-9]{1,10}$/; // get_upload_server ids, or 1–10 alphanumerics of the client's own (old clients did that)
const MAX_FILES = 500;
const MAX_FIELD_BYTES = 64 * 1024;
const REPORT_LIFETIME_MS = 2 * 3600_000; // documented: the report is kept 2 hours

/** Reads and discards the rest of a request body so an early answer still reaches the client. */
export async function drain(req) {
  req.resume();
  await finished(req).catch(() => {});
}

const rejectedReply = (reason) =>
  htmlReply(
    500,
    `<title>1fichier.com: Erreur</title></head><body><h2>Upload refusé / Upload rejected</h2><p>${escapeHtml(reason)}</p>`,
  );

// Documented: a 200 page containing "Pas de fichier" means nothing was received.
export const noFileReply = () =>
  htmlReply(
    200,
    '<title>1fichier.com: Upload</title></head><body><h2>Pas de fichier / No file</h2><p>Aucun fichier reçu.</p>',
  );

function reportReply(session) {
  const rows = session.links
    .map(
      (link) =>
        `<tr><td>${escapeHtml(link.filename)}</td><td>${frenchSize(Number(link.size))}</td>` +
        `<td><a href="${link.download}">${link.download}</a></td>` +
        `<td>${link.remove ? `<a href="${link.remove}">${link.remove}</a>` : '--'}</td></tr>`,
    )
    .join('\n');
  return htmlReply(
    200,
    '<title>1fichier.com: Upload finished</title></head><body>' +
      '<h2>Upload finished / Téléchargement terminé</h2>\n<table class="premium">\n' +
      '<tr><th>Nom du fichier</th><th>Taille</th><th>Lien de téléchargement</th><th>Lien de suppression</th></tr>\n' +
      `${rows}\n</table>`,
  );
}

export class UploadHost {
  constructor({ model, blobs, endPendingPolls, uploadRedirect }) {
    this.model = model;
    this.blobs = blobs;
    this.endPendingPolls = endPendingPolls;
    this.uploadRedirect = uploadRedirect;
  }

  #session(xid) {
    return this.model.data.uploads.find((u) => u.xid === xid && Date.now() - u.finishedAt < REPORT_LIFETIME_MS);
  }

  /**
   * Unknown choices: an invalid or already used id, a malformed body, more than 500 files or an
   * empty file reject the whole upload (HTTP 500 page, as the real node does for refusals); a key
   * that is not a valid unlocked account makes an anonymous upload; `did` must be one of the
   * uploader's own folders, anything else means the root; `user`/`pass` logins are not emulated.
   */
  async upload(ctx) {
    const { req, url, record } = ctx;
    if (req.method !== 'POST') return nginxErrorReply(405);
    // Documented: the body's Content-Length is required; nginx refuses chunked bodies and closes.
    if (req.headers['content-length'] === undefined) return nginxErrorReply(411, { connection: 'close' });
    const xid = url.searchParams.get('id') ?? '';
    if (!UPLOAD_ID.test(xid) || this.model.data.uploads.some((u) => u.xid === xid)) {
      await drain(req);
      return rejectedReply("Identifiant d'upload invalide / Invalid upload id");
    }
    const contentType = req.headers['content-type'] ?? '';
    const boundary =
      /^multipart\/form-data\b/i.test(contentType) && /;\s*boundary=([^;]+)/i.exec(contentType)?.[1].trim();
    const account = this.model.account(ctx.key);
    const owner = account && !account.locked ? account.email : null;
    const received = { fields: {}, files: [] };
    record.body = received;
    const parts = [];
    try {
      if (boundary) await this.#receive(req, boundary, received, parts, ctx.damage);
      else await drain(req);
    } catch (err) {
      this.#discard(parts);
      if (!(err instanceof MultipartError)) throw err;
      await drain(req);
      return rejectedReply(err.message);
    }
    if (!parts.length) return noFileReply();
    if (parts.some((p) => p.content.size === 0)) {
      this.#discard(parts);
      return rejectedReply('Fichier vide / Empty file');
    }
    const { did, domain, dpass = '' } = received.fields;
    const folder = owner && /^\d+$/.test(did ?? '') ? this.model.folder(Number(did)) : undefined;
    const now = Date.now();
    const uploads = this.model.data.uploads;
    const [kept, expired] = [[], []];
    for (const u of uploads) (now - u.finishedAt < REPORT_LIFETIME_MS ? kept : expired).push(u);
    // Files of an upload whose end.pl was never asked were never stored: their bytes go.
    for (const u of expired) for (const file of u.received) this.blobs.release(file.content.blob, false);
    uploads.splice(0, uploads.length, ...kept);
    // Documented: storage begins only after the redirect to end.pl. The files wait in the
    // session until end.pl is first asked (or are stored at once when the node answers the
    // report itself).
    const session = {
      xid,
      owner,
      finishedAt: now,
      pendingPolls: this.endPendingPolls,
      incoming: 0,
      received: parts.map((part) => ({
        folderId: folder?.owner === owner ? folder.id : 0,
        filename: part.filename,
        contentType: contentTypeFor(part.filename, part.contentType),
        content: part.content,
        domain: /^(?:[0-9]|10)$/.test(domain ?? '') ? Number(domain) : 0,
        pass: dpass,
      })),
      links: null,
    };
    uploads.push(session);
    if (!this.uploadRedirect) return reportReply(this.#store(session));
    return { status: 302, headers: { location: `/end.pl?xid=${xid}` }, body: '' };
  }

  /** Puts a session's files into the account (once) and returns the session, with its links. */
  #store(session) {
    if (session.links) return session;
    const files = session.received.map((file) => this.model.addFile({ owner: session.owner, ...file }));
    session.received = [];
    session.links = files.map((file) => ({
      download: file.url,
      filename: file.filename,
      remove: this.model.removalLink(file),
      size: String(file.size),
      whirlpool: file.checksum,
    }));
    return session;
  }

  /**
   * Streams the parts: files into blobs (counted and hashed on the way), small fields into
   * `received.fields`. `damage`: each file's first byte is changed (the `damaged` fault).
   */
  async #receive(req, boundary, received, parts, damage) {
    let current = null;
    await parseMultipart(req, boundary, {
      onPartStart: ({ name, filename, contentType }) => {
        if (name === 'file[]' && filename) {
          if (parts.length === MAX_FILES) throw new MultipartError(`Trop de fichiers (${MAX_FILES} max)`);
          current = { filename, contentType, writer: this.blobs.createWriter() };
          parts.push(current);
        } else {
          // Fields; a file input left empty (filename="") is ignored like a browser form expects.
          current = { name: filename === undefined ? name : undefined, chunks: [], size: 0 };
        }
      },
      onPartData: async (data) => {
        if (current.writer) {
          if (damage && current.writer.size === 0 && data.length)
            data = Buffer.concat([Buffer.from([data[0] ^ 0xff]), data.subarray(1)]);
          return current.writer.write(data);
        }
        if (current.size < MAX_FIELD_BYTES) current.chunks.push(data.subarray(0, MAX_FIELD_BYTES - current.size));
        current.size += data.length;
      },
      onPartEnd: async () => {
        if (current.writer) {
          current.content = await current.writer.end();
          received.files.push({
            field: 'file[]',
            filename: current.filename,
            size: current.content.size,
            contentType: current.contentType,
          });
        } else if (current.name !== undefined) {
          received.fields[current.name] = Buffer.concat(current.chunks).toString('utf8');
        }
      },
    });
  }

  #discard(parts) {
    for (const part of parts) {
      if (part.content) this.blobs.release(part.content.blob, false);
      else part.writer.abort();
    }
  }

  /**
   * Without `JSON: 1` (header, or JSON=1 in the query): the HTML report. With it, the first
   * `endPendingPolls` polls answer "not ready" — alternately the HTML "Veuillez patienter" page and
   * JSON without `links`, both seen on the real node — then the links. `JSON: 2` pretty-prints.
   * Unknown: an unknown or expired xid answers a 404 HTML page. `Export: 1` (CSV) is not emulated.
   */
  endPl(ctx) {
    const { req, url } = ctx;
    const found = this.#session(url.searchParams.get('xid') ?? '');
    if (!found) {
      return htmlReply(
        404,
        "<title>1fichier.com: Erreur</title></head><body><h2>Rapport d'upload introuvable / Upload report not found</h2>",
      );
    }
    const session = this.#store(found);
    const mode = req.headers.json ?? url.searchParams.get('JSON') ?? url.searchParams.get('json');
    if (mode !== '1' && mode !== '2') return reportReply(session);
    if (session.pendingPolls > 0) {
      const poll = this.endPendingPolls - session.pendingPolls;
      session.pendingPolls -= 1;
      return poll % 2 === 0 ? waitPageReply() : jsonReply({ incoming: session.incoming });
    }
    return jsonReply({ incoming: session.incoming, links: session.links }, { pretty: mode === '2' });
  }
}
