package io.todoplatform.operator.render;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.todoplatform.operator.dapr.v1alpha1.ComponentSpec;
import io.todoplatform.operator.dapr.v1alpha1.ConfigurationSpec;
import io.todoplatform.operator.dapr.v1alpha1.componentspec.Metadata;
import io.todoplatform.operator.dapr.v1alpha1.componentspec.metadata.SecretKeyRef;
import io.todoplatform.operator.dapr.v1alpha1.configurationspec.AccessControl;
import io.todoplatform.operator.dapr.v1alpha1.configurationspec.NameResolution;
import io.todoplatform.operator.dapr.v1alpha1.configurationspec.Tracing;
import io.todoplatform.operator.dapr.v1alpha1.configurationspec.accesscontrol.policies.Operations;
import io.todoplatform.operator.dapr.v1alpha1.configurationspec.secrets.Scopes;
import io.todoplatform.operator.dapr.v1alpha1.resiliencyspec.Policies;
import io.todoplatform.operator.dapr.v1alpha1.resiliencyspec.policies.Retries;
import io.todoplatform.operator.dapr.v1alpha1.resiliencyspec.targets.Apps;
import io.todoplatform.operator.dapr.v1alpha1.resiliencyspec.targets.Components;
import io.todoplatform.operator.dapr.v1alpha1.resiliencyspec.targets.components.Inbound;
import io.todoplatform.operator.dapr.v1alpha1.resiliencyspec.targets.components.Outbound;

/**
 * The order `render` prints the fields of Dapr objects in: the way Dapr's documentation writes them (type and
 * version before metadata, a metadata item's name before its value). The generated models order fields
 * alphabetically; these Jackson mix-ins override that for the printed manifests only. The order means nothing to
 * the API server, and the rollout hash sorts keys, so only the YAML people review depends on it.
 */
final class DaprManifestOrder {
  private DaprManifestOrder() {}

  static ObjectMapper register(ObjectMapper mapper) {
    return mapper
        .addMixIn(ComponentSpec.class, ComponentSpecOrder.class)
        .addMixIn(Metadata.class, MetadataOrder.class)
        .addMixIn(SecretKeyRef.class, SecretKeyRefOrder.class)
        .addMixIn(Policies.class, PoliciesOrder.class)
        .addMixIn(Retries.class, RetryOrder.class)
        .addMixIn(Apps.class, TargetPoliciesOrder.class)
        .addMixIn(Inbound.class, TargetPoliciesOrder.class)
        .addMixIn(Outbound.class, TargetPoliciesOrder.class)
        .addMixIn(Components.class, DirectionsOrder.class)
        .addMixIn(ConfigurationSpec.class, ConfigurationSpecOrder.class)
        .addMixIn(Tracing.class, TracingOrder.class)
        .addMixIn(Scopes.class, SecretScopeOrder.class)
        .addMixIn(AccessControl.class, AccessControlOrder.class)
        .addMixIn(io.todoplatform.operator.dapr.v1alpha1.configurationspec.accesscontrol.Policies.class,
            AccessPolicyOrder.class)
        .addMixIn(Operations.class, OperationOrder.class)
        .addMixIn(NameResolution.class, NameResolutionOrder.class);
  }

  @JsonPropertyOrder({"type", "version", "initTimeout", "ignoreErrors", "metadata"})
  private interface ComponentSpecOrder {}

  @JsonPropertyOrder({"name", "value", "secretKeyRef", "envRef"})
  private interface MetadataOrder {}

  @JsonPropertyOrder({"name", "key"})
  private interface SecretKeyRefOrder {}

  @JsonPropertyOrder({"timeouts", "retries", "circuitBreakers"})
  private interface PoliciesOrder {}

  @JsonPropertyOrder({"policy", "duration", "maxInterval", "maxRetries", "matching"})
  private interface RetryOrder {}

  @JsonPropertyOrder({"timeout", "retry", "circuitBreaker"})
  private interface TargetPoliciesOrder {}

  @JsonPropertyOrder({"outbound", "inbound"})
  private interface DirectionsOrder {}

  @JsonPropertyOrder({"tracing", "metric", "metrics", "secrets", "accessControl", "nameResolution"})
  private interface ConfigurationSpecOrder {}

  @JsonPropertyOrder({"samplingRate", "otel"})
  private interface TracingOrder {}

  @JsonPropertyOrder({"storeName", "defaultAccess", "allowedSecrets", "deniedSecrets"})
  private interface SecretScopeOrder {}

  @JsonPropertyOrder({"defaultAction", "trustDomain", "policies"})
  private interface AccessControlOrder {}

  @JsonPropertyOrder({"appId", "defaultAction", "trustDomain", "namespace", "operations"})
  private interface AccessPolicyOrder {}

  @JsonPropertyOrder({"name", "httpVerb", "action"})
  private interface OperationOrder {}

  @JsonPropertyOrder({"component", "version", "configuration"})
  private interface NameResolutionOrder {}
}
