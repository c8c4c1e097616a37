/**
 * Kubeconfig files for the use-context differential test, written the way people and tools
 * write them (comments, flow maps, any key order) rather than the way kubectl writes them.
 */

const odd = `# Hand-edited; kubectl rewrites all of this.
current-context: one   # trailing comment
kind: Config
apiVersion: v1
contexts:
- name: two
  context: {cluster: c2, user: u2, namespace: "123"}
- context:
    cluster: c1
    user: u1
    namespace: 0755
  name: one
clusters:
- name: c2
  cluster:
    server: http://localhost:8080
    unknownField: 7
    Server: ignored-because-json-is-case-sensitive
- name: c1
  cluster:
    server: https://1.2.3.4:6443
    certificate-authority-data: "aGVsbG8g\\nd29ybGQK"
    insecure-skip-tls-verify: yes
    tls-server-name: ''
users:
- name: u2
  user:
    token: abc
    username: ""
- name: u1
  user: {}
preferences:
  colors: true
`;

const exec = `apiVersion: v1
kind: Config
preferences:
  extensions:
  - name: zz
    extension: {b: 2, a: [1, 2.5, "x", yes, 1e6, null, ~]}
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJzekNDQVZtZ0F3SUJBZ0lVUTJGMFlXeHZaeUJ2WmlCMFpYTjBjdz09Ci0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K
    server: https://34.1.2.3
    proxy-url: http://proxy:3128
    disable-compression: true
    extensions:
    - name: client.authentication.k8s.io/exec
      extension:
        audience: sts.googleapis.com
        nested: {list: [{k: v}], empty: {}, none: []}
    - name: aaa
  name: gke_project_europe-west1_prod
- cluster:
    server: https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com
    certificate-authority: ./ca.crt
  name: arn:aws:eks:eu-west-1:123456789012:cluster/prod
contexts:
- context:
    cluster: gke_project_europe-west1_prod
    user: gke_project_europe-west1_prod
    extensions:
    - name: minikube
      extension: {last-update: 'Tue, 21 Jan 2025 10:00:00 UTC', provider: minikube.sigs.k8s.io, version: v1.35.0}
  name: gke
- context:
    cluster: arn:aws:eks:eu-west-1:123456789012:cluster/prod
    user: arn:aws:eks:eu-west-1:123456789012:cluster/prod
    namespace: payments
  name: eks
current-context: eks
users:
- name: gke_project_europe-west1_prod
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: gke-gcloud-auth-plugin
      installHint: Install gke-gcloud-auth-plugin for use with kubectl by following
        https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin
      provideClusterInfo: true
- name: arn:aws:eks:eu-west-1:123456789012:cluster/prod
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      args: [--region, eu-west-1, eks, get-token, --cluster-name, prod, --output, json]
      command: aws
      env:
      - name: AWS_PROFILE
        value: prod
      - {name: EMPTY}
      interactiveMode: Never
- name: oidc
  user:
    auth-provider:
      name: oidc
      config: {client-id: kubernetes, idp-issuer-url: "https://issuer.example.com"}
    as: admin
    as-groups: [system:masters, "team: a"]
    as-user-extra: {scopes: [read, write], none: []}
- name: certs
  user:
    client-certificate-data: aGVsbG8=
    client-key-data: d29ybGQ=
    tokenFile: /var/run/secrets/token
    extensions: []
- name: old-exec
  user:
    exec: {command: legacy, args: [], env: []}
extensions:
- name: top
  extension: "just a string"
`;

const quoting = `apiVersion: v1
kind: Config
current-context: plain
clusters:
- name: "true"
  cluster: {server: "https://x:1"}
- name: "#hash"
  cluster: {server: "https://y:2 "}
contexts:
- name: plain
  context: {cluster: "true", user: "null"}
- name: "yes"
  context: {cluster: "#hash", user: "", namespace: "2024-01-02"}
- name: "prod: eu ✓"
  context: {cluster: "- dash", user: "a'b", namespace: "1:20"}
- name: "multi"
  context: {cluster: "line one\\nline two\\n", user: " lead"}
users:
- name: "null"
  user: {token: "0x1F"}
`;

