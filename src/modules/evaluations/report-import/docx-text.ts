import mammoth from 'mammoth';

// The text of a Word document: paragraphs on lines of their own, a table's cells on one line
// separated by tabs, a cell's paragraphs and list items run together as the report's text export
// has them ("• one • two").

/** Throws when the bytes are not a readable .docx. */
export async function docxText(bytes: Buffer): Promise<string> {
  const { value: html } = await mammoth.convertToHtml({ buffer: bytes });
  return htmlToText(html);
}

function htmlToText(html: string): string {
  const withTables = html.replace(/<table\b[^>]*>([\s\S]*?)<\/table>/giu, (_, table: string) =>
    [...table.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/giu)]
      .map(([, row]) =>
        [...row.matchAll(/<t[dh]\b[^>]*>([\s\S]*?)<\/t[dh]>/giu)].map(([, cell]) => inlineText(cell.replace(/<li\b[^>]*>/giu, ' • '))).join('\t'),
      )
      .map((row) => `\n${row}\n`)
      .join(''),
  );
  const text = withTables
    .replace(/<li\b[^>]*>/giu, '\n• ')
    .replace(/<\/(?:p|h[1-6]|li|ul|ol)>/giu, '\n\n')
    .replace(/<br\s*\/?>/giu, '\n')
    .replace(/<[^>]+>/g, '');
  return decodeEntities(text).replace(/\n{3,}/g, '\n\n').trim();
}

function inlineText(html: string): string {
  return decodeEntities(html.replace(/<\/p>/giu, ' ').replace(/<[^>]+>/g, ' ')).replace(/[ \t\n]+/g, ' ').trim();
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&');
}
