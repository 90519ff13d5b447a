// The file types a case accepts as attachments, recognised by their first bytes (magic numbers), never by the
// name or the type the browser declared: PDF ("%PDF-"), JPEG (FF D8 FF), PNG (the 8-byte signature).

export type DocumentContentType = 'application/pdf' | 'image/jpeg' | 'image/png'

const SIGNATURES: readonly { type: DocumentContentType; bytes: readonly number[]; extension: string }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], extension: 'pdf' },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff], extension: 'jpg' },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], extension: 'png' },
]

/** The type the bytes are, or null when they are none of PDF, JPEG, PNG. */
export function detectDocumentContentType(bytes: Uint8Array): DocumentContentType | null {
  const match = SIGNATURES.find((s) => s.bytes.length <= bytes.length && s.bytes.every((b, i) => bytes[i] === b))
  return match?.type ?? null
}

/** The file extension (without the dot) a document of that type is saved with. */
export function documentExtension(type: DocumentContentType): string {
  return SIGNATURES.find((s) => s.type === type)!.extension
}
