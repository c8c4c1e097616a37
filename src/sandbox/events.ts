/** core/v1 Events recorded by the sandbox's controllers, named `<object>.<16 hex>` like real ones. */
import { timestamp, type SandboxState } from './state.js';
import { resourceKey, type Store } from './storage.js';
import type { KubeObject } from './types.js';

const EVENTS = resourceKey('', 'events');

export function makeEventRecorder(
  store: Store,
  now: () => Date,
  newUid: (hint: string) => string,
): SandboxState['recordEvent'] {
  let counter = 0;
  return (object, type, reason, message, source) => {
    const [component, host] = source.split('/');
    // Real event names end in the hex of a nanosecond clock, so they sort in time order; the
    // counter keeps that order for events recorded within the same millisecond.
    const stampNs = BigInt(now().getTime()) * 1_000_000n + BigInt(counter++);
    const name = `${object.metadata.name}.${stampNs.toString(16).padStart(16, '0')}`;
    const namespace = object.metadata.namespace ?? 'default';
    const at = timestamp(now());
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name,
        namespace,
        uid: newUid(`event/${namespace}/${name}`),
        creationTimestamp: at,
      },
      involvedObject: {
        kind: object.kind,
        namespace: object.metadata.namespace,
        name: object.metadata.name,
        uid: object.metadata.uid,
        apiVersion: object.apiVersion,
        resourceVersion: object.metadata.resourceVersion,
      },
      reason,
      message,
      source: host ? { component, host } : { component },
      firstTimestamp: at,
      lastTimestamp: at,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: host ?? '',
    };
    store.create(EVENTS, event);
  };
}
