{{/* Release-scoped name prefix: <release>-kayak, or <release> when the release is already named kayak... */}}
{{- define "kayak.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Name of one component's objects (Deployment, Service, HPA, PDB): <fullname>-<component>. */}}
{{- define "kayak.componentName" -}}
{{- printf "%s-%s" (include "kayak.fullname" .root) .name -}}
{{- end -}}

{{- define "kayak.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{ include "kayak.releaseLabels" . }}
{{- end -}}

{{/* The labels beside the selector ones (pod templates add these to kayak.selectorLabels). */}}
{{- define "kayak.releaseLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: kayak-supergraph
{{- end -}}

{{/* Selector labels of one component ({root, name}). */}}
{{- define "kayak.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "kayak.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{- define "kayak.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-secrets" (include "kayak.fullname" .)) -}}
{{- end -}}

{{/* The entry file a component's container runs with `node --import tsx` (as scripts/start.ts does). */}}
{{- define "kayak.entry" -}}
{{- if eq .name "gateway" -}}gateway/src/index.ts{{- else -}}subgraphs/{{ .name }}/src/index.ts{{- end -}}
{{- end -}}

{{/*
Environment shared by every container (packages/common/src/config.ts): where each process listens,
where each subgraph answers (its Service), the backing services and the secrets.
*/}}
{{- define "kayak.env" -}}
- name: NODE_ENV
  value: {{ .Values.nodeEnv | quote }}
- name: LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
- name: HOST
  value: "0.0.0.0"
{{- range $name, $component := .Values.components }}
- name: {{ printf "%s_PORT" (upper $name) }}
  value: {{ $component.port | quote }}
{{- if ne $name "gateway" }}
- name: {{ printf "%s_URL" (upper $name) }}
  value: {{ $component.url | default (printf "http://%s:%v/graphql" (include "kayak.componentName" (dict "root" $ "name" $name)) ($component.servicePort | default $component.port)) | quote }}
{{- end }}
{{- end }}
- name: MONGO_DB
  value: {{ .Values.mongo.database | quote }}
- name: KAFKA_BROKERS
  value: {{ required "kafka.brokers is required" .Values.kafka.brokers | quote }}
{{- range $key, $value := .Values.config }}
- name: {{ $key }}
  value: {{ $value | quote }}
{{- end }}
{{- range $key := list "JWT_SECRET" "GATEWAY_SECRET" "MONGO_URL" "DATABASE_URL" "REDIS_URL" }}
- name: {{ $key }}
  valueFrom:
    secretKeyRef:
      name: {{ include "kayak.secretName" $ }}
      key: {{ $key }}
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Pod-level settings shared by the components and the migration Job. */}}
{{- define "kayak.podCommon" -}}
automountServiceAccountToken: false
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- end -}}

{{/* A writable /tmp (tsx's transpile cache) under a read-only root filesystem. */}}
{{- define "kayak.tmpVolume" -}}
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: 256Mi
{{- end -}}

{{- define "kayak.tmpMount" -}}
volumeMounts:
  - name: tmp
    mountPath: /tmp
{{- end -}}

{{/* One step of the migration Job ({root, step: {name, entry}}). */}}
{{- define "kayak.migrationContainer" -}}
- name: {{ .step.name }}
  image: {{ include "kayak.image" .root | quote }}
  imagePullPolicy: {{ .root.Values.image.pullPolicy }}
  args: [{{ .step.entry | quote }}]
  env:
    {{- include "kayak.env" .root | nindent 4 }}
  resources:
    {{- toYaml .root.Values.migrations.resources | nindent 4 }}
  securityContext:
    {{- toYaml .root.Values.securityContext | nindent 4 }}
  {{- include "kayak.tmpMount" .root | nindent 2 }}
{{- end -}}
