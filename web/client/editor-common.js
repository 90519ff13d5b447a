// What the three editors (BPMN: editor.js, forms: form-editor.js, DMN: dmn-editor.js) share: their texts, the
// status line, the same-origin JSON API with the CSRF token, the multipart upload of one file for
// POST /api/deployments, the button guard, and how a check problem reads (its rule in the page's language first).

export function format(template, params) {
  return template.replace(/\{(\w+)\}/g, (whole, key) => (key in params ? String(params[key]) : whole))
}

/** t(key, params): the page's text for key (from the JSON in data-texts), placeholders filled. */
export function pageTexts(texts) {
  return (key, params = {}) => format(texts[key] || key, params)
}

/** After a deployment made a new version: the subtitle names it as the newest ("Wersja 3 z 3"), no reload needed. */
export function showDeployedVersion(t, version) {
  const label = document.getElementById('editor-version')
  if (label) label.textContent = t('versionOf', { version, latest: version })
}

/** say(text, kind): the editor's status line (kind: info, ok, error). */
export function statusLine(element) {
  return (text, kind = 'info') => {
    element.textContent = text
    element.dataset.kind = kind
  }
}

/** api(method, url, body) → {status, body}: JSON or FormData bodies, the CSRF header, the session cookie. */
export function jsonApi(csrfToken) {
  return async (method, url, body) => {
    const headers = { 'X-CSRF-Token': csrfToken, Accept: 'application/json' }
    let payload = body
    if (body && !(body instanceof FormData)) {
      headers['Content-Type'] = 'application/json'
      payload = JSON.stringify(body)
    }
    const res = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' })
    const json = res.status === 204 ? null : await res.json().catch(() => null)
    return { status: res.status, body: json }
  }
}

/** The multipart body of a deployment (or its dry run) of one file. */
export function deploymentUpload(resourceName, text, comment) {
  const form = new FormData()
  form.append('files', new Blob([text], { type: 'application/octet-stream' }), resourceName)
  if (comment) form.append('comment', comment)
  return form
}

/** Wraps a button's action: an unexpected failure shows on the status line instead of vanishing. */
export function guarded(say, t) {
  return (fn) => async () => {
    try {
      await fn()
    } catch (err) {
      say(t('failed'), 'error')
      console.error(err)
    }
  }
}

/** A problem's text: the rule in the page's language (texts["rule:<rule>"]), then the checks' technical message.
 * A lint warning (rule "lint:<bpmnlint rule>") reads as lintMessage(message) gives it when that knows the message
 * (the page's language: web/client/i18n/lint-pl.js); otherwise, on a page that translates lint messages, its
 * English message follows the page's name of the linter (texts["rule:lint"]). */
export function problemText(texts, entry, lintMessage = null) {
  if (lintMessage && typeof entry.rule === 'string' && entry.rule.startsWith('lint:')) {
    const translated = lintMessage(entry.message)
    if (translated) return translated
    return texts['rule:lint'] ? `${texts['rule:lint']} — ${entry.message}` : entry.message
  }
  const rule = texts[`rule:${entry.rule}`]
  return rule ? `${rule} — ${entry.message}` : entry.message
}

/** The editors need this many CSS pixels: narrower, the page shows its .narrow-screen-notice (web/public/app.css). */
export const EDITOR_MIN_WIDTH = 700

/**
 * Runs start() now when the window is at least EDITOR_MIN_WIDTH wide, else once it becomes so (a tablet turned
 * sideways): on a phone the modeler is never made, so it never fits a diagram into a box of no size.
 */
export function whenWideEnough(start) {
  const query = window.matchMedia(`(min-width: ${EDITOR_MIN_WIDTH}px)`)
  if (query.matches) return start()
  return new Promise((resolve, reject) => {
    const onChange = () => {
      if (!query.matches) return
      query.removeEventListener('change', onChange)
      Promise.resolve().then(start).then(resolve, reject)
    }
    query.addEventListener('change', onChange)
  })
}
