/**
 * The classification table: argv → expected tier and rule. One case per line:
 *   T<tier> <rule-id> | <kubectl argv>            (a leading `kubectl` is not written)
 *   usage             | <kubectl argv>            (kubectl would refuse it: UsageError, exit 2)
 * A trailing `<< FILE` feeds FILE (from memory-io.ts) to stdin. Expected values come from
 * SPEC §4, not from running the classifier.
 */
import { splitArgv } from './memory-io.js';

export const CASES = `
# ---- T0 observe: reads that reveal no credentials ----
T0 observe | get pods
T0 observe | get po
T0 observe | get pod
T0 observe | get Pod
T0 observe | get PODS
T0 observe | get pod/api-1
T0 observe | get pods api-1 api-2
T0 observe | get pods -n payments
T0 observe | get pods --namespace=payments
T0 observe | get pods --namespace payments
T0 observe | get pods -npayments
T0 observe | get pods -n=payments
T0 observe | -n payments get pods
T0 observe | get pods -A
T0 observe | get pods --all-namespaces
T0 observe | get pods --all-namespaces=true
T0 observe | get deploy,svc,cm
T0 observe | get deployments.apps
T0 observe | get deployments.v1.apps
T0 observe | get deploy.apps/api
T0 observe | get Deployment.v1.apps/api
T0 observe | get all
T0 observe | get all -A
T0 observe | get nodes
T0 observe | get no
T0 observe | get ns
T0 observe | get namespaces
T0 observe | get pv
T0 observe | get pvc -A
T0 observe | get sa
T0 observe | get ep
T0 observe | get ev
T0 observe | get events.events.k8s.io
T0 observe | get ing
T0 observe | get netpol
T0 observe | get hpa
T0 observe | get horizontalpodautoscalers.v1.autoscaling
T0 observe | get cj
T0 observe | get jobs.batch
T0 observe | get ds
T0 observe | get sts
T0 observe | get rs
T0 observe | get rc
T0 observe | get crd
T0 observe | get crds
T0 observe | get roles
T0 observe | get clusterroles
T0 observe | get rolebindings -A
T0 observe | get clusterrolebindings -o wide
T0 observe | get csr
T0 observe | get pc
T0 observe | get sc
T0 observe | get pdb
T0 observe | get quota
T0 observe | get limits
T0 observe | get leases -n kube-node-lease
T0 observe | get endpointslices
T0 observe | get validatingwebhookconfigurations
T0 observe | get mutatingwebhookconfigurations
T0 observe | get apiservices
T0 observe | get cs
T0 observe | get pods -w
T0 observe | get pods --watch-only
T0 observe | get pods -o yaml
T0 observe | get pods -ojson
T0 observe | get pods -o=jsonpath={.items[*].metadata.name}
T0 observe | get pods -l app=api
T0 observe | get pods --selector=app=api
T0 observe | get pods --field-selector=status.phase=Running
T0 observe | get pods --show-labels --sort-by=.metadata.name
T0 observe | get pods --chunk-size=10 --no-headers
T0 observe | get pods -Aw
T0 observe | get pods -n kube-system
T0 observe | get deploy -n kube-system -o yaml
T0 observe | get -f deploy.yaml
T0 observe | get -f app
T0 observe | get pods --help
T0 observe | describe pods
T0 observe | describe pod api-1
T0 observe | describe nodes
T0 observe | describe deploy/api -n payments
T0 observe | logs api-1
T0 observe | logs api-1 -c app
T0 observe | logs -f api-1
T0 observe | logs deploy/api
T0 observe | logs -l app=api --all-containers
T0 observe | logs api-1 --previous --tail=10
T0 observe | logs -n kube-system coredns-1
T0 observe | top pods
T0 observe | top pod api-1
T0 observe | top nodes
T0 observe | top node
T0 observe | top no
T0 observe | top po -A
T0 observe | events
T0 observe | events -n payments
T0 observe | events --for pod/api-1
T0 observe | explain pods
T0 observe | explain pods.spec.containers
T0 observe | explain deployment --recursive
T0 observe | explain secrets
T0 observe | api-resources
T0 observe | api-resources --namespaced=true -o wide
T0 observe | api-versions
T0 observe | version
T0 observe | version --client
T0 observe | version -o json
T0 observe | cluster-info
T0 observe | cluster-info dump
T0 observe | auth can-i get pods
T0 observe | auth can-i '*' '*'
T0 observe | auth can-i create deployments -n payments
T0 observe | auth can-i --list
T0 observe | auth whoami
T0 observe | auth whoami -o json
T0 observe | config view
T0 observe | config view --minify
T0 observe | config view --raw=false
T0 observe | config view -o jsonpath={.contexts}
T0 observe | config get-contexts
T0 observe | config current-context
T0 observe | config get-clusters
T0 observe | config get-users
T0 observe | diff -f deploy.yaml
T0 observe | diff -f app -R
T0 observe | wait --for=condition=Ready pod/api-1
T0 observe | wait --for=delete pod/api-1 --timeout=60s
T0 observe | rollout status deploy/api
T0 observe | rollout history deploy/api
T0 observe | rollout history deploy/api --revision=2
T0 observe | apply view-last-applied deploy/api
T0 observe | kustomize ./overlays/prod
T0 observe | get --raw /healthz
T0 observe | get --raw /readyz?verbose
T0 observe | get --raw /livez/etcd
T0 observe | get --raw /version
T0 observe | get --raw /metrics
T0 observe | get --raw /api
T0 observe | get --raw /apis
T0 observe | get --raw /apis/apps/v1
T0 observe | get --raw /openapi/v3
T0 observe | get --raw /openapi/v2
T0 observe | get --raw /api/v1/namespaces/payments/pods
T0 observe | get --raw /api/v1/nodes
T0 observe | get --raw=/apis/apps/v1/namespaces/payments/deployments/api
T0 observe | get --raw /api/v1/namespaces/payments/pods/api-1/log
T0 observe | --kubeconfig=/tmp/kc get pods
T0 observe | --context prod get pods
T0 observe | --cluster c1 --user u1 get pods
T0 observe | -v=9 get pods
T0 observe | --v 6 get pods
T0 observe | get pods --request-timeout=5s
T0 observe | get pods --insecure-skip-tls-verify=false
T0 observe | get pods --as=
T0 observe | get pods --token=
T0 observe | logs api-1 --insecure-skip-tls-verify-backend
T0 observe | get -- pods
T0 observe | label pods api-1 --list
T0 observe | annotate deploy/api --list
T2 modify | label pods api-1 --list tier=web

# ---- help and local commands ----
T0 local-help |
T0 local-help | --help
T0 local-help | -h
T0 local-help | completion bash
T0 local-help | options
T0 local-help | help
T0 local-help | plugin list
T0 local-help | rollout
T0 local-help | set
T0 local-help | config
T0 local-help | -- delete pod x

# ---- T3 sensitive: secret reads ----
T3 secret-read | get secrets
T3 secret-read | get secret db-creds
T3 secret-read | get secret/db-creds
T3 secret-read | get secrets -A
T3 secret-read | get Secret db-creds
T3 secret-read | get SECRETS
T3 secret-read | get SeCrEtS
T3 secret-read | get secrets.v1.
T3 secret-read | get secrets.
T3 secret-read | get po,secrets
T3 secret-read | get configmaps,SECRETS -n payments
T3 secret-read | get deploy,secret -n payments
T3 secret-read | get pod/api-1 secret/db-creds
T3 secret-read | get secrets -w
T3 secret-read | get secrets -o yaml
T3 secret-read | get secrets -o name
T3 secret-read | get secrets -o jsonpath={.items[*].data}
T3 secret-read | describe secrets
T3 secret-read | describe secret db-creds
T3 secret-read | get --raw /api/v1/namespaces/payments/secrets/db-creds
T3 secret-read | get --raw /api/v1/secrets
T3 secret-read | get --raw /api/v1/watch/secrets
T3 secret-read | apply view-last-applied secret db-creds
T3 secret-read | get -f secret.yaml
T3 secret-read | diff -f secret.yaml
T3 secret-read | get -- secrets
T3 secret-read | --kubeconfig /tmp/kc get secrets
T3 secret-read | -n payments get secret x -o yaml
T3 secret-read | wait --for=jsonpath={.data.password}=x secret/db-creds
T3 secret-reveal | replace -f secret.yaml -o yaml
T3 secret-reveal | label secret x a=b --dry-run=server -o yaml
T3 secret-reveal | edit secret db-creds
T3 secret-reveal | apply edit-last-applied secret db-creds
T3 secret-reveal | create secret generic x --from-literal=k=v -o yaml
T3 secret-reveal | patch secret x -p '{"data":{}}' -o json

# ---- T3 sensitive: deletes of named namespaced objects ----
T3 delete | delete pod api-1
T3 delete | delete pods api-1 api-2 -n payments
T3 delete | delete pod/api-1
T3 delete | delete deploy api
T3 delete | delete deployment.apps/api
T3 delete | delete -f deploy.yaml
T3 delete | delete -f cmlist.yaml --dry-run=client
T3 delete | delete pod api-1 --grace-period=0 --force
T3 delete | delete pod api-1 --wait=false --now
T3 delete | delete pod api-1 --cascade=orphan
T3 delete | delete pod api-1 --cascade
T3 delete | delete secret db-creds
T3 delete | delete configmap x --dry-run=client
T3 delete | delete configmap x --dry-run=server
T3 delete | delete configmap x --dry-run
T3 delete | delete pod api-1 --ignore-not-found
T3 delete | delete svc,deploy api
T3 delete | delete -- pods -A
T3 delete | -n default -n payments delete pod x
T3 delete | -n kube-system -n default delete pod x
T3 delete | delete pod x -n payments
T3 delete | -n -- delete pod x

# ---- T3 sensitive: evictions, node scheduling, raw kubeconfig ----
T3 eviction | create -f eviction.yaml
T3 node-scheduling | drain node-1
T3 node-scheduling | drain node-1 --ignore-daemonsets --delete-emptydir-data --force
T3 node-scheduling | drain -l pool=spot
T3 node-scheduling | cordon node-1
T3 node-scheduling | cordon node/node-1
T3 node-scheduling | uncordon node-1
T3 node-scheduling | taint nodes node-1 dedicated=gpu:NoSchedule
T3 node-scheduling | taint node node-1 dedicated:NoSchedule-
T3 node-scheduling | taint node/node-1 dedicated=gpu:NoSchedule
T3 node-scheduling | taint nodes -l pool=spot spot=true:NoSchedule
T3 kubeconfig-raw | config view --raw
T3 kubeconfig-raw | config view --raw=true
T3 kubeconfig-raw | config view --flatten
T3 kubeconfig-raw | config view --flatten=true --minify
T3 kustomize-load-anywhere | kustomize ./overlays --load-restrictor=LoadRestrictionsNone
T2 local-file-write | get pods --profile=cpu
T2 local-file-write | get pods --profile-output=/tmp/x.pprof
T2 local-file-write | cluster-info dump --output-directory=/tmp/dump
T4 kustomize-programs | kustomize ./overlays --enable-helm
T4 kustomize-programs | kustomize ./overlays --helm-command=/bin/sh
T4 kustomize-programs | kustomize ./overlays --enable-alpha-plugins
T4 kustomize-programs | kustomize ./overlays --mount=type=bind,src=/,dst=/host
T3 kubeconfig-raw | config view --flatten --raw
T3 replace-force | replace --force -f deploy.yaml

# ---- T2 modify: creates and updates ----
T2 modify | create -f deploy.yaml
T2 modify | create -f cm.json
T2 modify | create -f cmlist.yaml
T2 modify | create -f deploy.yaml -f cm.json
T2 modify | create -f deploy.yaml,cm.json
T2 modify | create -f hpa-v1.yaml
T2 modify | create -f payments-cm.yaml
T2 modify | create -f empty.yaml
T2 modify | create deployment api --image=nginx
T2 modify | create deploy api --image=nginx -n payments
T2 modify | create cm settings --from-literal=a=b
T2 modify | create configmap settings
T2 modify | create secret generic x --from-literal=k=v
T2 modify | create secret tls x --cert=a.crt --key=a.key
T2 modify | create secret docker-registry x --docker-server=s --docker-password=p
T2 modify | create service clusterip api --tcp=80:8080
T2 modify | create svc nodeport api --tcp=80
T2 modify | create job once --image=busybox
T2 modify | create job once --from=cronjob/nightly
T2 modify | create cronjob nightly --image=busybox --schedule='*/5 * * * *'
T2 modify | create cj nightly --image=busybox --schedule='0 0 * * *'
T2 modify | create ingress web --rule=example.com/=web:80
T2 modify | create pdb api --selector=app=api --min-available=1
T2 modify | create quota q --hard=pods=10
T2 modify | create resourcequota q --hard=pods=10
T2 modify | create sa builder
T2 modify | create serviceaccount builder
T2 modify | create priorityclass high --value=1000
T2 modify | apply -f deploy.yaml
T2 modify | apply -f deploy.yaml -n payments
T2 modify | apply -f deploy.yaml --server-side --force-conflicts
T2 modify | apply -f deploy.yaml --dry-run=server
T2 modify | apply --filename=deploy.yaml
T2 modify | apply -f app
T2 modify | apply -k kust2
T2 modify | apply --kustomize=kust2
T2 modify | replace -f deploy.yaml
T2 modify | patch deploy api -p '{"spec":{"replicas":2}}'
T2 modify | patch deploy api --type=json -p '[]'
T2 modify | patch deploy api --subresource=scale -p '{}'
T2 modify | edit deploy api
T2 modify | edit cm settings -n payments
T2 modify | label pods api-1 tier=web
T2 modify | label pods api-1 tier-
T2 modify | label pods --all tier=web
T2 modify | label secret x a=b
T2 modify | annotate deploy api note=x --overwrite
T2 modify | annotate pods -l app=api note=x
T2 modify | scale deploy api --replicas=3
T2 modify | scale --replicas=0 deploy/api
T2 modify | scale sts db --replicas=1
T2 modify | autoscale deploy api --max=5
T2 modify | expose deploy api --port=80
T2 modify | expose pod api-1 --port=80 --name=api-svc
T2 modify | set image deploy/api app=nginx:1.27
T2 modify | set env deploy/api LOG=debug
T2 modify | set env deploy/api LOG-
T2 modify | set resources deploy api --limits=cpu=200m
T2 modify | set selector svc api app=api2
T2 modify | set serviceaccount deploy api builder
T2 modify | set sa deploy api builder
T2 modify | rollout restart deploy/api
T2 modify | rollout restart deployment api -n payments
T2 modify | rollout undo deploy/api
T2 modify | rollout undo deploy/api --to-revision=2
T2 modify | rollout pause deploy/api
T2 modify | rollout resume deploy/api
T2 modify | -n payments rollout restart deploy/api
T2 modify | run web --image=nginx
T2 modify | run web --image=nginx --restart=Never
T2 modify | run web --image=nginx --port=80 --labels=a=b
T2 modify | run web --image=nginx -- sleep 1000
T2 modify | run web --image=nginx --env=A=b
T2 modify | run web --image=nginx --stdin=false --tty=false
T2 modify | create -f deploy.yaml --dry-run=client
T2 kubeconfig-context | config use-context dev
T2 kubeconfig-context | config use dev
T2 kubeconfig-context | config set-context --current --namespace=payments
T2 kubeconfig-context | config rename-context a b
T2 kubeconfig-context | config delete-context a

# ---- T4: interactive access ----
T4 interactive-access | exec api-1 -- ls
T4 interactive-access | exec -it api-1 -- sh
T4 interactive-access | exec -i -t api-1 -- sh
T4 interactive-access | exec api-1 -c app -- ls
T4 interactive-access | exec deploy/api -- ls
T4 interactive-access | exec -n kube-system etcd-0 -- ls
T4 interactive-access | exec -itn kube-system etcd-0 -- sh
T4 interactive-access | exec --stdin=false api-1 -- ls
T4 interactive-access | attach api-1
T4 interactive-access | attach -it api-1
T4 interactive-access | port-forward api-1 8080:80
T4 interactive-access | port-forward svc/api 8080:80
T4 interactive-access | port-forward deploy/api 8080
T4 interactive-access | cp api-1:/etc/passwd /tmp/p
T4 interactive-access | cp /tmp/a api-1:/tmp/a
T4 interactive-access | cp kube-system/etcd-0:/var/lib/etcd /tmp/etcd
T4 interactive-access | debug api-1 -it --image=busybox
T4 interactive-access | debug node/node-1 -it --image=busybox
T4 interactive-access | debug api-1 --copy-to=api-debug
T4 interactive-access | proxy
T4 interactive-access | proxy --port=8001
T4 run-interactive | run shell --image=busybox -it
T4 run-interactive | run shell --image=busybox -i
T4 run-interactive | run shell --image=busybox -t
T4 run-interactive | run shell --image=busybox --stdin
T4 run-interactive | run shell --image=busybox --tty --stdin
T4 run-interactive | run shell --image=busybox --attach
T4 run-interactive | run shell --image=busybox -it --rm -- sh
T4 run-interactive | run shell --image=busybox -it=false
T4 run-interactive | run --stdin=true shell --image=busybox
T4 run-overrides | run x --image=busybox --overrides='{"spec":{"hostPID":true}}'
T4 run-overrides | run x --image=busybox --privileged

# ---- T4: connect subresources and raw paths ----
T4 connect-subresource | get --raw /api/v1/nodes/node-1/proxy/metrics
T4 connect-subresource | get --raw /api/v1/namespaces/payments/services/api/proxy/
T4 connect-subresource | get --raw /api/v1/namespaces/payments/pods/api-1/exec?command=ls
T4 connect-subresource | get --raw /api/v1/namespaces/payments/pods/api-1/portforward
T4 connect-subresource | get --raw /api/v1/namespaces/payments/pods/api-1/attach
T4 connect-subresource | patch pod api-1 --subresource=ephemeralcontainers -p '{}'
T4 connect-subresource | get nodes node-1 --subresource=proxy
T4 unknown-resource | get --raw /foo
T4 unknown-resource | get --raw /api/v1/../../debug/pprof
T4 unknown-resource | get --raw /debug/pprof/
T4 unknown-resource | get --raw /logs/
T4 unknown-resource | get --raw /api/v1/namespaces/payments/widgets
T4 unknown-resource | get --raw /api/v1//secrets
T4 unknown-resource | get --raw /api/v1/%73ecrets
T4 unknown-resource | get --raw api/v1/pods
T4 raw-write | create --raw /api/v1/namespaces/payments/pods -f deploy.yaml
T4 raw-write | replace --raw /api/v1/namespaces/payments/configmaps/x -f cm.json
T4 raw-write | delete --raw /api/v1/namespaces/payments/pods/api-1

# ---- T4: identity ----
T4 impersonation | get pods --as=admin
T4 impersonation | get pods --as admin
T4 impersonation | --as=system:serviceaccount:kube-system:default get pods
T4 impersonation | get pods --as-group=system:masters
T4 impersonation | get pods --as-uid=1000
T4 impersonation | --as admin --as-group a delete pod x
T4 credential-override | get pods --token=abc
T4 credential-override | get pods --token abc
T4 credential-override | --token=abc get pods
T4 credential-override | get pods --server=https://10.0.0.1
T4 credential-override | get pods -s https://10.0.0.1
T4 credential-override | get pods -shttps://10.0.0.1
T4 credential-override | get pods -s=https://10.0.0.1
T4 credential-override | get pods --username=a --password=b
T4 credential-override | get pods --insecure-skip-tls-verify
T4 credential-override | get pods --insecure-skip-tls-verify=true
T4 credential-override | get pods --client-certificate=c.crt --client-key=c.key
T4 credential-override | version --token=abc
T4 credential-override | --token abc
T4 kubeconfig-credentials | config set-credentials bot --token=abc
T4 kubeconfig-credentials | config set-cluster prod --server=https://10.0.0.1
T4 kubeconfig-credentials | config set users.bot.token abc
T4 kubeconfig-credentials | config unset users.bot
T4 kubeconfig-credentials | config delete-user bot
T4 kubeconfig-credentials | config delete-cluster prod
T4 service-account-token | create token builder
T4 service-account-token | create token builder --duration=1h -n payments

# ---- T4: cluster-control objects ----
T4 rbac-write | create role r --verb=get --resource=pods
T4 rbac-write | create clusterrole r --verb=get --resource=pods
T4 rbac-write | create rolebinding rb --role=r --user=bob
T4 rbac-write | create clusterrolebinding me --clusterrole=cluster-admin --user=me
T4 rbac-write | apply -f mixed.yaml
T4 rbac-write | apply -f list.json
T4 rbac-write | apply -f role.yaml
T4 rbac-write | apply -f deploy.yaml,role.yaml
T4 rbac-write | apply -f deploy.yaml -f role.yaml
T4 rbac-write | apply -f app -R
T4 rbac-write | apply -Rf app
T4 rbac-write | apply -f app --recursive
T4 rbac-write | apply -k kust3
T4 rbac-write | delete role r
T4 rbac-write | delete clusterrole r
T4 rbac-write | delete roles.rbac.authorization.k8s.io r
T4 rbac-write | delete role.v1.rbac.authorization.k8s.io r
T4 rbac-write | delete Role.rbac.authorization.k8s.io/r
T4 rbac-write | delete CLUSTERROLE r
T4 rbac-write | delete pods,clusterroles x
T4 rbac-write | edit role r
T4 rbac-write | patch clusterrolebinding x -p '{}'
T4 rbac-write | label role r a=b
T4 rbac-write | annotate rolebinding rb a=b
T4 rbac-write | set subject rolebinding rb --user=eve
T4 rbac-write | set subject clusterrolebinding crb --group=eve
T4 rbac-write | auth reconcile -f role.yaml
T4 rbac-write | replace -f - << role.yaml
T4 rbac-write | apply -f - << mixed.yaml
T4 rbac-write | apply -f - -f deploy.yaml << list.json
T4 rbac-write | create -f - << role.yaml
T4 admission-write | delete validatingwebhookconfigurations w
T4 admission-write | patch mutatingwebhookconfiguration m -p '{}'
T4 admission-write | apply -f webhook.yaml
T4 admission-write | create -f - << webhook.yaml
T4 admission-write | delete validatingadmissionpolicy p
T4 api-extension-write | apply -f crd.yaml
T4 api-extension-write | delete crd widgets.example.com
T4 api-extension-write | edit crd widgets.example.com
T4 api-extension-write | delete apiservice v1.metrics.k8s.io
T4 namespace-write | create namespace team-a
T4 namespace-write | create ns team-a
T4 namespace-write | delete ns team-a
T4 namespace-write | delete namespace team-a
T4 namespace-write | label ns team-a a=b
T4 namespace-write | annotate namespace team-a a=b
T4 namespace-write | apply -f ns.yaml
T4 namespace-write | edit ns team-a
T4 namespace-write | patch ns team-a -p '{}'
T4 namespace-write | label pods,ns x a=b
T4 persistent-volume-write | delete pv pv1
T4 persistent-volume-write | patch pv pv1 -p '{}'
T4 persistent-volume-write | apply -f pv.yaml
T4 node-write | label nodes node-1 a=b
T4 node-write | annotate node node-1 a=b
T4 node-write | patch node node-1 -p '{"spec":{"unschedulable":true}}'
T4 node-write | delete node node-1
T4 node-write | edit node node-1
T4 certificate-approval | certificate approve csr-1
T4 certificate-approval | certificate deny csr-1
T4 csr-write | delete csr csr-1
T4 csr-write | apply -f csr.yaml
T4 apply-prune | apply -f deploy.yaml --prune -l app=api
T4 apply-prune | apply --prune --all -f app

# ---- T4: bulk deletes ----
T4 bulk-delete | delete pods --all
T4 bulk-delete | delete pods --all -n payments
T4 bulk-delete | delete --all pods
T4 bulk-delete | delete pods -A api-1
T4 bulk-delete | delete pods -l app=api
T4 bulk-delete | delete pods --selector=app=api
T4 bulk-delete | delete pods --field-selector=status.phase=Failed
T4 bulk-delete | delete all --all
T4 bulk-delete | delete all -l app=api
T4 bulk-delete | delete pods
T4 bulk-delete | delete sc fast
T4 bulk-delete | delete -f sc.yaml
T4 bulk-delete | delete priorityclass high
T4 bulk-delete | delete ingressclass nginx
T4 bulk-delete | delete pods --all=true
T4 bulk-delete | delete deploy,svc -l app=api

# ---- T4: protected namespaces ----
T4 protected-namespace | delete pod x -n kube-system
T4 protected-namespace | -n kube-system delete pod x
T4 protected-namespace | -nkube-system delete pod x
T4 protected-namespace | -n=kube-system delete pod x
T4 protected-namespace | --namespace=kube-system scale deploy coredns --replicas=1
T4 protected-namespace | -n default -n kube-system delete pod x
T4 protected-namespace | apply -f kube-system-cm.yaml
T4 protected-namespace | apply -f kube-system-cm.yaml -n kube-system
T4 protected-namespace | create cm x -n kube-public
T4 protected-namespace | label pods x a=b -n kube-node-lease
T4 protected-namespace | apply -k kust
T4 protected-namespace | rollout restart deploy/coredns -n kube-system
T4 protected-namespace | set image deploy/coredns coredns=evil -n kube-system
T4 protected-namespace | run x --image=busybox -n kube-system
T4 protected-namespace | create secret generic x -n kube-system
T4 protected-namespace | -n -- delete pod x -n kube-system
T4 protected-namespace-all | label pods --all -A tier=web
T4 protected-namespace-all | annotate deploy -l app=api -A note=x

# ---- T4: fail closed ----
T4 unknown-command | frob
T4 unknown-command | frob get pods
T4 unknown-command | neat get pods -o yaml
T4 unknown-command | krew install something
T4 unknown-resource | get widgets
T4 unknown-resource | get widgets.example.com
T4 unknown-resource | delete foo x
T4 unknown-resource | apply -f widget.yaml
T4 unknown-resource | apply -f old-role.yaml
T4 unknown-resource | get pods.foo
T4 unknown-resource | get deployments.v2.apps
T4 unknown-resource | get pod.v1.apps
T4 unknown-resource | get deployments.v1.extensions
T4 unknown-resource | get pods,widgets
T4 unknown-resource | describe widget/w
T4 unknown-resource | scale widget w --replicas=1
T4 unknown-resource | get podsecuritypolicies
T4 unknown-resource | get '' secrets
T4 unknown-resource | get pods,
T4 unknown-resource | get ѕecrets
T4 unknown-resource | get 'secrets '
T4 unreadable-manifest | apply -f https://example.com/app.yaml
T4 unreadable-manifest | apply -f deploy.yaml -f http://example.com/app.yaml
T4 unreadable-manifest | get -f https://example.com/app.yaml
T4 unreadable-manifest | apply -k github.com/example/repo/base
T4 unreadable-manifest | apply -k https://github.com/example/repo//base?ref=v1
T4 unreadable-manifest | apply -k kust-remote
T4 unreadable-manifest | apply -k kust-helm

# ---- usage errors: kubectl refuses, nothing runs ----
usage | get pods --bogus
usage | get -x pods
usage | get pods -n
usage | get pods -o
usage | exec -it api-1 --stdin=maybe -- sh
usage | get pods --dry-run=client
usage | apply -f deploy.yaml --dry-run=maybe
usage | -n payments frob
usage | --all delete pods
usage | rollout frob deploy/api
usage | set frob deploy/api
usage | config frob
usage | certificate frob x
usage | apply -f bad.yaml
usage | apply -f nokind.yaml
usage | apply -f scalar.yaml
usage | apply -f missing.yaml
usage | get pod/a/b
usage | get pod/
usage | get ---x
usage | apply -k nokust
usage | apply -k missing-dir
usage | apply -k kust-bad
usage | create -f - << bad.yaml
usage | delete pods -Ay
usage | get pods --as
`;

