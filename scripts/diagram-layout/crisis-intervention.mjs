// The plan of processes/crisis-intervention.bpmn: triage, safety plan and the monitoring visits to closure on one
// line; of the parallel help, counselling and psychological help above, shelter below; missed deadlines below
// their steps.
export default {
  nodes: {
    Start_crisisReported: [0, 0],
    Task_registerCase: [1, 0],
    Task_computeSchedule: [2, 0],
    Task_triage: [3, 0],
    Task_recordTriageOverdue: [4, 1],
    End_triageOverdueRecorded: [4, 1, { dy: 110 }],
    Task_safetyPlan: [4, 0],
    Gateway_helpSplit: [5, 0],
    Task_psychologicalHelp: [7, -2],
    End_psychologicalHelpGiven: [8, -2],
    Gateway_counsellingNeeded: [6, -1],
    Task_counselling: [7, -1],
    End_counsellingGiven: [8, -1],
    End_noCounselling: [7, -1, { dy: 65 }],
    Gateway_shelterNeeded: [6, 1],
    Task_arrangeShelter: [7, 1],
    End_noShelter: [7, 1, { dy: 70 }],
    Task_computeShelterEnd: [8, 1],
    Task_endShelter: [9, 1],
    End_shelterEnded: [10, 1],
    Task_recordShelterEndOverdue: [10, 2],
    End_shelterEndOverdueRecorded: [11, 2],
    Timer_followUp: [6, 0],
    Task_followUpVisit: [7, 0],
    Gateway_canClose: [8, 0],
    Task_closure: [9, 0],
    Task_closeCase: [10, 0],
    End_closed: [11, 0],
  },
  columns: { 5: 50, 9: 40 },
  boundary: {
    Error_shelterDateInvalid: { side: 'top', at: 0.3 },
  },
  labels: {
    End_noCounselling: 'right',
    End_noShelter: 'right',
    Flow_toClosure: 'below',
  },
  flows: {
    Flow_noCounselling: { vertical: 'first' },
    Flow_anotherVisit: { exit: 'bottom', channel: 30 },
    Flow_shelterDateInvalid: { exit: 'top', channel: 30 },
  },
}
