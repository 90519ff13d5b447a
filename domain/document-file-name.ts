// The name an attached file is stored and downloaded under: the uploaded name without folders, control
// characters or characters Windows forbids, at most 120 characters, always ending in the extension of the
// type detected from its bytes ("skan.exe" that is a PDF becomes "skan.exe.pdf", an empty name "dokument.pdf").
import { documentExtension, type DocumentContentType } from './document-content-type.ts'

export const MAX_FILE_NAME_LENGTH = 120

export function documentFileName(uploaded: string | null | undefined, type: DocumentContentType): string {
  const extension = documentExtension(type)
  const base = (uploaded ?? '').split(/[\\/]/).pop() ?? ''
  let stem = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
  const allowed = extension === 'jpg' ? ['jpg', 'jpeg'] : [extension]
  const dot = stem.lastIndexOf('.')
  let ext = extension
  if (dot > 0 && allowed.includes(stem.slice(dot + 1).toLowerCase())) {
    ext = stem.slice(dot + 1).toLowerCase()
    stem = stem.slice(0, dot)
  }
  stem = stem.replace(/^[.\s]+|[.\s]+$/g, '')
  const max = MAX_FILE_NAME_LENGTH - ext.length - 1
  if ([...stem].length > max) stem = [...stem].slice(0, max).join('').trim()
  return `${stem === '' ? 'dokument' : stem}.${ext}`
}