export interface Case {
  line: number;
  argv: string[];
  stdin?: string;
  expect: { tier: number; rule: string } | 'usage';
  text: string;
}

export function parseCases(text: string, files: Record<string, string>): Case[] {
  const out: Case[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const bar = line.indexOf('|');
    if (bar === -1) throw new Error(`case line ${index + 1}: no "|"`);
    const head = line.slice(0, bar).trim();
    let command = line.slice(bar + 1).trim();
    let stdin: string | undefined;
    const here = command.indexOf(' << ');
    if (here !== -1) {
      const file = command.slice(here + 4).trim();
      stdin = files[file];
      if (stdin === undefined) throw new Error(`case line ${index + 1}: no fixture ${file}`);
      command = command.slice(0, here);
    }
    let expect: Case['expect'];
    if (head === 'usage') expect = 'usage';
    else {
      const m = /^T([0-4]) ([a-z0-9-]+)$/.exec(head);
      if (!m) throw new Error(`case line ${index + 1}: bad expectation "${head}"`);
      expect = { tier: Number(m[1]), rule: m[2] ?? '' };
    }
    const c: Case = { line: index + 1, argv: splitArgv(command), expect, text: line };
    if (stdin !== undefined) c.stdin = stdin;
    out.push(c);
  });
  return out;
}
