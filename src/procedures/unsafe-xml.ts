// Refuses XML that could make a parser expand entities or read files: a document type declaration (DOCTYPE, and
// with it internal or external DTD subsets) or any other markup declaration (ENTITY, ELEMENT, ATTLIST, NOTATION).
// BPMN files never need them. Checked on the raw text, before any XML parser sees it (billion laughs, XXE).

const DECLARATION = /<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)\b/i

/** The declaration found ("DOCTYPE", "ENTITY" …), or null when the text has none. */
export function unsafeXmlDeclaration(text: string): string | null {
  const match = DECLARATION.exec(text)
  return match ? match[1].toUpperCase() : null
}
