{{/* Name of every object the chart creates (cluster-scoped ones too, so keep it unique per cluster). */}}
{{- define "todo-platform-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "todo-platform-operator.serviceAccountName" -}}
{{- default (include "todo-platform-operator.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{- define "todo-platform-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "todo-platform-operator.labels" -}}
{{ include "todo-platform-operator.selectorLabels" . }}
app.kubernetes.io/part-of: todo-platform
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/*
The rules for TodoPlatforms and their children: a ClusterRole's in cluster-wide mode, a Role's in each watched
namespace otherwise. The same as the 032 files of deploy/operator/overlays (HelmChartTest checks it).
*/}}
{{- define "todo-platform-operator.watchRules" -}}
# The custom resource and its status subresource (conditions, observedGeneration).
- apiGroups: ["platform.todo.io"]
  resources: ["todoplatforms"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["platform.todo.io"]
  resources: ["todoplatforms/status"]
  verbs: ["get", "patch", "update"]
# The children it renders and owns (server-side apply; garbage-collected through owner references).
- apiGroups: [""]
  resources: ["serviceaccounts", "services"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["roles", "rolebindings"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["dapr.io"]
  resources: ["components", "resiliencies", "configurations"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# Secrets: it watches the ones a TodoPlatform references (SecretNotFound; a rotated one rolls the pods) and keeps their
# key names only; Kubernetes only lets it create the app's Role granting "get" on allowedSecrets if it holds that
# permission itself (RBAC escalation prevention); "create" for the app token it generates when the spec names none.
# Never update, patch or delete: it cannot change or remove anyone's Secret.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end -}}
