// The administrative decision (KPA art. 104, 107) in the Polish layout, as data, HTML and PDF.
import { expect } from 'chai'
import { buildDecisionDocument, type DecisionInput } from '../../src/documents/decision-document.ts'
import { renderDecisionHtml } from '../../src/documents/decision-html.ts'
import { renderDecisionPdf } from '../../src/documents/decision-pdf.ts'
import { pdfText } from '../helpers/pdf-text.ts'

const okresowy = {
  benefit: 'zasilek-okresowy',
  proposedOutcome: 'grant',
  proposedAmount: 400,
  periodMonths: 3,
  justification: 'Rodzina utrzymuje się z prac dorywczych.\nWnioskodawczyni współpracuje z pracownikiem socjalnym.',
  interviewDate: '2026-03-05',
  householdSize: 2,
  householdIncome: 900,
  incomePerPerson: 450,
  incomeCriterion: 823,
  benefitLegalBasis: 'art. 38 ust. 1 pkt 2, ust. 2 pkt 2 i ust. 3 ustawy o pomocy społecznej; rozporządzenie Rady Ministrów z dnia 10 lipca 2024 r. (Dz.U. 2024 poz. 1044)',
  decisionOutcome: 'grant',
  decisionAmount: 400,
  decisionPeriodFrom: '2026-03',
  decisionPeriodTo: '2026-05',
  decisionIssuedDate: '2026-03-10',
}

function input(variables: Record<string, unknown>, extra: Partial<DecisionInput> = {}): DecisionInput {
  return {
    centreName: 'Miejski Ośrodek Pomocy Społecznej w Łodzi',
    place: 'Łódź',
    caseNumber: 'OPS.8311.1.2026',
    receivedAt: '2026-03-02',
    applicantName: 'Żaneta Łękawska',
    approvedBy: 'Grzegorz Brzęczyszczykiewicz',
    today: '2026-03-12',
    variables,
    ...extra,
  }
}

