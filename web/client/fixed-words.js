// form-js 2.0 writes a few words without its translator: the select's placeholder "Select", the taglist's
// search placeholder "Search" and the date field's placeholder (the browser's date format, "dd.mm.yyyy"). This puts the page's words in their place and keeps them there across re-renders.
// It changes the text node's data (never replaces the node), so preact, which keeps a reference to that node and
// updates it when the chosen value changes, still finds it.

/**
 * @param {HTMLElement} root the element form-js renders into
 * @param {(word: string) => string} translate the page's translation of a form-js word
 */
export function translateFixedWords(root, translate) {
  const select = translate('Select')
  const search = translate('Search')
  const fix = () => {
    for (const el of root.querySelectorAll('.fjs-select-placeholder')) {
      const node = el.firstChild
      if (node && node.nodeType === Node.TEXT_NODE && node.data === 'Select' && select !== 'Select') node.data = select
    }
    // the taglist's "Search" and the date field's format (form-js writes the browser's, e.g. "dd.mm.yyyy")
    for (const input of root.querySelectorAll('input[placeholder]')) {
      const placeholder = input.getAttribute('placeholder')
      const translated = placeholder === 'Search' ? search : translate(placeholder)
      if (translated && translated !== placeholder) input.setAttribute('placeholder', translated)
    }
  }
  fix()
  new MutationObserver(fix).observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['placeholder', 'class'] })
}
