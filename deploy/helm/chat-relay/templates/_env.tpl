{{/*
Environment of one service's container: the variables its application.properties reads (see the
README's configuration table). Credentials only ever come from secretKeyRef.
Call with (dict "root" $ "component" "gateway").
*/}}
{{- define "chat-relay.env" -}}
{{- $root := .root }}
{{- $svc := index $root.Values .component }}
- name: QUARKUS_HTTP_PORT
  value: {{ $svc.containerPort | quote }}
- name: QUARKUS_SHUTDOWN_TIMEOUT
  value: {{ $svc.shutdownTimeout | quote }}
{{- /* the Quarkus Dockerfile.jvm sets the last two options too; setting JAVA_OPTS_APPEND replaces them */}}
- name: JAVA_OPTS_APPEND
  value: {{ trim (printf "-XX:MaxRAMPercentage=%v -XX:+ExitOnOutOfMemoryError -Dquarkus.http.host=0.0.0.0 -Djava.util.logging.manager=org.jboss.logmanager.LogManager %s" $svc.maxRamPercentage $svc.javaOpts) | quote }}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ required "kafka.bootstrapServers is required" $root.Values.kafka.bootstrapServers | quote }}
- name: JWT_ISSUER
  value: {{ $root.Values.jwt.issuer | quote }}
- name: JWT_PUBLIC_KEY_LOCATION
  value: {{ include "chat-relay.jwtKeyLocation" $root | quote }}
{{- if $root.Values.tracing.enabled }}
- name: QUARKUS_PROFILE
  value: "prod,tracing"
- name: QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ required "tracing.otlpEndpoint is required when tracing is enabled" $root.Values.tracing.otlpEndpoint | quote }}
- name: QUARKUS_OTEL_TRACES_SAMPLER
  value: "parentbased_traceidratio"
- name: QUARKUS_OTEL_TRACES_SAMPLER_ARG
  value: {{ $root.Values.tracing.samplerRatio | quote }}
{{- end }}
{{- if hasKey $svc "database" }}
{{- $db := $svc.database }}
{{- $params := ternary (printf "?%s" $db.params) "" (ne $db.params "") }}
- name: DB_REACTIVE_URL
  value: {{ $db.reactiveUrl | default (printf "postgresql://%s:%v/%s%s" $db.host $db.port $db.name $params) | quote }}
- name: DB_JDBC_URL
  value: {{ $db.jdbcUrl | default (printf "jdbc:postgresql://%s:%v/%s%s" $db.host $db.port $db.name $params) | quote }}
- name: DB_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ include "chat-relay.dbSecretName" . }}
      key: {{ $db.usernameKey }}
- name: DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "chat-relay.dbSecretName" . }}
      key: {{ $db.passwordKey }}
{{- end }}
{{- if $svc.useRedis }}
- name: REDIS_URL
{{- if $root.Values.redis.existingSecret }}
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.redis.existingSecret }}
      key: {{ $root.Values.redis.existingSecretKey }}
{{- else }}
  value: {{ required "redis.url (or redis.existingSecret) is required" $root.Values.redis.url | quote }}
{{- end }}
{{- end }}
{{- if eq .component "gateway" }}
{{- range $upstream := list "message" "presence" "room" }}
- name: {{ printf "%s_SERVICE_URL" (upper $upstream) }}
  value: {{ (get $svc.upstreams $upstream) | default (include "chat-relay.serviceUrl" (dict "root" $root "component" $upstream)) | quote }}
{{- end }}
{{- end }}
{{- if eq .component "message" }}
{{- /* membership snapshots for message-service's room replica */}}
- name: ROOM_SERVICE_URL
  value: {{ include "chat-relay.serviceUrl" (dict "root" $root "component" "room") | quote }}
{{- end }}
{{- if eq .component "gateway" }}
- name: GATEWAY_STORE_TIMEOUT
  value: {{ $svc.storeTimeout | quote }}
- name: GATEWAY_COMMAND_LINGER_MS
  value: {{ $svc.commandLingerMs | quote }}
- name: GATEWAY_COMMAND_FLUSH_BELOW_RATE
  value: {{ $svc.commandFlushBelowRate | quote }}
- name: GATEWAY_FAN_OUT_FLUSH_INTERVAL
  value: {{ $svc.fanOutFlushInterval | quote }}
- name: GATEWAY_MAX_PENDING_FRAMES
  value: {{ $svc.maxPendingFrames | quote }}
- name: GATEWAY_DELIVERY_PARTITIONS
  value: {{ $svc.deliveryPartitions | quote }}
{{- end }}
{{- with $root.Values.common.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- with $svc.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}
