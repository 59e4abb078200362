// Runs inside the page (chrome.scripting.executeScript serialises it: it must use nothing from
// outside its own body), only when the user asks for the links of the page. Reads every link
// and media address as the browser resolved them; sorting and checking happen in the picker.
export function readPageLinks() {
  const found = [];
  const add = (url, text, tag) => {
    if (typeof url === 'string' && url) found.push({ url, text: (text ?? '').trim().slice(0, 200), tag });
  };
  for (const anchor of document.querySelectorAll('a[href], area[href]')) add(anchor.href, anchor.textContent, 'a');
  for (const image of document.querySelectorAll('img')) add(image.currentSrc || image.src, image.alt, 'img');
  for (const media of document.querySelectorAll('video, audio')) {
    const tag = media.localName;
    add(media.currentSrc || media.src, media.title, tag);
    for (const source of media.querySelectorAll('source[src]')) add(source.src, media.title, tag);
  }
  return { title: document.title, links: found };
}
