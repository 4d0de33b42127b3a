{{/*
Names and labels. Every helper of this chart (and of its node-feature-discovery subchart) starts
with "gpuop." so it never collides with a helper of another chart in the same release.
*/}}

{{/*
gpuop.name: the chart name, or nameOverride. Usage: {{ include "gpuop.name" . }}
*/}}
{{- define "gpuop.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
gpuop.operatorName: name of the operator's Deployment, ServiceAccount and RBAC objects.
The operator expects "gpu-operator"; fullnameOverride changes it.
Usage: {{ include "gpuop.operatorName" . }}
*/}}
{{- define "gpuop.operatorName" -}}
{{- default "gpu-operator" .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
gpuop.chart: chart name and version for the helm.sh/chart label. Usage: {{ include "gpuop.chart" . }}
*/}}
{{- define "gpuop.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
gpuop.labels: labels for every object of the chart. Usage: {{ include "gpuop.labels" . | nindent 4 }}
*/}}
{{- define "gpuop.labels" -}}
helm.sh/chart: {{ include "gpuop.chart" . }}
{{ include "gpuop.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: gpu-operator
{{- end -}}

{{/*
gpuop.selectorLabels: the immutable subset used in selectors (no version).
Usage: {{ include "gpuop.selectorLabels" . | nindent 6 }}
*/}}
{{- define "gpuop.selectorLabels" -}}
app.kubernetes.io/name: {{ include "gpuop.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/*
gpuop.hookLabels: labels for hook objects (no part-of, so operand selectors never see them).
Usage: {{ include "gpuop.hookLabels" (dict "root" $ "component" "cleanup-crd") | nindent 4 }}
*/}}
{{- define "gpuop.hookLabels" -}}
helm.sh/chart: {{ include "gpuop.chart" .root }}
app.kubernetes.io/name: {{ include "gpuop.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/*
gpuop.envList: render an env list of {name, value} with every value quoted (the operator's CRDs take
strings only). Usage: {{ include "gpuop.envList" .Values.toolkit.env | nindent 4 }}
*/}}
{{- define "gpuop.envList" -}}
{{- $out := list -}}
{{- range . -}}
{{- $value := "" -}}
{{- if and (hasKey . "value") (not (kindIs "invalid" .value)) -}}
{{- $value = toString .value -}}
{{- end -}}
{{- $out = append $out (dict "name" (toString .name) "value" $value) -}}
{{- end -}}
{{- toYaml $out -}}
{{- end -}}

{{/*
gpuop.cr.common: env, args and resources of a component, each only when set.
Usage: {{- include "gpuop.cr.common" .Values.toolkit | nindent 4 }}
*/}}
{{- define "gpuop.cr.common" -}}
{{- with .env }}
env:
  {{- include "gpuop.envList" . | nindent 2 }}
{{- end }}
{{- with .args }}
args:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .resources }}
resources:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
