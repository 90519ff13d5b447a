// Comments the system writes on versions are codes shown in the reader's language; older rows with the English
// texts read the same; a person's comment is shown as written (src/procedures/version-comments.ts).
import { expect } from 'chai'
import { commentText, SystemComment, systemCommentCode } from '../../src/procedures/version-comments.ts'
import { en } from '../../web/i18n/en.ts'
import { pl } from '../../web/i18n/pl.ts'

describe('unit: system comments on versions (version-comments.ts)', () => {
  it('should show a stored code in Polish and in English when a page shows it', () => {
    expect(commentText(SystemComment.shipped, 'definition', pl.versionComments)).to.equal('Wersja dostarczona z systemem (wdrożona przy uruchomieniu)')
    expect(commentText(SystemComment.shipped, 'definition', en.versionComments)).to.equal('Shipped with the system (deployed at start-up)')
    expect(commentText(SystemComment.defaultPolicy, 'slaPolicy', pl.versionComments)).to.equal('Zasada domyślna (dostarczona z systemem)')
  })

  it('should read the English texts of older rows as their codes, each only where it was written', () => {
    expect(systemCommentCode('processes folder at start-up', 'definition')).to.equal(SystemComment.shipped)
    expect(systemCommentCode('default', 'slaPolicy')).to.equal(SystemComment.defaultPolicy)
    expect(systemCommentCode('default', 'definition'), 'a manager may have written "default" on a procedure').to.equal(null)
    expect(commentText('processes folder at start-up', 'definition', pl.versionComments)).to.equal(pl.versionComments[SystemComment.shipped])
  })

  it('should show a person\'s comment as written and nothing for none', () => {
    expect(commentText('Nowy krok weryfikacji', 'definition', pl.versionComments)).to.equal('Nowy krok weryfikacji')
    expect(commentText(null, 'definition', pl.versionComments)).to.equal(null)
  })

  it('should have a Polish and an English text for every code', () => {
    for (const code of Object.values(SystemComment)) {
      expect(pl.versionComments[code], code).to.be.a('string').and.not.equal('')
      expect(en.versionComments[code], code).to.be.a('string').and.not.equal(pl.versionComments[code])
    }
  })
})
