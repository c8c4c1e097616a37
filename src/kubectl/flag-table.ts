/**
 * kubectl v1.32.3's flags, read from the real binary's `--help` and `kubectl options` (and its
 * optional-value flags probed one by one), so parsing needs no network and no kubectl.
 * test/kubectl/flag-table.test.ts re-reads the binary and fails if this table drifts.
 *
 * Each command maps to space-separated tokens `[short.]long[=|=?]`:
 *   `A.all-namespaces`  boolean (`-A`, `--all-namespaces`, `--all-namespaces=false`)
 *   `n.namespace=`      takes a value (`-n x`, `-nx`, `-n=x`, `--namespace x`, `--namespace=x`)
 *   `dry-run=?`         optional value (pflag NoOptDefVal): `--dry-run` alone, or `--dry-run=server`
 *   `tail=i64`          a value of a Go type pflag checks while parsing, so a bad one is a usage
 *                       error worded as pflag words it: i64/i32 (strconv.ParseInt, base 0, 64/32
 *                       bits), dur (time.ParseDuration), gdur (a Go flag-package duration)
 * `-h/--help` belongs to every command and is not listed.
 */
export const GLOBAL_FLAGS =
  'as= as-group= as-uid= cache-dir= certificate-authority= client-certificate= client-key= cluster= context= disable-compression insecure-skip-tls-verify kubeconfig= log-flush-frequency=gdur match-server-version n.namespace= password= profile= profile-output= request-timeout= s.server= tls-server-name= token= user= username= v.v=i32 vmodule= warnings-as-errors';
