// The plan of processes/benefit-application.bpmn: the application granted without appeal on one line (interview,
// assessment, draft, approval, decision, delivery, appeal period, final, payments, closure); refusal and the periodic
// review above; the appeal (self-control, SKO) below; every way back to the draft under the line, nested.
const middle = (b) => b.y + b.height / 2

export default {
  nodes: {
    Start_applicationReceived: [0, 0],
    Task_registerCase: [1, 0],
    Task_computeDeadlines: [2, 0],
    Task_familyInterview: [3, 0],
    Task_recordInterviewOverdue: [4, 1],
    End_interviewOverdueRecorded: [4, 1, { dy: 110 }],
    Task_assessIncome: [4, 0],
    Task_draftDecision: [5, 0],
    Task_checkDraft: [6, 0],
    Task_approveDecision: [7, 0],
    Gateway_approved: [8, 0],
    Task_issueDecision: [9, 0],
    Event_decisionDelivered: [10, 0],
    Task_computeAppealDeadline: [11, 0],
    Task_appealWindow: [12, 0],
    Task_recordAppeal: [13, 1],
    Task_reviewAppeal: [14, 1],
    Gateway_appealResolution: [15, 1],
    Task_recordSelfControl: [16, 2],
    Task_forwardToSko: [16, 1],
    Event_skoRuling: [17, 1],
    Task_recordSkoRuling: [18, 1],
    Gateway_skoRuling: [19, 1],
    Task_recordFinal: [13, 0],
    Gateway_outcome: [14, 0],
    Task_closeRefused: [15, -1],
    End_refused: [16, -1],
    Task_scheduleReview: [15, 0],
    Task_schedulePayments: [16, 0],
    Task_closeGranted: [17, 0],
    Gateway_reviewNeeded: [18, 0],
    End_granted: [19, 0],
    Timer_interviewReview: [19, -1],
    Task_interviewUpdate: [20, -1],
    Gateway_reviewOutcome: [21, -1],
    Task_recordReviewChange: [22, -1],
    End_reviewChange: [23, -1],
    Task_extendPayments: [20, -2],
    Task_nextReview: [21, -2],
  },
  columns: { 14: 20, 16: 40 },
  boundary: {
    Timer_interviewDue: { side: 'bottom', at: 0.75 },
    Error_interviewDateInvalid: { side: 'top', at: 0.3 },
    Error_draftInvalidCaught: { side: 'top', at: 0.3 },
    Timer_appealDeadline: { side: 'top', at: 0.75 },
    Event_appealFiled: { side: 'bottom', at: 0.75 },
  },
  labels: {
    Event_appealFiled: 'below-right',
    Gateway_skoRuling: 'right',
    Flow_returned: 'below',
    Flow_appealRegistered: { segment: 0, place: 'left', max: 100 },
  },
  flows: {
    Flow_interviewDateInvalid: { exit: 'top', channel: 30 },
    Flow_draftInvalid: { exit: 'top', channel: 30 },
    Flow_returned: { exit: 'bottom', channel: 30, entryAt: 0.75 },
    Flow_appealPeriodExpired: { exit: 'top', entry: 'top', channel: 30, forward: true },
    Flow_appealRegistered: ({ bounds }) => {
      const from = bounds('Task_appealWindow')
      const to = bounds('Task_recordAppeal')
      const x = from.x + from.width * 0.35
      return [{ x, y: from.y + from.height }, { x, y: middle(to) }, { x: to.x, y: middle(to) }]
    },
    Flow_toRedraftSelfControl: { exit: 'bottom', channel: 30, entryAt: 0.5 },
    Flow_skoOverturned: ({ bounds }) => {
      const from = bounds('Gateway_skoRuling')
      const to = bounds('Task_draftDecision')
      const y = bounds('Task_recordSelfControl').y + 80 + 60
      const x = to.x + to.width * 0.25
      return [{ x: from.x + 25, y: from.y + 50 }, { x: from.x + 25, y }, { x, y }, { x, y: to.y + to.height }]
    },
    Flow_skoUpheld: ({ bounds }) => {
      const from = bounds('Gateway_skoRuling')
      const to = bounds('Task_recordFinal')
      const y = to.y + to.height + 30
      return [{ x: from.x + 25, y: from.y }, { x: from.x + 25, y }, { x: to.x + to.width / 2, y }, { x: to.x + to.width / 2, y: to.y + to.height }]
    },
    Flow_reviewContinue: { vertical: 'first' },
    Flow_toExtendPayments: ({ bounds }) => {
      const from = bounds('Task_nextReview')
      const to = bounds('Task_extendPayments')
      return [{ x: from.x, y: middle(from) }, { x: to.x + to.width, y: middle(to) }]
    },
    // back to the question, joining the way in just before it
    Flow_backToReviewGateway: ({ bounds }) => {
      const from = bounds('Task_extendPayments')
      const to = bounds('Gateway_reviewNeeded')
      const x = to.x - 30
      return [{ x: from.x, y: middle(from) }, { x, y: middle(from) }, { x, y: middle(to) }, { x: to.x, y: middle(to) }]
    },
  },
}
