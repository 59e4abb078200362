// Must compile with the DOM lib (compiled only in the run with `--lib es2022,dom`): the real
// AbortSignal, Blob, File, URL, Request, Response and WebAssembly.Module fit the package's
// structural types.
import { Client } from 'onefichier';
import { init, initSync } from 'onefichier/slim';

export async function withDom(bytes: Uint8Array<ArrayBuffer>): Promise<void> {
  const client = new Client();
  const controller = new AbortController();
  const signal: AbortSignal = controller.signal;
  await client.userInfo({ signal });
  await client.listFiles(0, { signal: AbortSignal.timeout(1000) });
  const file = new File([bytes], 'a.bin', { type: 'application/octet-stream' });
  const blob = new Blob([bytes]);
  await client.upload(file, { signal });
  await client.upload([file, blob, { name: 'b.bin', data: blob }, { name: 'c.bin', data: new DataView(bytes.buffer) }]);

  await init(new URL('onefichier_bg.wasm', 'https://example.com/'));
  await init(new Request('https://example.com/onefichier_bg.wasm'));
  await init(fetch('https://example.com/onefichier_bg.wasm'));
  await init(new Response(bytes, { headers: { 'content-type': 'application/wasm' } }));
  const module = new WebAssembly.Module(bytes);
  await init(module);
  initSync(module);
}
