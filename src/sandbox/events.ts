/** core/v1 Events recorded by the sandbox's controllers, named `<object>.<16 hex>` like real ones. */
import { hexHash } from './names.js';
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
    const name = `${object.metadata.name}.${hexHash(`${object.metadata.uid}/${reason}/${message}/${counter++}`, 16)}`;
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
