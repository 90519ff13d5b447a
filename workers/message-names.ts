// Every message name a BPMN file may catch (bpmn:message name, e.g. in a message boundary or intermediate catch
// event). Code that publishes a message (engine.publishMessage) names it from here. POST /api/deployments refuses
// a procedure that waits for a message outside this list: nothing would ever send it. Append one line per message.
export const MessageName = {
  decisionDelivered: 'decision-delivered', // published by src/benefits/decision-events.ts
  appealFiled: 'appeal-filed', // published by src/benefits/decision-events.ts
  skoRuling: 'sko-ruling', // published by src/benefits/decision-events.ts
} as const satisfies Record<string, string>

export type MessageNameValue = (typeof MessageName)[keyof typeof MessageName]
