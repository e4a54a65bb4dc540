{{/*
Helpers of the Tally chart, vendored (no library chart): names, app.kubernetes.io/* labels, images,
the database connection and the value checks. A "component" context is
(dict "root" $ "component" "catalog") and stands for one of the four services.
*/}}

{{/* The four services, in the order they are rendered. */}}
{{- define "tally.components" -}}
{{- list "catalog" "wallet" "usage" "invoice" | toJson -}}
{{- end -}}

{{/*
Which services each service calls (gRPC): usage prices with catalog, debits wallet and reads
entitlements from invoice; invoice reads usage and settles in wallet. The NetworkPolicies and the
client addresses follow from this one map.
*/}}
{{- define "tally.calls" -}}
{{- dict "catalog" (list "invoice") "wallet" (list "invoice") "usage" (list "catalog" "wallet" "invoice") "invoice" (list "usage" "wallet") | toJson -}}
{{- end -}}

{{- define "tally.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* release-chart, or the release name alone when it already contains the chart name. */}}
{{- define "tally.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "tally.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every resource. */}}
{{- define "tally.labels" -}}
helm.sh/chart: {{ include "tally.chart" . }}
{{ include "tally.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: tally
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "tally.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tally.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels of one service's resources (component context). */}}
{{- define "tally.componentLabels" -}}
{{ include "tally.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "tally.componentSelectorLabels" -}}
{{ include "tally.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* <fullname>-<component>, e.g. tally-catalog: the Deployment and the ClusterIP Service. */}}
{{- define "tally.componentFullname" -}}
{{- printf "%s-%s" (include "tally.fullname" .root) .component | trunc 54 | trimSuffix "-" -}}
{{- end -}}

{{/* The headless Service of a component: one DNS A record per ready pod. */}}
{{- define "tally.headlessName" -}}
{{- printf "%s-headless" (include "tally.componentFullname" .) -}}
{{- end -}}

{{/* registry/repository:tag or registry/repository@digest */}}
{{- define "tally.image" -}}
{{- $image := index .root.Values .component "image" -}}
{{- $registry := default $image.registry .root.Values.global.imageRegistry -}}
{{- $repository := ternary (printf "%s/%s" $registry $image.repository) $image.repository (ne $registry "") -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $repository $image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repository (default .root.Chart.AppVersion $image.tag) -}}
{{- end -}}
{{- end -}}

{{- define "tally.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "tally.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The CloudNativePG Cluster's name. */}}
{{- define "tally.cnpg.clusterName" -}}
{{- printf "%s-postgresql" (include "tally.fullname" .) | trunc 50 | trimSuffix "-" -}}
{{- end -}}

{{/* The Secret holding the database password, and its key. */}}
{{- define "tally.database.secretName" -}}
{{- if .Values.postgresql.cnpg.enabled -}}
{{- printf "%s-app" (include "tally.cnpg.clusterName" .) -}}
{{- else if .Values.externalDatabase.existingSecret -}}
{{- .Values.externalDatabase.existingSecret -}}
{{- else -}}
{{- printf "%s-database" (include "tally.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "tally.database.secretPasswordKey" -}}
{{- if .Values.postgresql.cnpg.enabled -}}
password
{{- else if .Values.externalDatabase.existingSecret -}}
{{- .Values.externalDatabase.existingSecretPasswordKey -}}
{{- else -}}
password
{{- end -}}
{{- end -}}

{{- define "tally.database.host" -}}
{{- if .Values.postgresql.cnpg.enabled -}}
{{- printf "%s-rw" (include "tally.cnpg.clusterName" .) -}}
{{- else -}}
{{- .Values.externalDatabase.host -}}
{{- end -}}
{{- end -}}

{{- define "tally.database.port" -}}
{{- if .Values.postgresql.cnpg.enabled -}}5432{{- else -}}{{ .Values.externalDatabase.port }}{{- end -}}
{{- end -}}

{{- define "tally.database.user" -}}
{{- if .Values.postgresql.cnpg.enabled -}}
{{- .Values.postgresql.cnpg.owner -}}
{{- else -}}
{{- .Values.externalDatabase.user -}}
{{- end -}}
{{- end -}}

{{/* The reactive URL of a component's database (Flyway's JDBC URL is "jdbc:" + this). */}}
{{- define "tally.database.url" -}}
{{- $root := .root -}}
{{- $url := printf "postgresql://%s:%s/%s" (include "tally.database.host" $root) (include "tally.database.port" $root) (index $root.Values.externalDatabase.databases .component) -}}
{{- if and $root.Values.externalDatabase.params (not $root.Values.postgresql.cnpg.enabled) -}}
{{- printf "%s?%s" $url $root.Values.externalDatabase.params -}}
{{- else -}}
{{- $url -}}
{{- end -}}
{{- end -}}

{{/*
Checks that values.schema.json cannot express. The password rule is the one that matters: Tally
must never run on a default or missing database password.
*/}}
{{- define "tally.validateValues" -}}
{{- if not .Values.postgresql.cnpg.enabled -}}
{{- if not (or .Values.externalDatabase.password .Values.externalDatabase.existingSecret) -}}
{{- fail "\n\nDATABASE PASSWORD REQUIRED: set externalDatabase.existingSecret (a Secret with the key externalDatabase.existingSecretPasswordKey) or externalDatabase.password. Tally does not start without one." -}}
{{- end -}}
{{- if eq .Values.externalDatabase.password "tally" -}}
{{- fail "\n\nexternalDatabase.password is the development default \"tally\": choose another." -}}
{{- end -}}
{{- end -}}
{{- range $component := include "tally.components" . | fromJsonArray -}}
{{- $pdb := (index $.Values $component).pdb -}}
{{- if and $pdb.create (not (kindIs "invalid" $pdb.minAvailable)) (not (kindIs "invalid" $pdb.maxUnavailable)) -}}
{{- fail (printf "\n\n%s.pdb: set minAvailable or maxUnavailable, not both." $component) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
Port of the OTLP collector: the endpoint's explicit port, else 4317 (grpc) or 4318 (http/protobuf).
*/}}
{{- define "tally.tracing.port" -}}
{{- $host := (urlParse .Values.tracing.otlpEndpoint).host -}}
{{- if contains ":" $host -}}
{{- last (splitList ":" $host) -}}
{{- else if eq .Values.tracing.protocol "grpc" -}}
4317
{{- else -}}
4318
{{- end -}}
{{- end }}

{{/*
The scopes of each service's own API key: only what its calls need (catalog and wallet verify keys
through invoice; usage reads prices, debits wallets, reads entitlements; invoice settles wallets and
reads usage). The local run gives the same (launcher LocalKeys.SERVICE_SCOPES; a test compares them).
*/}}
{{- define "tally.auth.serviceScopes" -}}
{{- dict "catalog" "keys:verify" "wallet" "keys:verify" "usage" "catalog:read wallet:write balance:read billing:read keys:verify" "invoice" "wallet:write balance:read usage:read" | toJson -}}
{{- end -}}

{{- define "tally.auth.adminScopes" -}}
usage:write usage:read balance:read wallet:write billing:read billing:admin catalog:read catalog:admin keys:admin keys:verify
{{- end -}}

{{/* The Secret with the API keys: the user's, or the one the chart generates. */}}
{{- define "tally.auth.secretName" -}}
{{- default (printf "%s-api-keys" (include "tally.fullname" .)) .Values.auth.existingSecret -}}
{{- end -}}
