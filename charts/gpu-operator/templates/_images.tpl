{{/*
Image helpers. Every image of the chart, the node-feature-discovery subchart included, goes through
gpuop.image.rewrite, so global.imageRegistry is honoured in exactly one place.
*/}}

{{/*
gpuop.image.rewrite: apply global.imageRegistry to a repository ("nvcr.io/nvidia/k8s") or to a full
image reference ("nvcr.io/nvidia/cloud-native/kata-gpu-artifacts:tag").

Without global.imageRegistry the value comes back unchanged. With it (KubeSphere's convention: keep
the path, replace the registry host):
  nvcr.io/nvidia/cloud-native                -> <global>/nvidia/cloud-native
  registry.k8s.io/nfd/node-feature-discovery -> <global>/nfd/node-feature-discovery
  kubesphere/node-feature-discovery          -> <global>/kubesphere/node-feature-discovery (Docker Hub path)
  <global>/nvidia                            -> unchanged (already rewritten, never prefixed twice)
  ""                                         -> "" (a repository the user has yet to supply)
The first path segment is a registry host when it holds "." or ":" or is "localhost".

Usage: {{ include "gpuop.image.rewrite" (dict "ref" .Values.toolkit.repository "root" $) }}
*/}}
{{- define "gpuop.image.rewrite" -}}
{{- $ref := toString (.ref | default "") -}}
{{- $global := "" -}}
{{- with .root.Values.global -}}
{{- $global = toString (.imageRegistry | default "") | trimSuffix "/" -}}
{{- end -}}
{{- if or (not $global) (not $ref) (eq $ref $global) (hasPrefix (printf "%s/" $global) $ref) -}}
{{- $ref -}}
{{- else if contains "/" $ref -}}
{{- $first := regexReplaceAll "/.*$" $ref "" -}}
{{- if or (contains "." $first) (contains ":" $first) (eq $first "localhost") -}}
{{- printf "%s/%s" $global (trimPrefix (printf "%s/" $first) $ref) -}}
{{- else -}}
{{- printf "%s/%s" $global $ref -}}
{{- end -}}
{{- else -}}
{{- $name := regexReplaceAll "[:@].*$" $ref "" -}}
{{- if or (contains "." $name) (eq $name "localhost") -}}
{{- $global -}}
{{- else -}}
{{- printf "%s/%s" $global $ref -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
gpuop.image.ref: the reference the operator composes from repository, image and version:
"<repository>/<image>:<version>", or "<repository>/<image>@<version>" for a sha256 digest, with
global.imageRegistry applied. `default` fills an empty version (the chart's appVersion for operator,
validator and node status exporter).
Usage: {{ include "gpuop.image.ref" (dict "spec" .Values.operator "default" .Chart.AppVersion "root" $) }}
*/}}
{{- define "gpuop.image.ref" -}}
{{- $repo := include "gpuop.image.rewrite" (dict "ref" .spec.repository "root" .root) -}}
{{- $version := toString (.spec.version | default .default | default "") -}}
{{- $sep := ternary "@" ":" (hasPrefix "sha256:" $version) -}}
{{- if $repo -}}
{{- printf "%s/%s%s%s" $repo .spec.image $sep $version -}}
{{- else -}}
{{- printf "%s%s%s" .spec.image $sep $version -}}
{{- end -}}
{{- end -}}

{{/*
gpuop.pullSecrets.names: a JSON list of unique Secret names: the given list (strings or {name: ...})
followed by global.imagePullSecrets. Feed it to fromJsonArray.
Usage: {{ $names := include "gpuop.pullSecrets.names" (dict "secrets" .Values.driver.imagePullSecrets "root" $) | fromJsonArray }}
*/}}
{{- define "gpuop.pullSecrets.names" -}}
{{- $names := list -}}
{{- $all := concat (.secrets | default list) ((.root.Values.global | default dict).imagePullSecrets | default list) -}}
{{- range $all -}}
{{- $name := "" -}}
{{- if kindIs "map" . -}}
{{- $name = toString (.name | default "") -}}
{{- else if . -}}
{{- $name = toString . -}}
{{- end -}}
{{- if and $name (not (has $name $names)) -}}
{{- $names = append $names $name -}}
{{- end -}}
{{- end -}}
{{- toJson $names -}}
{{- end -}}

{{/*
gpuop.pullSecrets.pod: "imagePullSecrets:" for a Pod spec ([{name: ...}]) or nothing when the list
is empty. Usage: {{- include "gpuop.pullSecrets.pod" (dict "secrets" .Values.operator.imagePullSecrets "root" $) | nindent 6 }}
*/}}
{{- define "gpuop.pullSecrets.pod" -}}
{{- $names := include "gpuop.pullSecrets.names" . | fromJsonArray -}}
{{- if $names -}}
imagePullSecrets:
{{- range $names }}
  - name: {{ . | quote }}
{{- end }}
{{- end -}}
{{- end -}}

{{/*
gpuop.cr.image: repository, image, version, imagePullPolicy and imagePullSecrets of one component in
the form the operator's custom resources take (pull secrets as plain names).
Usage: {{- include "gpuop.cr.image" (dict "spec" .Values.toolkit "root" $) | nindent 4 }}
Optional keys: "default" (version when empty), "secrets" (overrides spec.imagePullSecrets).
*/}}
{{- define "gpuop.cr.image" -}}
{{- $spec := .spec -}}
repository: {{ include "gpuop.image.rewrite" (dict "ref" $spec.repository "root" .root) | quote }}
image: {{ $spec.image | toString | quote }}
version: {{ toString ($spec.version | default .default | default "") | quote }}
{{- with $spec.imagePullPolicy }}
imagePullPolicy: {{ . }}
{{- end }}
{{- $names := include "gpuop.pullSecrets.names" (dict "secrets" (hasKey . "secrets" | ternary .secrets $spec.imagePullSecrets) "root" .root) | fromJsonArray }}
{{- if $names }}
imagePullSecrets:
{{- range $names }}
  - {{ . | quote }}
{{- end }}
{{- end }}
{{- end -}}
