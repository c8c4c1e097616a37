/**
 * An in-memory KubectlIo with a small tree of manifests for the table tests: harmless
 * objects, RBAC hidden among them, Lists, JSON, kustomizations, and broken files.
 */
import type { KubectlIo } from '../../src/kubectl/invocation.js';

const deploy = `apiVersion: apps/v1
kind: Deployment
metadata: { name: api }
spec: { replicas: 1 }
`;
const cm = `{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings"}}`;
const role = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: pod-reader }
rules: []
`;

export const FILES: Record<string, string> = {
  'deploy.yaml': deploy,
  'cm.json': cm,
  'role.yaml': role,
  'mixed.yaml': `apiVersion: v1
kind: ConfigMap
metadata: { name: a }
---
apiVersion: v1
kind: Service
metadata: { name: b }
---
# a RoleBinding hidden among harmless objects
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: c }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
---
`,
  'list.json': JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
      {
        apiVersion: 'v1',
        kind: 'List',
        items: [
          {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'ClusterRole',
            metadata: { name: 'y' },
          },
        ],
      },
    ],
  }),
  'cmlist.yaml': `apiVersion: v1
kind: ConfigMapList
items:
  - { apiVersion: v1, kind: ConfigMap, metadata: { name: one } }
  - { apiVersion: v1, kind: ConfigMap, metadata: { name: two } }
`,
  'secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata: { name: s }\nstringData: { k: v }\n`,
  'ns.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: { name: team-a }\n`,
  'pv.yaml': `apiVersion: v1\nkind: PersistentVolume\nmetadata: { name: pv1 }\n`,
  'sc.yaml': `apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: { name: fast }\n`,
  'kube-system-cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x, namespace: kube-system }\n`,
  'payments-cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x, namespace: payments }\n`,
  'crd.yaml': `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: { name: widgets.example.com }\n`,
  'webhook.yaml': `apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata: { name: w }\n`,
  'csr.yaml': `apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata: { name: c }\n`,
  'widget.yaml': `apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n`,
  'old-role.yaml': `apiVersion: rbac.authorization.k8s.io/v1beta1\nkind: Role\nmetadata: { name: r }\n`,
  'eviction.yaml': `apiVersion: policy/v1\nkind: Eviction\nmetadata: { name: api-1, namespace: payments }\n`,
  'hpa-v1.yaml': `apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: { name: h }\n`,
  'empty.yaml': `---\n# nothing\n---\n`,
  'bad.yaml': `apiVersion: v1\nkind: [ConfigMap\n`,
  'nokind.yaml': `apiVersion: v1\nmetadata: { name: x }\n`,
  'scalar.yaml': `just a string\n`,
  'app/deploy.yaml': deploy,
  'app/cm.yml': cm,
  'app/notes.txt': 'kind: [ not read: not a manifest extension',
  'app/sub/role.yaml': role,
  'kust/kustomization.yaml': `resources: [deploy.yaml, ../cm.json]\nnamespace: kube-system\n`,
  'kust/deploy.yaml': deploy,
  'kust2/kustomization.yaml': `resources: [cm.json]\nsecretGenerator:\n  - name: creds\n    literals: [a=b]\n`,
  'kust2/cm.json': cm,
  'kust3/kustomization.yml': `resources: [../kust2, role.yaml]\n`,
  'kust3/role.yaml': role,
  'kust-remote/kustomization.yaml': `resources:\n  - https://github.com/example/repo//base?ref=v1\n`,
  'kust-helm/kustomization.yaml': `helmCharts:\n  - name: x\n`,
  'kust-bad/kustomization.yaml': `resources: [missing.yaml]\n`,
  'nokust/readme.md': 'no kustomization here',
};

export function memoryIo(stdin = '', files: Record<string, string> = FILES): KubectlIo {
  const norm = (p: string) =>
    p
      .replace(/^\.\//, '')
      .replace(/\/+$/, '')
      .replace(/[^/]+\/\.\.\//g, '');
  const isDir = (p: string) => Object.keys(files).some((f) => f.startsWith(`${norm(p)}/`));
  return {
    readFile: (p) => {
      const text = files[norm(p)];
      if (text === undefined) throw new Error(`ENOENT ${p}`);
      return text;
    },
    readDir: (p) => {
      const prefix = `${norm(p)}/`;
      const names = Object.keys(files)
        .filter((f) => f.startsWith(prefix))
        .map((f) => f.slice(prefix.length).split('/')[0] ?? '');
      return [...new Set(names)];
    },
    isDirectory: isDir,
    exists: (p) => files[norm(p)] !== undefined || isDir(p),
    stdin: () => stdin,
  };
}

/** Splits a command line like a shell would for these tables: spaces, and '...' quoting. */
export function splitArgv(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let inWord = false;
  let quoted = false;
  for (const ch of line) {
    if (quoted) {
      if (ch === "'") quoted = false;
      else current += ch;
    } else if (ch === "'") {
      quoted = true;
      inWord = true;
    } else if (ch === ' ') {
      if (inWord) out.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (inWord) out.push(current);
  return out;
}
