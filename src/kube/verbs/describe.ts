/**
 * `kubectl describe`: the objects named (`TYPE NAME…`, `TYPE/NAME…`), or every object of a
 * type in the namespace (`TYPE`, `-l`, `-A`), each rendered by src/kube/describe/ exactly as
 * kubectl renders it. As kubectl does, `describe TYPE NAME` with no object of that name
 * describes every object whose name starts with NAME; `--show-events=false` drops the Events
 * section. Kinds kubectl has a dedicated describer for that iddio cannot render yet are refused
 * before any object is read.
 */
import { EXIT } from '../../common/exit-codes.js';
import { canDescribe, describeObject } from '../describe/index.js';
import type { ApiResource } from '../discovery.js';
import { ErrorList, KubeError, isNotFound, usageError } from '../errors.js';
import { flagBool, notSupported } from '../flags.js';
import { resourcePath } from '../resolve.js';
import { resolveTargets, type VerbContext } from './context.js';
import type { Obj } from './objects.js';

interface Info {
  resource: ApiResource;
  object: Obj;
}

const withKind = (resource: ApiResource, object: Obj): Obj => ({
  apiVersion: resource.group === '' ? resource.version : `${resource.group}/${resource.version}`,
  kind: resource.kind,
  ...object,
});

async function listAll(
  ctx: VerbContext,
  resource: ApiResource,
  namespace: string | undefined,
  selector: string | undefined,
): Promise<Info[]> {
  const list = await ctx.client.json<Obj>({
    path: resourcePath(resource, namespace),
    query: { labelSelector: selector, limit: '500' },
  });
  const items = Array.isArray(list.items) ? (list.items as Obj[]) : [];
  return items.map((item) => ({ resource, object: withKind(resource, item) }));
}

function refuse(resource: ApiResource): void {
  if (!canDescribe(resource)) throw notSupported(`describe ${resource.name}`);
}

export async function describe(ctx: VerbContext): Promise<number> {
  const { inv, config, output } = ctx;
  if (inv.targets.length === 0) {
    throw usageError(
      'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.',
    );
  }
  const named = inv.targets.some((target) => target.names.length > 0);
  if (named && inv.selector)
    throw usageError('name cannot be provided when a selector is specified');
  if (named && inv.allNamespaces)
    throw usageError('a resource cannot be retrieved by name across all namespaces');
  const showEvents = flagBool(inv, 'show-events', true);
  const resolved = await resolveTargets(ctx);
  // A kind iddio cannot render is refused before it is read — or, when it is only listed (as
  // a member of `all`), once the list shows there is something of that kind to describe.
  for (const { target, resources } of resolved)
    if (target.names.length > 0) resources.forEach(refuse);

  const infos: Info[] = [];
  const errors = new ErrorList();
  let notFound: KubeError | undefined;
  for (const { target, resources } of resolved) {
    for (const resource of resources) {
      const namespace = resource.namespaced && !inv.allNamespaces ? config.namespace : undefined;
      if (target.names.length === 0) {
        const listed = await listAll(ctx, resource, namespace, inv.selector);
        if (listed.length > 0) refuse(resource);
        infos.push(...listed);
        continue;
      }
      for (const name of target.names) {
        try {
          const object = await ctx.client.json<Obj>({
            path: resourcePath(resource, config.namespace, name),
          });
          infos.push({ resource, object: withKind(resource, object) });
        } catch (error) {
          if (!(error instanceof KubeError) || error.code !== 'api-status') throw error;
          if (isNotFound(error)) notFound ??= error;
          errors.addApi(error);
        }
      }
    }
  }

  const options = { showEvents, now: ctx.now() };
  const render = async (info: Info): Promise<string> => {
    const text = await describeObject(ctx.client, info.resource, info.object, options);
    if (text === undefined) {
      const name = String((info.object.metadata as Obj | undefined)?.name ?? '');
      throw notSupported(`describe ${info.resource.name} "${name}" (an object of this shape)`);
    }
    return text;
  };

  // `describe TYPE NAME` with no such object: every object whose name starts with NAME.
  const [only] = resolved;
  if (notFound && (inv.args ?? []).length === 2 && only && only.resources.length === 1) {
    const resource = only.resources[0] as ApiResource;
    const prefix = only.target.names[0] ?? '';
    const namespace = resource.namespaced ? config.namespace : undefined;
    const matches = (await listAll(ctx, resource, namespace, undefined)).filter((info) =>
      String((info.object.metadata as Obj | undefined)?.name ?? '').startsWith(prefix),
    );
    if (matches.length === 0) {
      output.err(`${notFound.line}\n`);
      return EXIT.kubeFailed;
    }
    let text = '';
    for (const info of matches) text += `${await render(info)}\n`;
    output.out(text);
    return EXIT.ok;
  }

  // Written object by object, as kubectl does: a later refusal leaves the earlier output.
  let first = true;
  for (const info of infos) {
    const text = await render(info);
    output.out(first ? text : `\n\n${text}`);
    first = false;
  }
  if (infos.length === 0 && errors.length === 0) {
    output.err(
      inv.allNamespaces
        ? 'No resources found\n'
        : `No resources found in ${config.namespace} namespace.\n`,
    );
  }
  if (errors.length > 0) {
    output.err(errors.render());
    return EXIT.kubeFailed;
  }
  return EXIT.ok;
}
