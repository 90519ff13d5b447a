// What a person sees of a part of a page, for the tests that look for words left in English: the visible text
// (innerText) of the elements matching some selectors, and their title, aria-label, placeholder and alt attributes
// (tooltips, screen readers, empty fields). Words typed by the page's user (element names, FEEL, ids) are in input
// values, which innerText leaves out.
import type { Page } from 'playwright-core'

export interface SeenText {
  where: string
  text: string
}

/** The visible text and the attributes people read, of every element matching one of the selectors. */
export async function seenTexts(page: Page, selectors: string[]): Promise<SeenText[]> {
  return page.evaluate((sels) => {
    const out: { where: string; text: string }[] = []
    for (const sel of sels) {
      for (const root of Array.from(document.querySelectorAll<HTMLElement>(sel))) {
        if (root.offsetParent === null && getComputedStyle(root).position !== 'fixed') continue
        const text = root.innerText.trim()
        if (text) out.push({ where: `${sel} (text)`, text })
        for (const el of [root, ...Array.from(root.querySelectorAll<HTMLElement>('[title],[aria-label],[placeholder],[alt],[data-title]'))]) {
          for (const attr of ['title', 'aria-label', 'placeholder', 'alt', 'data-title']) {
            const value = el.getAttribute(attr)?.trim()
            if (value) out.push({ where: `${sel} [${attr}]`, text: value })
          }
        }
      }
    }
    return out
  }, selectors)
}

/** The English words among `words` found in the texts, each as "word — where: text". Whole words only and
 * case-sensitive ("Name" is a label, "nameless" or an id such as Message_decisionDelivered is not). */
export function englishFound(texts: SeenText[], words: readonly string[]): string[] {
  const found: string[] = []
  for (const word of words) {
    const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const pattern = new RegExp(`(^|[^\\p{L}\\p{N}_-])${escaped}($|[^\\p{L}\\p{N}_-])`, 'u')
    for (const seen of texts) {
      if (pattern.test(seen.text)) found.push(`${word} — ${seen.where}: ${seen.text.replace(/\s+/g, ' ').slice(0, 160)}`)
    }
  }
  return found
}