const listA = `# first file: no current-context of its own
contexts:
- name: from-a
  context: {cluster: ca, user: ua}
clusters:
- name: ca
  cluster: {server: "https://a:6443"}
users:
- name: ua
  user: {token: ta}
`;

const listB = `apiVersion: v1
kind: Config
current-context: from-b
contexts:
- name: from-b
  context: {cluster: cb, user: ub}
- name: b-other
  context: {cluster: cb, user: ub, namespace: other}
clusters:
- name: cb
  cluster: {server: "https://b:6443"}
users:
- name: ub
  user: {token: tb}
`;

/** Files kubectl refuses to load, each with its own message. */
const malformed: Record<string, string> = {
  'a number where a list goes': 'clusters: 5\n',
  'YAML 1.1 true as a context cluster': 'contexts:\n- name: x\n  context: {cluster: yes}\n',
  'a bool as a context name': 'contexts:\n- name: y\n  context: {cluster: c}\n',
  'a number as current-context': 'current-context: 0755\ncontexts:\n- name: x\n',
  'a string as a bool': 'clusters:\n- name: x\n  cluster: {insecure-skip-tls-verify: "x"}\n',
  'a string where exec args go': 'users:\n- name: x\n  user: {exec: {args: "a"}}\n',
  'a number as exec': 'users:\n- name: x\n  user: {exec: 5}\n',
  'a number in as-user-extra': 'users:\n- name: x\n  user: {as-user-extra: {a: 5}}\n',
  'a number in auth-provider config':
    'users:\n- name: x\n  user: {auth-provider: {config: {a: 5}}}\n',
  'a number in a context list': 'contexts: [5]\n',
  'a number as an extension name': 'contexts:\n- name: x\n  context: {extensions: [{name: 5}]}\n',
  'base64 without padding':
    'clusters:\n- name: x\n  cluster: {certificate-authority-data: "YWJj"}\n',
  'base64 with short padding':
    'clusters:\n- name: x\n  cluster: {certificate-authority-data: "YWJjZA="}\n',
  'base64 with a bad character':
    'clusters:\n- name: x\n  cluster: {certificate-authority-data: "YW*jZA=="}\n',
  'a number as base64': 'clusters:\n- name: x\n  cluster: {certificate-authority-data: 5}\n',
  'a duplicate context': 'contexts:\n- name: x\n- name: x\n  context: {cluster: c, namespace: n}\n',
  'a duplicate cluster':
    'clusters:\n- name: c\n  cluster: {server: "https://a", certificate-authority-data: aGk=}\n- name: c\n  cluster: {insecure-skip-tls-verify: true}\ncontexts:\n- name: x\n',
  'a duplicate extension':
    'contexts:\n- name: x\n  context:\n    extensions:\n    - {name: e, extension: {a: 1}}\n    - {name: e, extension: 2}\n',
  'apiVersion v2': 'apiVersion: v2\ncontexts:\n- name: x\n',
  'kind Pod': 'kind: Pod\ncontexts:\n- name: x\n',
  'a number as apiVersion': 'apiVersion: 5\n',
  'a scalar document': 'foo\n',
  'a list document': '- a\n',
};

/** Plain scalars go-yaml (YAML 1.1) reads as strings although they look like something else. */
const STRING_SCALARS = [
  '1:20',
  '2001-12-14',
  '2001-12-14t21:59:43.10-05:00',
  '0b2',
  '+',
  '.',
  '._1',
  '1e',
  '--1',
  'yEs',
  'oN',
  'nuLL',
  'inf',
  'nan',
  'Infinity',
  '0x',
  '0_x',
  '_1',
  '=',
  '-x',
  'a#b',
  "'it''s'",
  '"a\\tb"',
  '|\n      literal\n',
  '>-\n      folded\n      text',
];

const scalars = `contexts:
${STRING_SCALARS.map((value, i) => `- name: c${i}\n  context:\n    namespace: ${value}\n`).join('')}`;

/** One context whose namespace is `value`, as written (plain unless quoted). */
const withNamespace = (value: string): string =>
  `contexts:\n- name: x\n  context:\n    namespace: ${value}\n`;

