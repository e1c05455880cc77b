/** `{{ name }}` in a template: letters and digits, starting with a letter. */
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/** The variables a template uses, each once, in order of first use. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1]))];
}

/** The variables a template uses that are not among `known`: what a save is refused for. */
export function unknownPlaceholders(template: string, known: readonly string[]): string[] {
  return placeholdersOf(template).filter((name) => !known.includes(name));
}

/** `{{` left over once every placeholder is taken out: a typo such as `{{ first name }}` or `{first}}`. */
export function strayBraces(template: string): boolean {
  const rest = template.replace(PLACEHOLDER, '');
  return rest.includes('{{') || rest.includes('}}');
}

/**
 * The template with each placeholder replaced by its value. A value that is absent renders empty
 * (templates are checked at save, so this is an optional value such as a balance note); runs of
 * spaces that leaves behind are closed up.
 */
export function renderTemplate(template: string, values: Readonly<Record<string, string | undefined>>): string {
  return template
    .replace(PLACEHOLDER, (_, name: string) => values[name] ?? '')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/ +([.,!?])/g, '$1')
    .replace(/ +$/gm, '')
    .trim();
}
