// The case page's upload form: a file larger than the server takes (MAX_DOCUMENT_BYTES, in data-max-bytes) is
// refused here, before its bytes are sent, with the server's own wording (data-too-large) next to the form; the
// kind and title typed stay as they are. The server still checks everything (this script is a convenience only).
function start() {
  const form = document.getElementById('case-document-form')
  if (!form) return
  const max = Number(form.dataset.maxBytes)
  const input = form.querySelector('input[type="file"]')
  const status = document.getElementById('case-document-status')
  if (!input || !status || !Number.isFinite(max) || max <= 0) return
  const check = () => {
    const file = input.files?.[0]
    const tooLarge = Boolean(file && file.size > max)
    status.textContent = tooLarge ? form.dataset.tooLarge ?? '' : ''
    status.hidden = !tooLarge
    input.setAttribute('aria-invalid', tooLarge ? 'true' : 'false')
    return !tooLarge
  }
  input.addEventListener('change', check)
  form.addEventListener('submit', (event) => {
    if (!check()) {
      event.preventDefault()
      input.focus()
    }
  })
}

start()
