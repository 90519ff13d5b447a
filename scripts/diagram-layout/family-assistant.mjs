// The plan of processes/family-assistant.bpmn: the work with a family on one line; no consent above, another
// assistant (after a full caseload or an ineligible person) below the assignment.
export default {
  columns: { 5: 40 },
  nodes: {
    Start_familyReported: [0, 0],
    Task_registerCase: [1, 0],
    Task_computeDeadlines: [2, 0],
    Task_consent: [3, 0],
    Gateway_consent: [4, 0],
    Task_closeNoConsent: [5, -1],
    End_noConsent: [6, -1],
    Task_chooseAssistant: [5, 0],
    Task_assignAssistant: [6, 0],
    Task_chooseAnotherAssistant: [6, 1, { dx: 60 }],
    Task_workPlan: [7, 0],
    Timer_assessment: [8, 0],
    Task_assessment: [9, 0],
    Gateway_continue: [10, 0],
    Task_closeCase: [11, 0],
    End_closed: [12, 0],
  },
  boundary: {
    Error_caseloadFull: { side: 'bottom', at: 0.5 },
    Error_assistantNotEligible: { side: 'bottom', at: 0.85 },
  },
  labels: {
    // left of the way back to the assignment
    Error_caseloadFull: { max: 90, at: ({ bounds }, size) => ({ x: bounds('Task_assignAssistant').x + bounds('Task_assignAssistant').width * 0.1 - size.width - 6, y: bounds('Task_assignAssistant').y + 84 }) },
  },
  flows: {
    Flow_caseloadFull: { vertical: 'first' },
    Flow_anotherAssistantChosen: ({ bounds }) => {
      const from = bounds('Task_chooseAnotherAssistant')
      const to = bounds('Task_assignAssistant')
      const x = to.x + to.width * 0.1
      return [{ x: from.x, y: from.y + from.height / 2 }, { x, y: from.y + from.height / 2 }, { x, y: to.y + to.height }]
    },
    Flow_continue: { exit: 'bottom', entry: 'bottom', channel: 40 },
  },
}
