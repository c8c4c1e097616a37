/**
 * The built-in resource types of Kubernetes 1.32 as `kubectl api-resources` lists them on a
 * default API server (GA groups, preferred versions). One line each:
 *   plural  Kind  group/version (core: v1)  scope (ns|cluster)  short names (comma list or -)
 * Singular names are the lowercased Kind, as discovery reports them. Categories (`all`,
 * `api-extensions`) are expanded by resources.ts.
 */
export const BUILTIN_RESOURCES = `
bindings Binding v1 ns -
componentstatuses ComponentStatus v1 cluster cs
configmaps ConfigMap v1 ns cm
endpoints Endpoints v1 ns ep
events Event v1 ns ev
limitranges LimitRange v1 ns limits
namespaces Namespace v1 cluster ns
nodes Node v1 cluster no
persistentvolumeclaims PersistentVolumeClaim v1 ns pvc
persistentvolumes PersistentVolume v1 cluster pv
pods Pod v1 ns po
podtemplates PodTemplate v1 ns -
replicationcontrollers ReplicationController v1 ns rc
resourcequotas ResourceQuota v1 ns quota
secrets Secret v1 ns -
serviceaccounts ServiceAccount v1 ns sa
services Service v1 ns svc
mutatingwebhookconfigurations MutatingWebhookConfiguration admissionregistration.k8s.io/v1 cluster -
validatingadmissionpolicies ValidatingAdmissionPolicy admissionregistration.k8s.io/v1 cluster -
validatingadmissionpolicybindings ValidatingAdmissionPolicyBinding admissionregistration.k8s.io/v1 cluster -
validatingwebhookconfigurations ValidatingWebhookConfiguration admissionregistration.k8s.io/v1 cluster -
customresourcedefinitions CustomResourceDefinition apiextensions.k8s.io/v1 cluster crd,crds
apiservices APIService apiregistration.k8s.io/v1 cluster -
controllerrevisions ControllerRevision apps/v1 ns -
daemonsets DaemonSet apps/v1 ns ds
deployments Deployment apps/v1 ns deploy
replicasets ReplicaSet apps/v1 ns rs
statefulsets StatefulSet apps/v1 ns sts
selfsubjectreviews SelfSubjectReview authentication.k8s.io/v1 cluster -
tokenreviews TokenReview authentication.k8s.io/v1 cluster -
localsubjectaccessreviews LocalSubjectAccessReview authorization.k8s.io/v1 ns -
selfsubjectaccessreviews SelfSubjectAccessReview authorization.k8s.io/v1 cluster -
selfsubjectrulesreviews SelfSubjectRulesReview authorization.k8s.io/v1 cluster -
subjectaccessreviews SubjectAccessReview authorization.k8s.io/v1 cluster -
horizontalpodautoscalers HorizontalPodAutoscaler autoscaling/v2 ns hpa
cronjobs CronJob batch/v1 ns cj
jobs Job batch/v1 ns -
certificatesigningrequests CertificateSigningRequest certificates.k8s.io/v1 cluster csr
leases Lease coordination.k8s.io/v1 ns -
endpointslices EndpointSlice discovery.k8s.io/v1 ns -
events Event events.k8s.io/v1 ns ev
flowschemas FlowSchema flowcontrol.apiserver.k8s.io/v1 cluster -
prioritylevelconfigurations PriorityLevelConfiguration flowcontrol.apiserver.k8s.io/v1 cluster -
ingressclasses IngressClass networking.k8s.io/v1 cluster -
ingresses Ingress networking.k8s.io/v1 ns ing
networkpolicies NetworkPolicy networking.k8s.io/v1 ns netpol
runtimeclasses RuntimeClass node.k8s.io/v1 cluster -
poddisruptionbudgets PodDisruptionBudget policy/v1 ns pdb
clusterrolebindings ClusterRoleBinding rbac.authorization.k8s.io/v1 cluster -
clusterroles ClusterRole rbac.authorization.k8s.io/v1 cluster -
rolebindings RoleBinding rbac.authorization.k8s.io/v1 ns -
roles Role rbac.authorization.k8s.io/v1 ns -
priorityclasses PriorityClass scheduling.k8s.io/v1 cluster pc
csidrivers CSIDriver storage.k8s.io/v1 cluster -
csinodes CSINode storage.k8s.io/v1 cluster -
csistoragecapacities CSIStorageCapacity storage.k8s.io/v1 ns -
storageclasses StorageClass storage.k8s.io/v1 cluster sc
volumeattachments VolumeAttachment storage.k8s.io/v1 cluster -
`;

/** Other served versions a manifest or a `type.version.group` may name. */
export const EXTRA_VERSIONS: Readonly<Record<string, readonly string[]>> = {
  autoscaling: ['v1', 'v2'],
  'flowcontrol.apiserver.k8s.io': ['v1', 'v1beta3'],
};

/** kubectl's resource categories (the `categories` column of api-resources). */
export const CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  all: [
    'pods',
    'replicationcontrollers',
    'services',
    'daemonsets',
    'deployments',
    'replicasets',
    'statefulsets',
    'horizontalpodautoscalers',
    'cronjobs',
    'jobs',
  ],
  'api-extensions': [
    'mutatingwebhookconfigurations',
    'validatingadmissionpolicies',
    'validatingadmissionpolicybindings',
    'validatingwebhookconfigurations',
    'customresourcedefinitions',
    'apiservices',
  ],
};
