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
