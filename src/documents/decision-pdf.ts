// The decision as an A4 PDF (pdfkit). pdfkit's built-in Helvetica has no Polish letters (ą ę ł ń ó ś ź ż),
// so the DejaVu Sans TrueType fonts of the dejavu-fonts-ttf package are embedded (subset).
import { createRequire } from 'node:module'
import path from 'node:path'
import PDFDocument from 'pdfkit'
import type { DecisionDocument } from './decision-document.ts'

const require = createRequire(import.meta.url)
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf')
export const FONT_REGULAR = path.join(FONT_DIR, 'DejaVuSans.ttf')
export const FONT_BOLD = path.join(FONT_DIR, 'DejaVuSans-Bold.ttf')

export interface PdfOptions {
  /** Compress content streams (default true; tests may turn it off to read the text). */
  compress?: boolean
  /** Fixed creation date, so the same decision gives the same bytes. */
  creationDate?: Date
}

export function renderDecisionPdf(doc: DecisionDocument, options: PdfOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({
      size: 'A4',
      margins: { top: 56, bottom: 56, left: 62, right: 62 },
      compress: options.compress ?? true,
      info: {
        Title: `${doc.title} ${doc.caseNumber}`,
        Author: doc.authority,
        Subject: doc.status === 'draft' ? 'Projekt decyzji administracyjnej' : 'Decyzja administracyjna',
        CreationDate: options.creationDate ?? new Date(0),
      },
      lang: 'pl-PL',
    } as PDFKit.PDFDocumentOptions)
    const chunks: Buffer[] = []
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk))
    pdf.on('end', () => resolve(Buffer.concat(chunks)))
    pdf.on('error', reject)

    pdf.registerFont('regular', FONT_REGULAR)
    pdf.registerFont('bold', FONT_BOLD)
    const width = pdf.page.width - pdf.page.margins.left - pdf.page.margins.right
    const left = pdf.page.margins.left

    if (doc.status === 'draft') {
      pdf.font('bold').fontSize(11).fillColor('#aa0000').text('PROJEKT – decyzja nie została jeszcze zatwierdzona', { align: 'center' })
      pdf.fillColor('#000000').moveDown(0.8)
    }
    const top = pdf.y
    pdf.font('bold').fontSize(11).text(doc.authority, left, top, { width: width * 0.55 })
    const afterAuthority = pdf.y
    pdf.font('regular').fontSize(11).text(doc.placeAndDate, left + width * 0.55, top, { width: width * 0.45, align: 'right' })
    pdf.x = left
    pdf.y = Math.max(afterAuthority, pdf.y) + 12
    pdf.text(`Znak sprawy: ${doc.caseNumber}`, left, pdf.y, { width })
    pdf.moveDown(1.5)
    pdf.font('bold').fontSize(15).text(doc.title, { width, align: 'center', characterSpacing: 3 })
    pdf.moveDown(1)
    pdf.font('regular').fontSize(11).text(doc.legalBasis, { width, align: 'justify' })
    pdf.moveDown(0.6)
    doc.operative.forEach((line, i) => {
      pdf.text(`${i + 1}. ${line}`, left + 14, pdf.y, { width: width - 14, align: 'justify' })
      pdf.moveDown(0.3)
    })
    pdf.x = left
    pdf.moveDown(1)
    pdf.font('bold').text(doc.justificationTitle, left, pdf.y, { width, align: 'center' })
    pdf.moveDown(0.5)
    pdf.font('regular')
    for (const paragraph of doc.justification) {
      pdf.text(paragraph, { width, align: 'justify', indent: 20 })
      pdf.moveDown(0.4)
    }
    pdf.moveDown(0.8)
    pdf.font('bold').text(doc.appealTitle, { width, align: 'center' })
    pdf.moveDown(0.5)
    pdf.font('regular').text(doc.appeal, { width, align: 'justify' })
    pdf.moveDown(2.5)
    const signatureX = left + width * 0.55
    pdf.text(doc.signature ? `Zatwierdził(a): ${doc.signature}` : '…………………………………', signatureX, pdf.y, { width: width * 0.45, align: 'center' })
    pdf.fontSize(8).text('(podpis osoby upoważnionej)', signatureX, pdf.y, { width: width * 0.45, align: 'center' })
    pdf.moveDown(2)
    pdf.fontSize(9).text('Otrzymują:', left, pdf.y, { width })
    doc.recipients.forEach((r, i) => pdf.text(`${i + 1}. ${r}`, left, pdf.y, { width }))
    pdf.end()
  })
}
