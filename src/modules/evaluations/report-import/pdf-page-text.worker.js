'use strict';
// A worker thread of the PDF reading pool (pdf-text.ts): the positioned text items of every
// `step`-th page of a PDF from page `first` on. Plain JavaScript, because a worker thread loads
// its file with Node itself, in the built app and under Jest alike.
const { dirname, join } = require('node:path');
const { definePDFJSModule, getDocumentProxy } = require('unpdf');

// unpdf loads its PDF.js build with import(); Node (≥ 20.19) can require() that ES module.
const pdfjsLoaded = definePDFJSModule(() => Promise.resolve(require(join(dirname(require.resolve('unpdf')), 'pdfjs.mjs'))));

/**
 * @param {{ bytes: Uint8Array, first: number, step: number }} task
 * @returns {Promise<{ number: number, items: { str: string, transform: number[], width: number, height: number }[] }[]>}
 */
module.exports = async function pageTextItems({ bytes, first, step }) {
  await pdfjsLoaded;
  const pdf = await getDocumentProxy(bytes, { isEvalSupported: false, useSystemFonts: false });
  try {
    const pages = [];
    for (let number = first; number <= pdf.numPages; number += step) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      const items = content.items
        .filter((item) => 'str' in item && item.str.trim() !== '')
        .map(({ str, transform, width, height }) => ({ str, transform, width, height }));
      pages.push({ number, items });
      page.cleanup();
    }
    return pages;
  } finally {
    await pdf.destroy();
  }
};
