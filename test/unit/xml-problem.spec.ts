// XML errors in a deployment say where they are (issue 13): line and column as an editor counts them.
import { expect } from 'chai'
import { BpmnModdle } from 'bpmn-moddle'
import { xmlProblemText } from '../../engine/xml-problem.ts'
import { parseBpmn } from '../../engine/embedded/process-model.ts'

const parseError = async (xml: string) => new BpmnModdle().fromXML(xml).then(() => null, (err: unknown) => err)

describe('unit: XML problem texts (xml-problem.ts)', () => {
  it('should name the line and column from 1 and the cause when a tag is not closed', async () => {
    const xml = '<?xml version="1.0"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">\n  <bpmn:process id="p">\n    <bpmn:startEvent id="s">\n  </bpmn:process>\n</bpmn:definitions>'
    expect(xmlProblemText(await parseError(xml))).to.equal('unparsable content </bpmn:process> detected (line 5, column 3: closing tag mismatch)')
  })

  it('should keep a message without a position as its first line', () => {
    expect(xmlProblemText(new Error('unknown type <bpmn:Foo>'))).to.equal('unknown type <bpmn:Foo>')
    expect(xmlProblemText({ message: 'first\nsecond' })).to.equal('first')
  })

  it('should put the position in the deployment problem when a BPMN file is not well formed', async () => {
    const { problems } = await parseBpmn('broken.bpmn', '<bpmn:definitions><oops')
    expect(problems).to.have.length(1)
    expect(problems[0]).to.include({ rule: 'xml', message: 'The file is not valid BPMN XML: unparsable content <oops detected (line 1, column 19: unclosed tag)' })
  })
})
