// Streaming multipart/form-data parser (framing only). Part bytes are handed to the callbacks as
// they arrive and the callbacks are awaited, so backpressure reaches the socket and a file part is
// never held in memory: at most one chunk plus a delimiter-sized tail is buffered.
const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 16 * 1024;
const EMPTY = Buffer.alloc(0);

export class MultipartError extends Error {}

/** A quoted parameter of a header value. Unquoted values are ignored on purpose: a client reports the real upload node needs quotes. */
function quotedParam(header, param) {
  const match = new RegExp(`;\\s*${param}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(header);
  return match?.[1].replace(/\\(.)/g, '$1');
}

function parsePartHeaders(text) {
  const headers = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const disposition = headers['content-disposition'] ?? '';
  let filename = quotedParam(disposition, 'filename');
  const extended = /;\s*filename\*=UTF-8''([^;\s]+)/i.exec(disposition);
  if (extended) {
    try {
      filename = decodeURIComponent(extended[1]);
    } catch {
      /* keep the plain filename */
    }
  }
  return { name: quotedParam(disposition, 'name'), filename, contentType: headers['content-type'] };
}

/**
 * Reads the Readable `stream` to its end. Callbacks (may be async): onPartStart({ name, filename, contentType }),
 * onPartData(buffer), onPartEnd(). A body without any delimiter yields no parts (a quoted boundary
 * in Content-Type ends up here, as the real node would not find the files either); a body cut in
 * the middle of the parts throws MultipartError.
 */
export async function parseMultipart(stream, boundary, { onPartStart, onPartData, onPartEnd }) {
  // With a CRLF in front, the first delimiter has the same `\r\n--boundary` form as the others.
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let buffer = CRLF;
  let state = 'preamble';
  // destroyOnReturn: false — when a callback throws, the caller still drains the request and answers.
  for await (const chunk of stream.iterator({ destroyOnReturn: false })) {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    for (let progress = true; progress; ) {
      progress = false;
      if (state === 'preamble') {
        const index = buffer.indexOf(delimiter);
        if (index < 0) {
          buffer = buffer.subarray(Math.max(0, buffer.length - delimiter.length + 1));
        } else {
          buffer = buffer.subarray(index + delimiter.length);
          state = 'delimiter';
          progress = true;
        }
      } else if (state === 'delimiter') {
        if (buffer.length < 2) break;
        if (buffer[0] === 0x2d && buffer[1] === 0x2d) {
          // "--": closing delimiter
          state = 'done';
          progress = true;
          continue;
        }
        const lineEnd = buffer.indexOf(CRLF); // optional transport padding before the CRLF
        if (lineEnd < 0) {
          if (buffer.length > MAX_HEADER_BYTES) throw new MultipartError('malformed delimiter line');
          break;
        }
        buffer = buffer.subarray(lineEnd + 2);
        state = 'headers';
        progress = true;
      } else if (state === 'headers') {
        const noHeaders = buffer.length >= 2 && buffer[0] === 0x0d && buffer[1] === 0x0a;
        const end = noHeaders ? 0 : buffer.indexOf(HEADERS_END);
        if (end < 0) {
          if (buffer.length > MAX_HEADER_BYTES) throw new MultipartError('part headers too long');
          break;
        }
        await onPartStart(parsePartHeaders(buffer.toString('utf8', 0, end)));
        buffer = buffer.subarray(noHeaders ? 2 : end + HEADERS_END.length);
        state = 'body';
        progress = true;
      } else if (state === 'body') {
        const index = buffer.indexOf(delimiter);
        if (index >= 0) {
          if (index > 0) await onPartData(buffer.subarray(0, index));
          await onPartEnd();
          buffer = buffer.subarray(index + delimiter.length);
          state = 'delimiter';
          progress = true;
        } else {
          // Keep a tail that may be the beginning of a delimiter split across chunks.
          const safe = buffer.length - (delimiter.length - 1);
          if (safe > 0) {
            await onPartData(buffer.subarray(0, safe));
            buffer = buffer.subarray(safe);
          }
        }
      } else {
        // done: the epilogue is ignored
        buffer = EMPTY;
      }
    }
  }
  if (state !== 'done' && state !== 'preamble') throw new MultipartError('body ended inside a part');
}
