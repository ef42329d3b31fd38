// A Gateway outside an app, as a stand-in of that app's model: declared by
// Gateway.fromGatewayAttributes(), and by a ListenerSet whose parent Gateway is a construct of
// another app (a fleet's shared Gateway in one GitOps folder, the sites' ListenerSets in
// others). Its listeners, and for a Gateway L2 its allowedListeners, are facts when known.
// Not exported.
import { IConstruct } from 'constructs';
import * as gw from '../../../imports/gateway-api-gateway.networking.k8s.io';
import { declareToModel } from '../../core/declare';
import { GatewayListener } from '../listener';
import { importedGatewayFacts } from './facts';
import { GATEWAY_API_GROUP } from './inputs';
import { renderListener } from './listeners';

/** What the stand-in is made from (an `IGateway`). */
export interface GatewayStandInSource {
  readonly name: string;
  readonly namespace: string;
  readonly listeners: GatewayListener[];
  readonly listenersKnown: boolean;
}

/**
 * Declare `gateway` to the model of the app of `construct` as an object defined outside it;
 * `allowedListeners` in wire form when known (`{}`: none given).
 */
export function declareGatewayStandIn(construct: IConstruct, gateway: GatewayStandInSource, allowedListeners?: () => { [key: string]: unknown }): void {
  declareToModel(construct, {
    externals: () => [{
      apiVersion: `${GATEWAY_API_GROUP}/v1`,
      kind: 'Gateway',
      name: gateway.name,
      namespace: gateway.namespace,
      facts: importedGatewayFacts(
        gateway.listenersKnown ? gateway.listeners.map((l) => gw.toJson_GatewaySpecListeners(renderListener(l, gateway.namespace))) : undefined,
        allowedListeners?.(),
      ),
    }],
  });
}
