// The plan of processes/za-zyciem-coordination.bpmn: coordination on one line (catalogue, contact with
// institutions, closure); another assistant above the assignment; the written authorisation loop above the
// representation question; no representation below; the missed reply deadline below the catalogue.
const diamondUpperRight = (g) => ({ x: g.x + (g.width * 3) / 4, y: g.y + g.height / 4 })

export default {
  nodes: {
    Start_requestReceived: [0, 0],
    Task_registerCase: [1, 0],
    Task_computeDeadlines: [2, 0],
    Task_chooseAssistant: [3, 0],
    Task_assignAssistant: [4, 0],
    Task_chooseAnotherAssistant: [4, -1, { dx: 60 }],
    Task_catalogue: [5, 0],
    Task_recordReplyOverdue: [5, 1, { dx: 90 }],
    End_replyOverdueRecorded: [5, 1, { dx: 90, dy: 110 }],
    Gateway_actOnBehalf: [6, 0],
    Task_obtainAuthorisation: [7, -1, { dx: 30 }],
    Task_contactInstitution: [7, 0],
    Gateway_anotherInstitution: [8, 0],
    Task_closure: [9, 0],
    Task_closeCase: [10, 0],
    End_coordinated: [11, 0],
  },
  columns: { 6: 40, 7: 60 },
  boundary: {
    Error_assistantNotEligible: { side: 'top', at: 0.75 },
    Timer_replyDue: { side: 'bottom', at: 0.2 },
  },
  labels: {
    Gateway_actOnBehalf: { place: 'above-left', max: 95 },
    Error_assistantNotEligible: { max: 90 },
    Timer_replyDue: 'below-left',
    End_replyOverdueRecorded: 'right',
  },
  flows: {
    Flow_anotherAssistantChosen: ({ bounds }) => {
      const from = bounds('Task_chooseAnotherAssistant')
      const to = bounds('Task_assignAssistant')
      const x = to.x + to.width * 0.1
      return [{ x: from.x, y: from.y + from.height / 2 }, { x, y: from.y + from.height / 2 }, { x, y: to.y }]
    },
    // back into the question from above, beside the way out to the authorisation
    Flow_authorisationAnswered: ({ bounds }) => {
      const from = bounds('Task_obtainAuthorisation')
      const gateway = bounds('Gateway_actOnBehalf')
      const to = diamondUpperRight(gateway)
      const x = from.x + from.width * 0.2
      return [{ x, y: from.y + from.height }, { x, y: gateway.y - 15 }, { x: to.x, y: gateway.y - 15 }, to]
    },
    Flow_noRepresentation: ({ bounds }) => {
      const from = bounds('Gateway_actOnBehalf')
      const to = bounds('Task_closure')
      const y = to.y + to.height + 60
      return [{ x: from.x + 25, y: from.y + 50 }, { x: from.x + 25, y }, { x: to.x + to.width / 2, y }, { x: to.x + to.width / 2, y: to.y + to.height }]
    },
    Flow_anotherInstitution: { exit: 'bottom', entry: 'bottom', channel: 30 },
  },
}
