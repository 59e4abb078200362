// Must compile: the CommonJS entry (`require('onefichier')`) has the same types.
import onefichier = require('onefichier');

export async function fromCommonJs(): Promise<string[]> {
  const client = new onefichier.Client({ apiKey: 'key' });
  const { files } = await client.upload('./a.bin', { folderId: '12' });
  const error: onefichier.FichierErrorCode = onefichier.ERROR_CODES[0];
  void error;
  return files.map((f) => f.url).concat(onefichier.LINK_DOMAINS);
}
