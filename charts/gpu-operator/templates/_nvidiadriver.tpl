{{/*
gpuop.nvidiadriver: one NVIDIADriver object. "pool" is an item of driver.pools (or, for the default
object, a dict holding only nodeSelector); missing keys fall back to driver.*. The pool's nodeSelector
gains nvidia.com/gpu.present=true so a pool never selects a node without a GPU.
Usage: {{ include "gpuop.nvidiadriver" (dict "name" "ubuntu22-04" "pool" $pool "root" $) }}
*/}}
{{- define "gpuop.nvidiadriver" -}}
{{- $root := .root -}}
{{- $d := $root.Values.driver -}}
{{- $pool := .pool -}}
{{- $spec := dict
    "repository" ($pool.repository | default $d.repository)
    "image" ($pool.image | default $d.image)
    "version" ($pool.version | default $d.version)
    "imagePullPolicy" ($pool.imagePullPolicy | default $d.imagePullPolicy)
    "imagePullSecrets" ($pool.imagePullSecrets | default $d.imagePullSecrets) -}}
{{- $precompiled := hasKey $pool "usePrecompiled" | ternary $pool.usePrecompiled $d.usePrecompiled -}}
{{- $env := $pool.env | default $d.env -}}
{{- $repoConfig := (($pool.repoConfig | default dict).configMapName) | default $d.repoConfig.configMapName -}}
{{- $certConfig := (($pool.certConfig | default dict).name) | default $d.certConfig.name -}}
{{- $kmodConfig := (($pool.kernelModuleConfig | default dict).name) | default $d.kernelModuleConfig.name -}}
{{- $ds := $root.Values.daemonsets -}}
{{- $nodeSelector := $pool.nodeSelector | default dict -}}
{{- if and $nodeSelector (not (hasKey $nodeSelector "nvidia.com/gpu.present")) -}}
{{- $nodeSelector = merge (dict "nvidia.com/gpu.present" "true") $nodeSelector -}}
{{- end -}}
apiVersion: nvidia.com/v1alpha1
kind: NVIDIADriver
metadata:
  name: {{ .name }}
  labels:
    {{- include "gpuop.labels" $root | nindent 4 }}
    app.kubernetes.io/component: nvidia-driver
  {{- if $root.Values.operator.cleanupCRD }}
  annotations:
    helm.sh/resource-policy: keep
  {{- end }}
spec:
  driverType: {{ $root.Values.driver.nvidiaDriverCRD.driverType | default "gpu" }}
  usePrecompiled: {{ $precompiled | default false }}
  useOpenKernelModules: {{ $d.useOpenKernelModules | default false }}
  {{- include "gpuop.cr.image" (dict "spec" $spec "root" $root) | nindent 2 }}
  {{- with $nodeSelector }}
  nodeSelector:
    {{- range $k, $v := . }}
    {{ $k | quote }}: {{ $v | toString | quote }}
    {{- end }}
  {{- end }}
  {{- with $env }}
  env:
    {{- include "gpuop.envList" . | nindent 4 }}
  {{- end }}
  {{- with $d.args }}
  args:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $d.resources }}
  resources:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- range $probe := list "startupProbe" "livenessProbe" "readinessProbe" }}
  {{- with (get $d $probe) }}
  {{ $probe }}:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- end }}
  rdma:
    enabled: {{ $d.rdma.enabled | default false }}
    useHostMofed: {{ $d.rdma.useHostMofed | default false }}
  {{- if $root.Values.gds.enabled }}
  gds:
    enabled: true
    {{- include "gpuop.cr.image" (dict "spec" $root.Values.gds "root" $root) | nindent 4 }}
    {{- with include "gpuop.cr.common" $root.Values.gds | trim }}{{ . | nindent 4 }}{{ end }}
  {{- end }}
  manager:
    {{- include "gpuop.cr.image" (dict "spec" $d.manager "root" $root) | nindent 4 }}
    {{- with $d.manager.env }}
    env:
      {{- include "gpuop.envList" . | nindent 6 }}
    {{- end }}
  {{- with $repoConfig }}
  repoConfig:
    name: {{ . | quote }}
  {{- end }}
  {{- with $certConfig }}
  certConfig:
    name: {{ . | quote }}
  {{- end }}
  {{- with $d.licensingConfig.configMapName }}
  licensingConfig:
    name: {{ . | quote }}
    nlsEnabled: {{ ne (toString $d.licensingConfig.nlsEnabled) "false" }}
  {{- end }}
  {{- with $d.virtualTopology.config }}
  virtualTopologyConfig:
    name: {{ . | quote }}
  {{- end }}
  {{- with $kmodConfig }}
  kernelModuleConfig:
    name: {{ . | quote }}
  {{- end }}
  {{- with $ds.labels }}
  labels:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $ds.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $ds.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $ds.priorityClassName }}
  priorityClassName: {{ . }}
  {{- end }}
{{- end -}}