export const COMMAND_FLAGS: Readonly<Record<string, string>> = {
  options: '',
  help: '',
  create:
    'allow-missing-template-keys dry-run=? edit field-manager= f.filename= k.kustomize= o.output= raw= R.recursive save-config l.selector= show-managed-fields template= validate=? windows-line-endings',
  'create clusterrole':
    'aggregation-rule= allow-missing-template-keys dry-run=? field-manager= non-resource-url= o.output= resource= resource-name= save-config show-managed-fields template= validate=? verb=',
  'create clusterrolebinding':
    'allow-missing-template-keys clusterrole= dry-run=? field-manager= group= o.output= save-config serviceaccount= show-managed-fields template= user= validate=?',
  'create configmap':
    'allow-missing-template-keys append-hash dry-run=? field-manager= from-env-file= from-file= from-literal= o.output= save-config show-managed-fields template= validate=?',
  'create cronjob':
    'allow-missing-template-keys dry-run=? field-manager= image= o.output= restart= save-config schedule= show-managed-fields template= validate=?',
  'create deployment':
    'allow-missing-template-keys dry-run=? field-manager= image= o.output= port=i32 r.replicas=i32 save-config show-managed-fields template= validate=?',
  'create ingress':
    'allow-missing-template-keys annotation= class= default-backend= dry-run=? field-manager= o.output= rule= save-config show-managed-fields template= validate=?',
  'create job':
    'allow-missing-template-keys dry-run=? field-manager= from= image= o.output= save-config show-managed-fields template= validate=?',
  'create namespace':
    'allow-missing-template-keys dry-run=? field-manager= o.output= save-config show-managed-fields template= validate=?',
  'create poddisruptionbudget':
    'allow-missing-template-keys dry-run=? field-manager= max-unavailable= min-available= o.output= save-config selector= show-managed-fields template= validate=?',
  'create priorityclass':
    'allow-missing-template-keys description= dry-run=? field-manager= global-default o.output= preemption-policy= save-config show-managed-fields template= validate=? value=i32',
  'create quota':
    'allow-missing-template-keys dry-run=? field-manager= hard= o.output= save-config scopes= show-managed-fields template= validate=?',
  'create role':
    'allow-missing-template-keys dry-run=? field-manager= o.output= resource= resource-name= save-config show-managed-fields template= validate=? verb=',
  'create rolebinding':
    'allow-missing-template-keys clusterrole= dry-run=? field-manager= group= o.output= role= save-config serviceaccount= show-managed-fields template= user= validate=?',
  'create secret': '',
  'create secret docker-registry':
    'allow-missing-template-keys append-hash docker-email= docker-password= docker-server= docker-username= dry-run=? field-manager= from-file= o.output= save-config show-managed-fields template= validate=?',
  'create secret generic':
    'allow-missing-template-keys append-hash dry-run=? field-manager= from-env-file= from-file= from-literal= o.output= save-config show-managed-fields template= type= validate=?',
  'create secret tls':
    'allow-missing-template-keys append-hash cert= dry-run=? field-manager= key= o.output= save-config show-managed-fields template= validate=?',
  'create service': '',
  'create service clusterip':
    'allow-missing-template-keys clusterip= dry-run=? field-manager= o.output= save-config show-managed-fields tcp= template= validate=?',
  'create service externalname':
    'allow-missing-template-keys dry-run=? external-name= field-manager= o.output= save-config show-managed-fields tcp= template= validate=?',
  'create service loadbalancer':
    'allow-missing-template-keys dry-run=? field-manager= o.output= save-config show-managed-fields tcp= template= validate=?',
  'create service nodeport':
    'allow-missing-template-keys dry-run=? field-manager= node-port=i64 o.output= save-config show-managed-fields tcp= template= validate=?',
  'create serviceaccount':
    'allow-missing-template-keys dry-run=? field-manager= o.output= save-config show-managed-fields template= validate=?',
  'create token':
    'allow-missing-template-keys audience= bound-object-kind= bound-object-name= bound-object-uid= duration=dur o.output= show-managed-fields template=',
  expose:
    'allow-missing-template-keys cluster-ip= dry-run=? external-ip= field-manager= f.filename= k.kustomize= l.labels= load-balancer-ip= name= o.output= override-type= overrides= port= protocol= R.recursive save-config selector= session-affinity= show-managed-fields target-port= template= type=',
  run: 'allow-missing-template-keys annotations= attach cascade=? command dry-run=? env= expose field-manager= f.filename= force grace-period=i64 image= image-pull-policy= k.kustomize= l.labels= leave-stdin-open o.output= override-type= overrides= pod-running-timeout=dur port= privileged q.quiet R.recursive restart= rm save-config show-managed-fields i.stdin template= timeout=dur t.tty wait',
  set: '',
  'set env':
    'all allow-missing-template-keys c.containers= dry-run=? e.env= field-manager= f.filename= from= keys= k.kustomize= list local o.output= overwrite prefix= R.recursive resolve l.selector= show-managed-fields template=',
  'set image':
    'all allow-missing-template-keys dry-run=? field-manager= f.filename= k.kustomize= local o.output= R.recursive l.selector= show-managed-fields template=',
  'set resources':
    'all allow-missing-template-keys c.containers= dry-run=? field-manager= f.filename= k.kustomize= limits= local o.output= R.recursive requests= l.selector= show-managed-fields template=',
  'set selector':
    'all allow-missing-template-keys dry-run=? field-manager= f.filename= local o.output= R.recursive resource-version= show-managed-fields template=',
  'set serviceaccount':
    'all allow-missing-template-keys dry-run=? field-manager= f.filename= k.kustomize= local o.output= R.recursive show-managed-fields template=',
  'set subject':
    'all allow-missing-template-keys dry-run=? field-manager= f.filename= group= k.kustomize= local o.output= R.recursive l.selector= serviceaccount= show-managed-fields template= user=',
  explain: 'api-version= o.output= recursive',
  get: 'A.all-namespaces allow-missing-template-keys chunk-size=i64 field-selector= f.filename= ignore-not-found k.kustomize= L.label-columns= no-headers o.output= output-watch-events raw= R.recursive l.selector= server-print show-kind show-labels show-managed-fields sort-by= subresource= template= w.watch watch-only',
  edit: 'allow-missing-template-keys field-manager= f.filename= k.kustomize= o.output= output-patch R.recursive save-config show-managed-fields subresource= template= validate=? windows-line-endings',
  delete:
    'all A.all-namespaces cascade=? dry-run=? field-selector= f.filename= force grace-period=i64 ignore-not-found i.interactive k.kustomize= now o.output= raw= R.recursive l.selector= timeout=dur wait',
  rollout: '',
  'rollout history':
    'allow-missing-template-keys f.filename= k.kustomize= o.output= R.recursive revision=i64 l.selector= show-managed-fields template=',
  'rollout pause':
    'allow-missing-template-keys field-manager= f.filename= k.kustomize= o.output= R.recursive l.selector= show-managed-fields template=',
  'rollout restart':
    'allow-missing-template-keys field-manager= f.filename= k.kustomize= o.output= R.recursive l.selector= show-managed-fields template=',
  'rollout resume':
    'allow-missing-template-keys field-manager= f.filename= k.kustomize= o.output= R.recursive l.selector= show-managed-fields template=',
  'rollout status':
    'f.filename= k.kustomize= R.recursive revision=i64 l.selector= timeout=dur w.watch',
  'rollout undo':
    'allow-missing-template-keys dry-run=? f.filename= k.kustomize= o.output= R.recursive l.selector= show-managed-fields template= to-revision=i64',
  scale:
    'all allow-missing-template-keys current-replicas=i64 dry-run=? f.filename= k.kustomize= o.output= R.recursive replicas=i64 resource-version= l.selector= show-managed-fields template= timeout=dur',
  autoscale:
    'allow-missing-template-keys cpu-percent=i32 dry-run=? field-manager= f.filename= k.kustomize= max=i32 min=i32 name= o.output= R.recursive save-config show-managed-fields template=',
  certificate: '',
  'certificate approve':
    'allow-missing-template-keys f.filename= force k.kustomize= o.output= R.recursive show-managed-fields template=',
  'certificate deny':
    'allow-missing-template-keys f.filename= force k.kustomize= o.output= R.recursive show-managed-fields template=',
  'cluster-info': '',
  'cluster-info dump':
    'A.all-namespaces allow-missing-template-keys namespaces= o.output= output-directory= pod-running-timeout=dur show-managed-fields template=',
  top: '',
  'top node': 'no-headers l.selector= show-capacity sort-by= use-protocol-buffers',
  'top pod':
    'A.all-namespaces containers field-selector= no-headers l.selector= sort-by= sum use-protocol-buffers',
  cordon: 'dry-run=? l.selector=',
  uncordon: 'dry-run=? l.selector=',
  drain:
    'chunk-size=i64 delete-emptydir-data disable-eviction dry-run=? force grace-period=i64 ignore-daemonsets pod-selector= l.selector= skip-wait-for-delete-timeout=i64 timeout=dur',
  taint:
    'all allow-missing-template-keys dry-run=? field-manager= o.output= overwrite l.selector= show-managed-fields template= validate=?',
  describe:
    'A.all-namespaces chunk-size=i64 f.filename= k.kustomize= R.recursive l.selector= show-events',
  logs: 'all-containers all-pods c.container= f.follow ignore-errors insecure-skip-tls-verify-backend limit-bytes=i64 max-log-requests=i64 pod-running-timeout=dur prefix p.previous l.selector= since=dur since-time= tail=i64 timestamps',
  attach: 'c.container= pod-running-timeout=dur q.quiet i.stdin t.tty',
  exec: 'c.container= f.filename= pod-running-timeout=dur q.quiet i.stdin t.tty',
  'port-forward': 'address= pod-running-timeout=dur',
  proxy:
    'accept-hosts= accept-paths= address= api-prefix= append-server-path disable-filter keepalive=dur p.port=i64 reject-methods= reject-paths= u.unix-socket= w.www= P.www-prefix=',
  cp: 'c.container= no-preserve retries=i64',
  auth: '',
  'auth can-i': 'A.all-namespaces list no-headers q.quiet subresource=',
  'auth reconcile':
    'allow-missing-template-keys dry-run=? f.filename= k.kustomize= o.output= R.recursive remove-extra-permissions remove-extra-subjects show-managed-fields template=',
  'auth whoami': 'allow-missing-template-keys o.output= show-managed-fields template=',
  debug:
    'arguments-only attach c.container= copy-to= custom= env= f.filename= image= image-pull-policy= keep-annotations keep-init-containers keep-labels keep-liveness keep-readiness keep-startup profile= q.quiet replace same-node set-image= share-processes i.stdin target= t.tty',
  events:
    'A.all-namespaces allow-missing-template-keys chunk-size=i64 for= no-headers o.output= show-managed-fields template= types= w.watch',
  diff: 'concurrency=i64 field-manager= f.filename= force-conflicts k.kustomize= prune prune-allowlist= R.recursive l.selector= server-side show-managed-fields',
  apply:
    'all allow-missing-template-keys cascade=? dry-run=? field-manager= f.filename= force force-conflicts grace-period=i64 k.kustomize= openapi-patch o.output= overwrite prune prune-allowlist= R.recursive l.selector= server-side show-managed-fields subresource= template= timeout=dur validate=? wait',
  'apply edit-last-applied':
    'allow-missing-template-keys field-manager= f.filename= k.kustomize= o.output= R.recursive show-managed-fields template= validate=? windows-line-endings',
  'apply set-last-applied':
    'allow-missing-template-keys create-annotation dry-run=? f.filename= o.output= show-managed-fields template=',
  'apply view-last-applied': 'all f.filename= k.kustomize= o.output= R.recursive l.selector=',
  patch:
    'allow-missing-template-keys dry-run=? field-manager= f.filename= k.kustomize= local o.output= p.patch= patch-file= R.recursive show-managed-fields subresource= template= type=',
  replace:
    'allow-missing-template-keys cascade=? dry-run=? field-manager= f.filename= force grace-period=i64 k.kustomize= o.output= raw= R.recursive save-config show-managed-fields subresource= template= timeout=dur validate=? wait',
  wait: 'all A.all-namespaces allow-missing-template-keys field-selector= f.filename= for= local o.output= R.recursive l.selector= show-managed-fields template= timeout=dur',
  kustomize:
    'as-current-user enable-alpha-plugins enable-helm e.env= helm-api-versions= helm-command= helm-debug helm-kube-version= load-restrictor= mount= network network-name= o.output=',
  label:
    'all A.all-namespaces allow-missing-template-keys dry-run=? field-manager= field-selector= f.filename= k.kustomize= list local o.output= overwrite R.recursive resource-version= l.selector= show-managed-fields template=',
  annotate:
    'all A.all-namespaces allow-missing-template-keys dry-run=? field-manager= field-selector= f.filename= k.kustomize= list local o.output= overwrite R.recursive resource-version= l.selector= show-managed-fields template=',
  completion: '',
  'api-resources': 'api-group= cached categories= namespaced no-headers o.output= sort-by= verbs=',
  'api-versions': '',
  config: '',
  'config current-context': '',
  'config delete-cluster': '',
  'config delete-context': '',
  'config delete-user': '',
  'config get-clusters': '',
  'config get-contexts': 'no-headers o.output=',
  'config get-users': '',
  'config rename-context': '',
  'config set': 'set-raw-bytes',
  'config set-cluster':
    'certificate-authority= embed-certs insecure-skip-tls-verify proxy-url= server= tls-server-name=',
  'config set-context': 'cluster= current namespace= user=',
  'config set-credentials':
    'auth-provider= auth-provider-arg= client-certificate= client-key= embed-certs exec-api-version= exec-arg= exec-command= exec-env= exec-interactive-mode= exec-provide-cluster-info password= token= username=',
  'config unset': '',
  'config use-context': '',
  'config view':
    'allow-missing-template-keys flatten merge minify o.output= raw show-managed-fields template=',
  plugin: '',
  'plugin list': 'name-only',
  version: 'client o.output=',
};
