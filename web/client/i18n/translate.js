// The translate hook of the bpmn.io editors (bpmn-js and its properties panel, dmn-js, form-js): they call
// translate(template, replacements) for the words they show; a module { translate: ['value', fn] } in
// additionalModules puts our dictionary in place of their default (which fills {placeholders} into the English
// template). The page's locale is the lang attribute of <html> (the layout writes the server's choice, pl or en).

/** The page's locale: "en" when the layout says so, else "pl" (the application's default). */
export function pageLocale(doc = document) {
  const lang = (doc.documentElement.getAttribute('lang') || '').toLowerCase()
  return lang.startsWith('en') ? 'en' : 'pl'
}

/** Fills {name} placeholders of a template; an unknown name stays as written. */
export function fillTemplate(template, replacements = {}) {
  return template.replace(/{([^}]+)}/g, (whole, key) => (Object.hasOwn(replacements, key) ? String(replacements[key]) : whole))
}

/** translate(template, replacements): the dictionary's text for the template (the template itself when it has none),
 * its {placeholders} filled. */
export function translator(dictionary) {
  return (template, replacements) => fillTemplate(Object.hasOwn(dictionary, template) ? dictionary[template] : template, replacements || {})
}

/** The module that replaces an editor's translate service; null for English (the editors' own words). */
export function translateModule(dictionary, locale = pageLocale()) {
  if (locale === 'en' || !dictionary) return null
  return { translate: ['value', translator(dictionary)] }
}

/** additionalModules plus the translate module when the page is not English. */
export function withTranslation(modules, dictionary, locale = pageLocale()) {
  const translate = translateModule(dictionary, locale)
  return translate ? [...modules, translate] : modules
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A dictionary's templates as patterns: the literal text, each {name} any text (a name written <{name}> any text
 * without angle brackets, so "<a> if it has property <b>" is not read as one name). */
function compileTemplates(dictionary) {
  return Object.entries(dictionary)
    .map(([template, text]) => {
      const names = []
      const parts = template.split(/({[^}]+})/)
      const source = parts
        .map((part, i) => {
          const placeholder = /^{([^}]+)}$/.exec(part)
          if (!placeholder) return escapeRegExp(part)
          names.push(placeholder[1])
          return parts[i - 1]?.endsWith('<') && parts[i + 1]?.startsWith('>') ? '([^<>]+)' : '(.+?)'
        })
        .join('')
      const literal = parts.filter((part) => !/^{[^}]+}$/.test(part)).join('').length
      return { text, names, literal, pattern: new RegExp(`^${source}$`, 's') }
    })
    .filter((entry) => entry.names.length > 0)
    .sort((a, b) => b.literal - a.literal)
}

/** textOf(text) → the dictionary's text for an already written English text, or null: an exact key, else a
 * template whose placeholders were filled (the template with the most literal text wins: it is the more specific);
 * fillValue(value) may adjust what went into a placeholder. */
export function writtenTextTranslator(dictionary, fillValue = (value) => value) {
  const templates = compileTemplates(dictionary)
  return (text) => {
    if (typeof text !== 'string') return null
    if (Object.hasOwn(dictionary, text)) return dictionary[text]
    for (const entry of templates) {
      const match = entry.pattern.exec(text)
      if (match) return entry.text.replace(/{([^}]+)}/g, (whole, name) => (entry.names.includes(name) ? fillValue(match[entry.names.indexOf(name) + 1]) : whole))
    }
    return null
  }
}

/**
 * Words a library writes without its translate service (bpmn-js-properties-panel 6 does not hand it to the
 * @bpmn-io/properties-panel components: their tooltips "Toggle section", "Create new list item", the "Create"
 * of an empty list, …; form-js-editor 1.23 writes nearly all its words so): the dictionary's text is put in their
 * place, and kept there as the editor re-renders. Attributes people read (title, aria-label, placeholder) are
 * translated when their whole value is a key or a filled template (a name filled into a template is translated too
 * when it is a key); text is translated when its whole (trimmed) value is one of `texts`, or a key or filled template
 * inside an element matching `within` — never elsewhere, so the words a person typed stay as written. A text node
 * keeps its identity (its data changes), so preact, which holds on to it, still finds it.
 * @param {HTMLElement} root
 * @param {Record<string, string>} dictionary
 * @param {{ texts?: string[], within?: string | null }} [options]
 */
export function translateRendered(root, dictionary, { texts = [], within = null } = {}) {
  const textOf = writtenTextTranslator(dictionary, (value) => (Object.hasOwn(dictionary, value) ? dictionary[value] : value))
  const fixedTexts = new Set(texts.filter((text) => Object.hasOwn(dictionary, text)))
  const attributes = ['title', 'aria-label', 'placeholder']
  const fix = () => {
    for (const el of [root, ...root.querySelectorAll('[title],[aria-label],[placeholder]')]) {
      for (const attribute of attributes) {
        const value = el.getAttribute(attribute)
        if (!value) continue
        const translated = textOf(value)
        if (translated !== null && translated !== value) el.setAttribute(attribute, translated)
      }
    }
    if (fixedTexts.size === 0 && !within) return
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const word = node.data.trim()
      if (!word) continue
      if (fixedTexts.has(word)) {
        if (dictionary[word] !== word) node.data = node.data.replace(word, dictionary[word])
      } else if (within && node.parentElement?.closest(within)) {
        const translated = textOf(word)
        if (translated !== null && translated !== word) node.data = node.data.replace(word, translated)
      }
    }
  }
  fix()
  const observer = new MutationObserver(fix)
  observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: attributes })
  return observer
}

/** The same for pop-ups a library attaches to `parent` (document.body) from time to time, e.g. the properties
 * panel's FEEL editor: each element matching `selector` that appears is translated while it lives. */
export function translateAddedPopups(parent, selector, dictionary, options = {}) {
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== Node.ELEMENT_NODE) continue
        const popups = node.matches(selector) ? [node] : Array.from(node.querySelectorAll(selector))
        for (const popup of popups) translateRendered(popup, dictionary, options)
      }
    }
  })
  observer.observe(parent, { childList: true })
  return observer
}
