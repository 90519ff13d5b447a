// A parallel gateway with Zeebe's join semantics. bpmn-elements counts a flow that dead-path elimination
// discarded as arrived, so a join after a branch with an optional task fired while that task was still open;
// Zeebe waits for a token on every incoming flow. This join acknowledges discarded flows and keeps waiting.
import { Activity } from 'bpmn-elements'

/** A gateway's behaviour: it completes at once (the join is the activity's inbound handling). */
export function GatewayBehaviour(this: any, activity: any) {
  this.id = activity.id
  this.type = activity.type
  this.broker = activity.broker
}
GatewayBehaviour.prototype.execute = function execute({ content }: { content: Record<string, unknown> }) {
  this.broker.publish('execution', 'execute.completed', { ...content })
}

const ActivityBase = Activity as unknown as new (...args: unknown[]) => { _onJoinInbound(routingKey: string, message: unknown): unknown }

class ZeebeJoinActivity extends ActivityBase {
  _onJoinInbound(routingKey: string, message: any) {
    if (routingKey === 'flow.discard') return message.ack()
    return super._onJoinInbound(routingKey, message)
  }
}

export function ZeebeParallelGateway(activityDef: Record<string, unknown>, context: unknown) {
  return new ZeebeJoinActivity(GatewayBehaviour, { ...activityDef, isParallelGateway: true }, context)
}