/** Plain scalars go-yaml reads as numbers, booleans or nulls, and YAML syntax errors. */
const nonStrings: Record<string, string> = Object.fromEntries(
  [
    '08',
    '0b101',
    '0o17',
    '0x1F',
    '1_000',
    '+.5',
    '-0',
    '0.',
    '0e0',
    '1.5e+3',
    '+1',
    'Yes',
    'ON',
    'y',
    'n',
    '.inf',
    '-.INF',
    '.NaN',
    '9223372036854775808',
    '0xFFFFFFFFFFFFFFFF',
    '-9223372036854775809',
    '18446744073709551616',
    'a: b',
    '%',
    '@x',
    '-',
    '*',
  ].map((value) => [`namespace ${value}`, withNamespace(value)]),
);

/** YAML and JSON corners of reading: [file, context to switch to]. */
const reading: Record<string, [string, string]> = {
  'CRLF line ends': [
    'apiVersion: v1\r\nkind: Config\r\ncontexts:\r\n- name: x\r\n  context: {cluster: c}\r\n',
    'x',
  ],
  'a byte-order mark': ['\uFEFFcontexts:\n- name: x\n  context: {cluster: c}\n', 'x'],
  'document markers': ['---\ncontexts:\n- name: x\n  context: {cluster: c}\n...\n', 'x'],
  'a broken second document (ignored)': [
    'contexts:\n- name: x\n  context: {cluster: c}\n---\nfoo: [\n',
    'x',
  ],
  'anchors, aliases and << merges': [
    'base: &b {cluster: c, user: u}\ncontexts:\n- name: x\n  context: *b\n- name: y\n  context:\n    <<: *b\n    namespace: n\n- name: z\n  context:\n    namespace: first\n    <<: [{namespace: m1, user: m1}, {namespace: m2, cluster: m2}]\n',
    'y',
  ],
  'long names folded at column 80': [
    'contexts:\n- name: "a very long context name with many words that goes well past the eighty column limit of go-yaml"\n  context: {cluster: "another very long cluster name with many words that goes well past the eighty column limit"}\n',
    'a very long context name with many words that goes well past the eighty column limit of go-yaml',
  ],
  'a repeated key (the last wins)': [
    'contexts:\n- name: x\n  name: y\n  context: {cluster: c}\n',
    'y',
  ],
  'number and bool keys': ['contexts:\n- name: x\n  context: {cluster: c, 5: a, true: b}\n', 'x'],
  'null entries and sections': [
    'clusters: ~\nusers: []\ncontexts:\n- name: x\n  context: ~\n-\n',
    'x',
  ],
  'a context with an empty name': ['contexts:\n- name: ""\n- name: x\n', 'x'],
  'only a comment': ['# nothing\n', 'x'],
  '!!str tags': ['contexts:\n- name: !!str 123\n  context: {cluster: !!str true}\n', '123'],
  'numbers in extensions': [
    'extensions:\n- name: e\n  extension: {f: 1.5, g: 1e-7, h: 123456789, i: -0.0, j: 1e21, k: 0.1}\ncontexts:\n- name: x\n',
    'x',
  ],
  'empty and null maps, lists and pointers': [
    'preferences: {colors: false, extensions: []}\nusers:\n- name: u\n  user: {auth-provider: {name: p, config: {}}, as-user-extra: {a: ~}, as-groups: []}\n- name: v\n  user: {exec: {}}\n- name: w\n  user: {exec: ~, auth-provider: ~}\ncontexts:\n- name: x\n',
    'x',
  ],
  'empty and null base64 data': [
    'clusters:\n- name: c\n  cluster: {certificate-authority-data: ""}\nusers:\n- name: u\n  user: {client-key-data: "", client-certificate-data: ~}\ncontexts:\n- name: x\n',
    'x',
  ],
  'a control character in the name': [
    'contexts:\n- name: "ctl\\x01"\n  context: {cluster: "é中", namespace: "\\U0001F600"}\n',
    'ctl\x01',
  ],
};

export const FIXTURES = {
  odd,
  exec,
  quoting,
  listA,
  listB,
  malformed,
  scalars,
  nonStrings,
  reading,
};
