import type { RenderedMail } from './mail-renderer.service';

/**
 * What a reader must never see in a rendered e-mail: a value the data lacked (`undefined`,
 * `null`, `NaN`, `[object Object]`), Handlebars left unrendered (`{{`, `}}`), or a catalogue
 * parameter left unfilled (`{name}`). Returns each hole found with the part it is in.
 */
export function mailHoles(mail: RenderedMail): string[] {
  const holes: string[] = [];
  for (const [part, content] of Object.entries(mail)) {
    const shown = part === 'html' ? visibleText(content as string) : (content as string);
    for (const match of shown.matchAll(/\bundefined\b|\bnull\b|\bNaN\b|\[object Object\]|\{\{|\}\}|\{[A-Za-z]\w*\}/g)) {
      holes.push(`${part}: "${match[0]}" in …${shown.slice(Math.max(0, match.index - 40), match.index + 40)}…`);
    }
  }
  return holes;
}

/** The HTML part without its tags, and its attributes (links, styles) too: what is read. */
function visibleText(html: string): string {
  return html.replace(/<[^>]*>/g, ' ');
}
