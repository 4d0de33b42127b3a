{{/*
Helpers of the node-feature-discovery subchart. Images go through the parent chart's
gpuop.image.rewrite and gpuop.pullSecrets.pod, so global.imageRegistry and global.imagePullSecrets
apply here exactly as in the parent.
*/}}

{{/*
gpuop.nfd.fullname: base name of the NFD objects, "<release>-node-feature-discovery" unless
fullnameOverride is set; short enough for the "-master"/"-worker" suffixes.
Usage: {{ include "gpuop.nfd.fullname" . }}
*/}}
{{- define "gpuop.nfd.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 55 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 55 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 55 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
gpuop.nfd.labels: labels of every NFD object; pass the component.
Usage: {{ include "gpuop.nfd.labels" (dict "root" $ "component" "master") | nindent 4 }}
*/}}
{{- define "gpuop.nfd.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "gpuop.nfd.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: gpu-operator
{{- end -}}

{{/*
gpuop.nfd.selectorLabels: the selector subset. Usage as gpuop.nfd.labels.
*/}}
{{- define "gpuop.nfd.selectorLabels" -}}
app.kubernetes.io/name: {{ default .root.Chart.Name .root.Values.nameOverride | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/*
gpuop.nfd.image: the NFD image (one image for master, worker and gc).
Usage: {{ include "gpuop.nfd.image" . }}
*/}}
{{- define "gpuop.nfd.image" -}}
{{- $repo := include "gpuop.image.rewrite" (dict "ref" .Values.image.repository "root" .) -}}
{{- $tag := toString (.Values.image.tag | default .Chart.AppVersion) -}}
{{- printf "%s%s%s" $repo (ternary "@" ":" (hasPrefix "sha256:" $tag)) $tag -}}
{{- end -}}

{{/*
gpuop.nfd.pod: settings every NFD Pod shares (pull secrets, security context).
Usage: {{- include "gpuop.nfd.podCommon" . | trim | nindent 6 }}
*/}}
{{- define "gpuop.nfd.podCommon" -}}
{{- include "gpuop.pullSecrets.pod" (dict "secrets" .Values.imagePullSecrets "root" .) }}
securityContext:
  seccompProfile:
    type: RuntimeDefault
{{- end -}}

{{/*
gpuop.nfd.containerSecurity: the container securityContext of every NFD container.
*/}}
{{- define "gpuop.nfd.containerSecurity" -}}
securityContext:
  allowPrivilegeEscalation: false
  capabilities:
    drop: [ALL]
  readOnlyRootFilesystem: true
  runAsNonRoot: true
  runAsUser: 65534
{{- end -}}
