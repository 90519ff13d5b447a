// Pure rules of case attachments: the type from the magic bytes, the safe file name, the kinds.
import { expect } from 'chai'
import { detectDocumentContentType } from '../../domain/document-content-type.ts'
import { documentFileName, MAX_FILE_NAME_LENGTH } from '../../domain/document-file-name.ts'
import { isCaseDocumentKind } from '../../domain/case-document-kinds.ts'

const bytes = (...b: number[]) => Uint8Array.from(b)

describe('case documents: rules', () => {
  it('should recognise PDF, JPEG and PNG by their first bytes', () => {
    expect(detectDocumentContentType(Buffer.from('%PDF-1.4\n%âãÏÓ'))).to.equal('application/pdf')
    expect(detectDocumentContentType(bytes(0xff, 0xd8, 0xff, 0xdb, 0))).to.equal('image/jpeg')
    expect(detectDocumentContentType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).to.equal('image/png')
  })

  it('should recognise nothing when the bytes are another format, truncated or empty', () => {
    for (const b of [Buffer.from('<html>'), Buffer.from(' %PDF-1.4'), Buffer.from('%PDF'), bytes(0x89, 0x50, 0x4e, 0x47), bytes(0xff, 0xd8), bytes(), Buffer.from('GIF89a'), Buffer.from('PK\u0003\u0004')]) {
      expect(detectDocumentContentType(b), JSON.stringify([...b])).to.equal(null)
    }
  })

  it('should keep the name without folders and unsafe characters and end it with the detected type', () => {
    expect(documentFileName('wniosek.pdf', 'application/pdf')).to.equal('wniosek.pdf')
    expect(documentFileName('Zaświadczenie ZUS.PDF', 'application/pdf')).to.equal('Zaświadczenie ZUS.pdf')
    expect(documentFileName('C:\\Users\\x\\skan 1.jpeg', 'image/jpeg')).to.equal('skan 1.jpeg')
    expect(documentFileName('../../etc/passwd', 'image/png')).to.equal('passwd.png')
    expect(documentFileName('a"b\r\nContent-Type: text<html>;.pdf', 'application/pdf')).to.equal('abContent-Type texthtml;.pdf')
    expect(documentFileName('raport.html', 'application/pdf')).to.equal('raport.html.pdf')
    expect(documentFileName('zdjecie.jpg', 'image/png')).to.equal('zdjecie.jpg.png')
    expect(documentFileName('', 'application/pdf')).to.equal('dokument.pdf')
    expect(documentFileName(null, 'image/jpeg')).to.equal('dokument.jpg')
    expect(documentFileName('...', 'image/jpeg')).to.equal('dokument.jpg')
    expect(documentFileName('\u202Efdp.exe', 'application/pdf')).to.equal('fdp.exe.pdf')
  })

  it('should cut a long name to 120 characters with its extension', () => {
    const name = documentFileName(`${'ż'.repeat(300)}.pdf`, 'application/pdf')
    expect([...name].length).to.equal(MAX_FILE_NAME_LENGTH)
    expect(name.endsWith('ż.pdf')).to.equal(true)
  })

  it('should accept only the kinds on the list', () => {
    expect(['application', 'certificate', 'interview', 'correspondence', 'other'].every(isCaseDocumentKind)).to.equal(true)
    for (const k of ['decision', 'Application', '', null, 1]) expect(isCaseDocumentKind(k), String(k)).to.equal(false)
  })
})
