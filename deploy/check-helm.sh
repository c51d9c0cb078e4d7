#!/usr/bin/env bash
# Renders the Helm chart (deploy/helm/kayak) and validates it offline; called by .ci/run.
#   1. helm lint --strict, with the default values and with deploy/helm/examples/external-services.yaml;
#   2. helm template with both;
#   3. deploy/kubecheck on the rendered manifests: strict decoding with client-go's scheme, the
#      Kubernetes OpenAPI v3 schemas (unknown properties forbidden) and cross-object checks.
# Helm is built from the Go module proxy and cached, with the Kubernetes OpenAPI spec (from the
# k8s.io/kubernetes module), under ~/.cache/kayak-supergraph/helm-<version>: reruns only render.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"

HELM_VERSION=v4.3.2
# The Kubernetes release whose API the manifests are checked against (client-go v0.37.2 = 1.37.2).
KUBERNETES_VERSION=v1.37.2
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/kayak-supergraph/helm-$HELM_VERSION"
export GOMODCACHE="$CACHE/gomod" GOCACHE="$CACHE/gocache" GOFLAGS="-modcacherw -buildvcs=false" GOTOOLCHAIN=local
mkdir -p "$CACHE/bin"

helm="$CACHE/bin/helm"
if [ ! -x "$helm" ]; then
  echo "check-helm: building helm $HELM_VERSION (once; cached in $CACHE)"
  # Quiet unless it fails (go lists every module it downloads).
  if ! GOBIN="$CACHE/bin" go install "helm.sh/helm/v4/cmd/helm@$HELM_VERSION" >"$CACHE/helm-build.log" 2>&1; then
    cat "$CACHE/helm-build.log" >&2
    exit 1
  fi
fi
spec="$(go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" 2>/dev/null | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')/api/openapi-spec/v3"
[ -f "$spec/apis__apps__v1_openapi.json" ] || { echo "check-helm: no OpenAPI spec at $spec" >&2; exit 1; }
(cd deploy/kubecheck && go build -o "$CACHE/bin/kubecheck" . 2>"$CACHE/kubecheck-build.log") || { cat "$CACHE/kubecheck-build.log" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Helm's own state (repositories, plugins, cache) stays out of the home directory.
export HELM_CACHE_HOME="$work/helm/cache" HELM_CONFIG_HOME="$work/helm/config" HELM_DATA_HOME="$work/helm/data"

chart=deploy/helm/kayak
external=deploy/helm/examples/external-services.yaml
"$helm" lint --strict --quiet "$chart"
"$helm" lint --strict --quiet "$chart" -f "$external"
"$helm" template kayak "$chart" --namespace kayak >"$work/default.yaml"
"$helm" template kayak "$chart" --namespace kayak -f "$external" >"$work/external.yaml"
"$CACHE/bin/kubecheck" -openapi "$spec" "$work/default.yaml"
# That example names a Secret created outside the chart.
"$CACHE/bin/kubecheck" -openapi "$spec" -external-secret kayak-secrets "$work/external.yaml"
# The validator must reject what an API server rejects: a misspelt field, a string for an integer
# and a selector that misses its pods, each in a copy of the rendered manifests.
canary() {
  sed "$1" "$work/default.yaml" >"$work/broken.yaml"
  cmp -s "$work/default.yaml" "$work/broken.yaml" && { echo "check-helm: canary '$1' changed nothing" >&2; exit 1; }
  if "$CACHE/bin/kubecheck" -openapi "$spec" "$work/broken.yaml" >/dev/null 2>&1; then
    echo "check-helm: kubecheck accepted a broken manifest ($2)" >&2
    exit 1
  fi
}
canary '0,/readinessProbe:/s//readinesProbe:/' 'an unknown field'
canary '0,/revisionHistoryLimit: 5/s//revisionHistoryLimit: "5"/' 'a string for an integer'
canary '0,/^      app.kubernetes.io\/component: \(.*\)$/s//      app.kubernetes.io\/component: \1-typo/' 'a selector matching no pod'
# And values.schema.json must reject a misspelt value.
if "$helm" template kayak "$chart" --set components.users.autoscalling.enabled=false >/dev/null 2>&1; then
  echo "check-helm: the chart accepted a misspelt value (values.schema.json)" >&2
  exit 1
fi
echo "check-helm: chart linted, rendered and valid against the Kubernetes ${KUBERNETES_VERSION#v} API (helm $HELM_VERSION)"
