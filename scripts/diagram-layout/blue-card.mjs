// The plan of processes/blue-card.bpmn: the procedure on one line (form A to the chair, to the group, first
// meeting, monitoring, violence stopped); the notice to the suspected person above; missed deadlines below their
// steps (the notice's above, as is the end without a notice); wrong dates back over the top; no grounds above the
// monitoring; the next monitoring below.
export default {
  nodes: {
    Start_formA: [0, 0],
    Task_registerCase: [1, 0],
    Task_computeDeadlines: [2, 0],
    Gateway_split: [3, 0],
    Gateway_perpetratorAbsent: [4, -1],
    Task_notifyPerpetrator: [5, -1],
    End_perpetratorNotified: [6, -1],
    End_noNoticeNeeded: [5, -1, { dx: -40, dy: -75 }],
    Task_recordNoticeOverdue: [6, -2],
    End_noticeOverdueRecorded: [7, -2],
    Task_forwardFormA: [4, 0],
    Task_recordFormAOverdue: [5, 1],
    End_formAOverdueRecorded: [6, 1],
    Task_computeReferralDeadline: [5, 0],
    Task_referToGdp: [6, 0],
    Task_recordGdpReferralOverdue: [7, 1],
    End_gdpReferralOverdueRecorded: [8, 1],
    Task_computeMeetingDeadline: [7, 0],
    Task_firstMeeting: [8, 0],
    Task_recordFirstMeetingOverdue: [9, 1],
    End_firstMeetingOverdueRecorded: [10, 1],
    Gateway_justified: [9, 0],
    Task_closeUnjustified: [10, -1, { dx: 140 }],
    End_unjustified: [12, -1],
    Task_monitoring: [10, 0],
    Gateway_closure: [11, 0],
    Timer_nextMonitoring: [11, 1, { dx: -60 }],
    Task_closeViolenceStopped: [12, 0],
    End_violenceStopped: [13, 0],
  },
  columns: { 12: 60 },
  boundary: {
    Timer_noticeDue: { side: 'top', at: 0.75 },
    Error_chairDateInvalid: { side: 'top', at: 0.3 },
    Error_gdpDateInvalid: { side: 'top', at: 0.3 },
  },
  labels: {
    End_noNoticeNeeded: 'above',
    Timer_nextMonitoring: 'below',
    Flow_continueMonitoring: { segment: 0, place: 'left' },
    Flow_unjustifiedLater: { place: 'left', max: 80 },
    Gateway_closure: 'below-right',
  },
  flows: {
    Flow_perpetratorPresent: { vertical: 'first' },
    Flow_chairDateInvalid: { exit: 'top', channel: 30 },
    Flow_gdpDateInvalid: { exit: 'top', channel: 30 },
    Flow_continueMonitoring: ({ bounds }) => {
      const gateway = bounds('Gateway_closure')
      const timer = bounds('Timer_nextMonitoring')
      const x = gateway.x + gateway.width / 2
      return [{ x, y: gateway.y + gateway.height }, { x, y: timer.y + timer.height / 2 }, { x: timer.x + timer.width, y: timer.y + timer.height / 2 }]
    },
    Flow_monitorAgain: ({ bounds }) => {
      const timer = bounds('Timer_nextMonitoring')
      const task = bounds('Task_monitoring')
      const x = task.x + task.width * 0.85
      return [{ x: timer.x, y: timer.y + timer.height / 2 }, { x, y: timer.y + timer.height / 2 }, { x, y: task.y + task.height }]
    },
  },
}
