{{/*
The four services, in the order their resources are rendered. Each one has a section of the same
name in values.yaml (gateway, message, presence, room).
*/}}
{{- define "chat-relay.components" -}}
gateway message presence room
{{- end }}

{{/* Chart name, overridable with nameOverride. */}}
{{- define "chat-relay.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Prefix of every resource name: fullnameOverride, else <release>-<chart>, or <release> alone when it
already contains the chart name. Truncated so that "-<component>-db" still fits in 63 characters.
*/}}
{{- define "chat-relay.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 45 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 45 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 45 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* chart label value: name-version */}}
{{- define "chat-relay.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object of the release. */}}
{{- define "chat-relay.labels" -}}
helm.sh/chart: {{ include "chat-relay.chart" . }}
app.kubernetes.io/name: {{ include "chat-relay.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: chat-relay
{{- end }}

{{/*
Name of one service's objects: <fullname>-<component>.
Call with (dict "root" $ "component" "gateway").
*/}}
{{- define "chat-relay.componentName" -}}
{{- printf "%s-%s" (include "chat-relay.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selector labels of one service (stable across upgrades). Call with (dict "root" $ "component" ...). */}}
{{- define "chat-relay.selectorLabels" -}}
app.kubernetes.io/name: {{ include "chat-relay.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* All labels of one service's objects. Call with (dict "root" $ "component" ...). */}}
{{- define "chat-relay.componentLabels" -}}
{{ include "chat-relay.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* The ServiceAccount the pods run as. */}}
{{- define "chat-relay.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "chat-relay.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Image reference of one service. Call with (dict "root" $ "svc" <service values>). */}}
{{- define "chat-relay.image" -}}
{{- $img := .root.Values.image }}
{{- $tag := $img.tag | default .root.Chart.AppVersion }}
{{- if $img.registry }}
{{- printf "%s/%s:%s" (trimSuffix "/" $img.registry) .svc.repository $tag }}
{{- else }}
{{- printf "%s:%s" .svc.repository $tag }}
{{- end }}
{{- end }}

{{/* In-cluster base URL of one service. Call with (dict "root" $ "component" ...). */}}
{{- define "chat-relay.serviceUrl" -}}
{{- $svc := index .root.Values .component }}
{{- printf "http://%s:%v" (include "chat-relay.componentName" .) $svc.servicePort }}
{{- end }}

{{/* Name of the Secret with one data service's DB credentials. Call with (dict "root" $ "component" ...). */}}
{{- define "chat-relay.dbSecretName" -}}
{{- $db := (index .root.Values .component).database }}
{{- if $db.existingSecret }}
{{- $db.existingSecret }}
{{- else }}
{{- printf "%s-db" (include "chat-relay.componentName" .) }}
{{- end }}
{{- end }}

{{/* Whether the JWT key is mounted as a file (inline PEM or existing ConfigMap): "true" or "". */}}
{{- define "chat-relay.jwtKeyMounted" -}}
{{- if or .Values.jwt.publicKeyPem .Values.jwt.existingConfigMap }}true{{ end }}
{{- end }}

{{/* Name of the ConfigMap holding the JWT public key. */}}
{{- define "chat-relay.jwtConfigMapName" -}}
{{- if .Values.jwt.existingConfigMap }}
{{- .Values.jwt.existingConfigMap }}
{{- else }}
{{- printf "%s-jwt" (include "chat-relay.fullname" .) }}
{{- end }}
{{- end }}

{{/* JWT_PUBLIC_KEY_LOCATION: the mounted file, or the configured URL. */}}
{{- define "chat-relay.jwtKeyLocation" -}}
{{- if include "chat-relay.jwtKeyMounted" . }}
{{- printf "file:%s/%s" (trimSuffix "/" .Values.jwt.mountPath) (include "chat-relay.jwtKeyFile" .) }}
{{- else }}
{{- .Values.jwt.publicKeyLocation }}
{{- end }}
{{- end }}

{{/* File name of the mounted JWT key. */}}
{{- define "chat-relay.jwtKeyFile" -}}
{{- if .Values.jwt.existingConfigMap }}{{ .Values.jwt.existingConfigMapKey }}{{ else }}public.pem{{ end }}
{{- end }}

{{/* Values that contradict each other stop the rendering with a message. */}}
{{- define "chat-relay.validate" -}}
{{- $keys := 0 }}
{{- range (list .Values.jwt.publicKeyLocation .Values.jwt.publicKeyPem .Values.jwt.existingConfigMap) }}
{{- if . }}{{ $keys = add1 $keys }}{{ end }}
{{- end }}
{{- if gt (int $keys) 1 }}
{{- fail "jwt: set only one of publicKeyLocation, publicKeyPem and existingConfigMap" }}
{{- end }}
{{- if and .Values.ingress.enabled .Values.ingress.tls.enabled (not .Values.ingress.host) }}
{{- fail "ingress.tls.enabled needs ingress.host" }}
{{- end }}
{{- range $component := splitList " " (include "chat-relay.components" $) }}
{{- $svc := index $.Values $component }}
{{- if and $svc.enabled $svc.podDisruptionBudget.enabled }}
{{- $min := include "chat-relay.optional" (get $svc.podDisruptionBudget "minAvailable") }}
{{- $max := include "chat-relay.optional" (get $svc.podDisruptionBudget "maxUnavailable") }}
{{- if and $min $max }}
{{- fail (printf "%s.podDisruptionBudget: set minAvailable or maxUnavailable, not both (\"\" for the other)" $component) }}
{{- end }}
{{- if not (or $min $max) }}
{{- fail (printf "%s.podDisruptionBudget: set minAvailable or maxUnavailable" $component) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/* A value that may be left out: prints it, or nothing for null / "". */}}
{{- define "chat-relay.optional" -}}
{{- if not (kindIs "invalid" .) }}{{ toString . }}{{ end }}
{{- end }}
