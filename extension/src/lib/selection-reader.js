// Runs inside the page (chrome.scripting.executeScript serialises it: it must use nothing from
// outside its own body). The context-menu event only carries the selection's text, so the
// hrefs of selected anchors can only be read here.
export function readSelectedHrefs() {
  const selection = globalThis.getSelection?.();
  const hrefs = [];
  if (!selection) return hrefs;
  for (let index = 0; index < selection.rangeCount; index += 1) {
    const range = selection.getRangeAt(index);
    const container = range.commonAncestorContainer;
    const root = container.nodeType === 1 ? container : container.parentElement;
    const anchor = root?.closest?.('a[href]');
    if (anchor) hrefs.push(anchor.href); // the selection lies inside one link
    for (const link of root?.querySelectorAll?.('a[href]') ?? []) {
      if (range.intersectsNode(link)) hrefs.push(link.href);
    }
  }
  return hrefs;
}
