// Replies are plain objects built by the route code and written by send():
// { status, headers, body } (string or Buffer) or { status, headers, stream, length }.
// Header names are written lower-case in the code and sent in their usual Title-Case.
import { STATUS_CODES } from 'node:http';
import { perlPretty, shuffleKeys, titleCaseHeader } from './util.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const HTML_TYPE = 'text/html; charset=utf-8';

/** An API answer: keys shuffled like the real service, Perl-style indentation on `pretty`. */
export function jsonReply(value, { status = 200, pretty = false } = {}) {
  const shuffled = shuffleKeys(value);
  return {
    status,
    headers: { 'content-type': JSON_TYPE },
    body: pretty ? perlPretty(shuffled) : JSON.stringify(shuffled),
  };
}

export const koReply = ({ status, message }) => jsonReply({ status: 'KO', message }, { status });

export const htmlReply = (status, html, headers = {}) => ({
  status,
  headers: { 'content-type': HTML_TYPE, ...headers },
  body: `<!DOCTYPE html>\n<html><head><meta charset="utf-8">${html}</body></html>\n`,
});

/** nginx's own error page, as a front proxy answers 4xx/5xx that never reached the application. */
export function nginxErrorReply(status, headers = {}) {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return {
    status,
    headers: { 'content-type': 'text/html', ...headers },
    body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
  };
}

/** The interstitial a busy node serves instead of JSON (seen on end.pl; also used by the 'html' fault). */
export const waitPageReply = () =>
  htmlReply(
    200,
    '<meta http-equiv="refresh" content="5"><title>1fichier.com: Veuillez patienter</title></head>' +
      '<body><div class="bloc"><h2>Veuillez patienter / Please wait</h2>' +
      '<p>Votre requête est en cours de traitement. / Your request is being processed.</p></div>',
  );

export const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'Authorization, Content-Type, JSON, Export',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-expose-headers': 'Location, Content-Disposition, Content-Length',
  'access-control-max-age': '600',
};

/**
 * Writes a reply. `truncate` (the 'truncated' fault) sends half of a body as 200 JSON, or, for a
 * streamed download, announces the full length, sends half the bytes and drops the connection.
 */
export function send(res, reply, { extraHeaders = {}, truncate = false } = {}) {
  const headers = { server: 'nginx', ...reply.headers, ...extraHeaders };
  const writeHead = (status, all) =>
    res.writeHead(
      status,
      Object.fromEntries(Object.entries(all).map(([name, value]) => [titleCaseHeader(name), value])),
    );
  if (reply.stream) {
    writeHead(reply.status, { ...headers, 'content-length': reply.length });
    if (res.req.method === 'HEAD') {
      reply.stream.destroy();
      return void res.end();
    }
    if (!truncate) {
      reply.stream.on('error', () => res.destroy()).pipe(res);
      return;
    }
    let left = Math.floor(reply.length / 2);
    if (left === 0) {
      reply.stream.destroy();
      return void res.destroy();
    }
    reply.stream.on('data', (chunk) => {
      if (left === 0) return;
      const part = chunk.subarray(0, left);
      left -= part.length;
      if (left > 0) return void res.write(part);
      reply.stream.destroy();
      res.write(part, () => res.destroy());
    });
    return;
  }
  let body = reply.body ?? '';
  let status = reply.status;
  if (truncate) {
    const bytes = Buffer.from(body);
    body = bytes.subarray(0, Math.floor(bytes.length / 2));
    status = 200;
    headers['content-type'] = JSON_TYPE;
  }
  writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
