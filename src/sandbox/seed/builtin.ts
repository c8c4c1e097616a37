/**
 * The built-in seed cluster (SPEC §10), as the YAML a `--seed FILE` would hold: the same loader
 * reads both, so the file format is exercised on every start. Pods, ReplicaSets and most
 * Events are not listed: the controllers create them from the Deployments, with names derived
 * from hashes, so they are the same on every start.
 */
const NODE_INFO =
  '{ architecture: amd64, bootID: 6f1c1a52-7a3e-4c1e-9d55-1f0e2b3c4d01, ' +
  'containerRuntimeVersion: containerd://1.7.24, kernelVersion: 6.8.0-sandbox, ' +
  'kubeProxyVersion: v1.32.3, kubeletVersion: v1.32.3, machineID: 0d9c2f4e8a1b4c7d9e0f1a2b3c4d5e6f, ' +
  'operatingSystem: linux, osImage: Debian GNU/Linux 12 (bookworm), systemUUID: 0d9c2f4e-8a1b-4c7d-9e0f-1a2b3c4d5e6f }';

export const BUILTIN_SEED = `# iddio sandbox: built-in seed
apiVersion: v1
kind: Namespace
metadata: { name: default }
---
apiVersion: v1
kind: Namespace
metadata: { name: kube-system }
---
apiVersion: v1
kind: Namespace
metadata:
  name: payments
  labels: { team: payments, environment: production }
---
apiVersion: v1
kind: Namespace
metadata:
  name: staging
  labels: { team: web, environment: staging }
---
apiVersion: v1
kind: Node
metadata:
  name: sandbox-control-plane
  labels:
    kubernetes.io/hostname: sandbox-control-plane
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    node-role.kubernetes.io/control-plane: ""
spec:
  podCIDR: 10.244.0.0/24
  taints:
    - { key: node-role.kubernetes.io/control-plane, effect: NoSchedule }
status:
  capacity: { cpu: "4", memory: 8148228Ki, pods: "110", ephemeral-storage: 102626232Ki }
  allocatable: { cpu: "4", memory: 8148228Ki, pods: "110", ephemeral-storage: 102626232Ki }
  conditions:
    - { type: MemoryPressure, status: "False", reason: KubeletHasSufficientMemory, message: kubelet has sufficient memory available }
    - { type: DiskPressure, status: "False", reason: KubeletHasNoDiskPressure, message: kubelet has no disk pressure }
    - { type: PIDPressure, status: "False", reason: KubeletHasSufficientPID, message: kubelet has sufficient PID available }
    - { type: Ready, status: "True", reason: KubeletReady, message: kubelet is posting ready status }
  addresses:
    - { type: InternalIP, address: 172.18.0.2 }
    - { type: Hostname, address: sandbox-control-plane }
  nodeInfo: ${NODE_INFO}
---
apiVersion: v1
kind: Node
metadata:
  name: sandbox-worker
  labels: { kubernetes.io/hostname: sandbox-worker, kubernetes.io/os: linux, kubernetes.io/arch: amd64 }
spec: { podCIDR: 10.244.1.0/24 }
status:
  capacity: { cpu: "4", memory: 8148228Ki, pods: "110", ephemeral-storage: 102626232Ki }
  allocatable: { cpu: "4", memory: 8148228Ki, pods: "110", ephemeral-storage: 102626232Ki }
  conditions:
    - { type: MemoryPressure, status: "False", reason: KubeletHasSufficientMemory, message: kubelet has sufficient memory available }
    - { type: DiskPressure, status: "False", reason: KubeletHasNoDiskPressure, message: kubelet has no disk pressure }
    - { type: PIDPressure, status: "False", reason: KubeletHasSufficientPID, message: kubelet has sufficient PID available }
    - { type: Ready, status: "True", reason: KubeletReady, message: kubelet is posting ready status }
  addresses:
    - { type: InternalIP, address: 172.18.0.3 }
    - { type: Hostname, address: sandbox-worker }
  nodeInfo: ${NODE_INFO}
---
apiVersion: v1
kind: Node
metadata:
  name: sandbox-worker2
  labels: { kubernetes.io/hostname: sandbox-worker2, kubernetes.io/os: linux, kubernetes.io/arch: amd64 }
spec: { podCIDR: 10.244.2.0/24 }
status:
  capacity: { cpu: "4", memory: 8148228Ki, pods: "110", ephemeral-storage: 102626232Ki }
  allocatable: { cpu: "4", memory: 8148228Ki, pods: "110", ephemeral-storage: 102626232Ki }
  conditions:
    - { type: MemoryPressure, status: "False", reason: KubeletHasSufficientMemory, message: kubelet has sufficient memory available }
    - { type: DiskPressure, status: "False", reason: KubeletHasNoDiskPressure, message: kubelet has no disk pressure }
    - { type: PIDPressure, status: "False", reason: KubeletHasSufficientPID, message: kubelet has sufficient PID available }
    - { type: Ready, status: "True", reason: KubeletReady, message: kubelet is posting ready status }
  addresses:
    - { type: InternalIP, address: 172.18.0.4 }
    - { type: Hostname, address: sandbox-worker2 }
  nodeInfo: ${NODE_INFO}
---
apiVersion: v1
kind: Service
metadata:
  name: kubernetes
  namespace: default
  labels: { component: apiserver, provider: kubernetes }
spec:
  clusterIP: 10.96.0.1
  ports: [{ name: https, port: 443, protocol: TCP, targetPort: 6443 }]
---
apiVersion: v1
kind: Pod
metadata:
  name: toolbox
  namespace: default
  labels: { app: toolbox }
spec:
  containers:
    - { name: toolbox, image: "busybox:1.36", command: [sleep, infinity] }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
  labels: { k8s-app: kube-dns }
spec:
  replicas: 2
  selector: { matchLabels: { k8s-app: kube-dns } }
  template:
    metadata: { labels: { k8s-app: kube-dns } }
    spec:
      serviceAccountName: coredns
      containers:
        - name: coredns
          image: registry.k8s.io/coredns/coredns:v1.11.3
          args: [-conf, /etc/coredns/Corefile]
          ports:
            - { name: dns, containerPort: 53, protocol: UDP }
            - { name: dns-tcp, containerPort: 53, protocol: TCP }
            - { name: metrics, containerPort: 9153, protocol: TCP }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: coredns, namespace: kube-system }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: coredns, namespace: kube-system }
data:
  Corefile: |
    .:53 {
        errors
        health
        kubernetes cluster.local in-addr.arpa ip6.arpa
        forward . /etc/resolv.conf
        cache 30
    }
---
apiVersion: v1
kind: Service
metadata:
  name: kube-dns
  namespace: kube-system
  labels: { k8s-app: kube-dns, kubernetes.io/cluster-service: "true", kubernetes.io/name: CoreDNS }
spec:
  clusterIP: 10.96.0.10
  selector: { k8s-app: kube-dns }
  ports:
    - { name: dns, port: 53, protocol: UDP, targetPort: 53 }
    - { name: dns-tcp, port: 53, protocol: TCP, targetPort: 53 }
    - { name: metrics, port: 9153, protocol: TCP, targetPort: 9153 }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: payments
  labels: { app: api, tier: backend }
spec:
  replicas: 3
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api, tier: backend } }
    spec:
      serviceAccountName: api
      containers:
        - name: api
          image: ghcr.io/example/payments-api:1.4.2
          ports: [{ name: http, containerPort: 8080 }]
          env:
            - { name: LOG_LEVEL, value: info }
            - name: DB_PASSWORD
              valueFrom: { secretKeyRef: { name: api-credentials, key: DB_PASSWORD } }
          envFrom: [{ configMapRef: { name: api-config } }]
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { memory: 256Mi }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
  namespace: payments
  labels: { app: worker, tier: backend }
spec:
  replicas: 2
  selector: { matchLabels: { app: worker } }
  template:
    metadata:
      labels: { app: worker, tier: backend }
      annotations: { sandbox.iddio.dev/restarts: "1" }
    spec:
      serviceAccountName: worker
      containers:
        - name: worker
          image: ghcr.io/example/payments-worker:1.4.2
          args: [--queue, payments]
        - name: metrics
          image: prom/statsd-exporter:v0.27.1
          ports: [{ name: metrics, containerPort: 9102 }]
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: payments
  labels: { app: api }
spec:
  selector: { app: api }
  ports: [{ name: http, port: 80, targetPort: 8080 }]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: api-config
  namespace: payments
  labels: { app: api }
data:
  LOG_FORMAT: json
  PAYMENTS_PROVIDER: sandbox
---
apiVersion: v1
kind: Secret
metadata:
  name: api-credentials
  namespace: payments
  labels: { app: api }
type: Opaque
data:
  DB_PASSWORD: bm90LWEtcmVhbC1wYXNzd29yZA==
  API_KEY: c2FuZGJveC1rZXktMDAwMA==
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: api, namespace: payments }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: worker, namespace: payments }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: staging
  labels: { app: web }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: [{ containerPort: 80 }]
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: staging
  labels: { app: web }
spec:
  type: NodePort
  selector: { app: web }
  ports: [{ port: 80, targetPort: 80, nodePort: 30080 }]
---
apiVersion: v1
kind: ConfigMap
metadata: { name: web-config, namespace: staging }
data:
  nginx.conf: |
    server { listen 80; location / { root /usr/share/nginx/html; } }
---
apiVersion: v1
kind: Secret
metadata: { name: web-tls, namespace: staging }
type: kubernetes.io/tls
data:
  tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCnNhbmRib3gKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=
  tls.key: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCnNhbmRib3gKLS0tLS1FTkQgUFJJVkFURSBLRVktLS0tLQo=
---
apiVersion: v1
kind: Event
metadata: { name: sandbox-worker2.17f0a1b2c3d4e5f6, namespace: default }
involvedObject: { kind: Node, name: sandbox-worker2, uid: sandbox-worker2, apiVersion: v1 }
reason: ImageGCFailed
message: "failed to garbage collect required amount of images. Attempted to free 1048576 bytes, but only found 0 bytes eligible to free"
source: { component: kubelet, host: sandbox-worker2 }
type: Warning
count: 3
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations: { storageclass.kubernetes.io/is-default-class: "true" }
provisioner: rancher.io/local-path
reclaimPolicy: Delete
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: { name: system-cluster-critical }
value: 2000000000
description: Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: { name: system-node-critical }
value: 2000001000
description: Used for system critical pods that must not be moved from their current node.
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: cluster-admin, labels: { kubernetes.io/bootstrapping: rbac-defaults } }
rules:
  - { apiGroups: ["*"], resources: ["*"], verbs: ["*"] }
  - { nonResourceURLs: ["*"], verbs: ["*"] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: view, labels: { kubernetes.io/bootstrapping: rbac-defaults } }
rules:
  - { apiGroups: ["", apps, batch], resources: ["*"], verbs: [get, list, watch] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: sandbox-admin }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: User, apiGroup: rbac.authorization.k8s.io, name: sandbox-admin }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: sandbox-viewer }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ kind: User, apiGroup: rbac.authorization.k8s.io, name: sandbox-viewer }]
`;