describe('decision document', () => {
  it('should have the parts of a Polish administrative decision when a zasiłek okresowy is granted', () => {
    const doc = buildDecisionDocument(input(okresowy))
    expect(doc).to.include({ status: 'issued', authority: 'Miejski Ośrodek Pomocy Społecznej w Łodzi', placeAndDate: 'Łódź, dnia 10.03.2026 r.', caseNumber: 'OPS.8311.1.2026', title: 'DECYZJA' })
    expect(doc.legalBasis).to.match(/^Na podstawie art\. 104 ustawy z dnia 14 czerwca 1960 r\. – Kodeks postępowania administracyjnego oraz art\. 7, art\. 8 ust\. 1, art\. 38 ust\. 1 pkt 2, ust\. 2 pkt 2 i ust\. 3, art\. 106 ust\. 1 i 3 ustawy z dnia 12 marca 2004 r\. o pomocy społecznej/)
    expect(doc.legalBasis).to.include('po rozpatrzeniu wniosku z dnia 2 marca 2026 r. orzekam:')
    expect(doc.operative[0]).to.equal('Przyznać stronie – Żaneta Łękawska – zasiłek okresowy w wysokości 400,00 zł miesięcznie na okres od 1 marca 2026 r. do 31 maja 2026 r.')
    expect(doc.operative[1]).to.include('art. 106 ust. 3')
    expect(doc.justification).to.include('Rodzina utrzymuje się z prac dorywczych.')
    expect(doc.justification[1]).to.equal('Dochód rodziny (2 os.) wynosi 900,00 zł, tj. 450,00 zł na osobę, a kryterium dochodowe na osobę w rodzinie 823,00 zł (art. 8 ust. 1 pkt 2 ustawy o pomocy społecznej).')
    expect(doc.appeal).to.equal(
      'Od niniejszej decyzji przysługuje stronie odwołanie do Samorządowego Kolegium Odwoławczego, wnoszone za pośrednictwem organu, który wydał decyzję ' +
        '(Miejski Ośrodek Pomocy Społecznej w Łodzi), w terminie 14 dni od dnia jej doręczenia (art. 127 § 1 i 2 oraz art. 129 § 1 i 2 Kodeksu postępowania administracyjnego).',
    )
    expect(doc.signature).to.equal('Grzegorz Brzęczyszczykiewicz')
  })

  it('should grant zasiłek stały without an end "na czas nieokreślony"', () => {
    const doc = buildDecisionDocument(input({ ...okresowy, benefit: 'zasilek-staly', periodMonths: null, decisionPeriodTo: null, decisionAmount: 813, benefitLegalBasis: 'art. 37 ust. 1 pkt 1, ust. 2 pkt 1 i ust. 3 ustawy o pomocy społecznej; rozporządzenie X' }))
    expect(doc.operative[0]).to.equal('Przyznać stronie – Żaneta Łękawska – zasiłek stały w wysokości 813,00 zł miesięcznie od 1 marca 2026 r. na czas nieokreślony.')
    expect(doc.legalBasis).to.include('art. 37 ust. 1 pkt 1, ust. 2 pkt 1 i ust. 3, art. 106 ust. 1 i 3')
  })

  it('should grant zasiłek celowy once, for its purpose', () => {
    const doc = buildDecisionDocument(input({ ...okresowy, benefit: 'zasilek-celowy', decisionAmount: 250, benefitPurpose: 'zakup leków', benefitLegalBasis: 'art. 39 ust. 1 w związku z art. 8 ust. 1 pkt 2 ustawy o pomocy społecznej; r' }))
    expect(doc.operative).to.deep.equal(['Przyznać stronie – Żaneta Łękawska – zasiłek celowy w wysokości 250,00 zł jednorazowo na: zakup leków.'])
    expect(doc.legalBasis).to.include('art. 39 ust. 1 i art. 106 ust. 1')
  })

  it('should refuse in the genitive ("odmówić przyznania zasiłku stałego")', () => {
    const doc = buildDecisionDocument(input({ ...okresowy, benefit: 'zasilek-staly', proposedOutcome: 'refuse', decisionOutcome: 'refuse' }))
    expect(doc.operative).to.deep.equal(['Odmówić przyznania stronie – Żaneta Łękawska – zasiłku stałego.'])
  })

  it('should be a dated-today PROJEKT with the draft\'s values before approval and while a new decision is drafted', () => {
    const { decisionIssuedDate: _issued, ...draft } = okresowy
    const doc = buildDecisionDocument(input({ ...draft, proposedAmount: 450 }))
    expect(doc).to.include({ status: 'draft', placeAndDate: 'Łódź, dnia 12.03.2026 r.' })
    expect(doc.operative[0]).to.include('450,00 zł')
    const redraft = buildDecisionDocument(input({ ...okresowy, proposedAmount: 746, periodMonths: 4 }, { redrafting: true }))
    expect(redraft.status).to.equal('draft')
    expect(redraft.operative[0]).to.include('746,00 zł miesięcznie na okres od 1 marca 2026 r. do 30 czerwca 2026 r.')
  })

  it('should print the date alone when no place is configured', () => {
    expect(buildDecisionDocument(input(okresowy, { place: null })).placeAndDate).to.equal('dnia 10.03.2026 r.')
  })

  it('should escape what people typed in the HTML and link the print stylesheet', () => {
    const html = renderDecisionHtml(buildDecisionDocument(input({ ...okresowy, justification: '<script>alert(1)</script> uzasadnienie' }, { applicantName: 'Anna <b>Nowak</b>' })), 'case-1')
    expect(html).to.include('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).to.include('Anna &lt;b&gt;Nowak&lt;/b&gt;')
    expect(html).not.to.include('<script>')
    expect(html).to.include('<link rel="stylesheet" href="/static/decision.css">')
    for (const part of ['DECYZJA', 'UZASADNIENIE', 'POUCZENIE', 'Znak sprawy: OPS.8311.1.2026', 'Miejski Ośrodek Pomocy Społecznej w Łodzi']) expect(html).to.include(part)
  })

  it('should render the PDF with Polish letters in an embedded DejaVu Sans font', async () => {
    const pdf = await renderDecisionPdf(buildDecisionDocument(input(okresowy)))
    expect(pdf.subarray(0, 5).toString()).to.equal('%PDF-')
    expect(pdf.toString('latin1')).to.match(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/)
    expect(pdf.toString('latin1')).not.to.include('/Helvetica')
    const text = pdfText(pdf)
    for (const part of [
      'DECYZJA',
      'UZASADNIENIE',
      'POUCZENIE',
      'Łódź, dnia 10.03.2026 r.',
      'Przyznać stronie – Żaneta Łękawska – zasiłek okresowy w wysokości 400,00 zł',
      'Brzęczyszczykiewicz',
      'Rodzina utrzymuje się z prac dorywczych.',
      'Samorządowego Kolegium',
    ]) {
      expect(text).to.include(part)
    }
    expect(text).to.match(/ą/).and.match(/ę/).and.match(/ł/).and.match(/ń|ó/).and.match(/ś/).and.match(/ż|ź/)
  })
})
