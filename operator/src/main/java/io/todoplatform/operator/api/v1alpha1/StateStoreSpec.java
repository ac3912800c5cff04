package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** The PostgreSQL state store component (state.postgresql v1). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StateStoreSpec {
  public static final String DEFAULT_NAME = "statestore";
  /** Dapr's own default for state.postgresql v1 (not "dapr_state"). */
  public static final String DEFAULT_TABLE_NAME = "state";
  public static final int MIN_MAX_CONNECTIONS = 1;
  public static final int MAX_MAX_CONNECTIONS = 1000;

  @Default(DEFAULT_NAME)
  @Pattern(Patterns.DNS1123_SUBDOMAIN)
  @JsonPropertyDescription("Name of the Dapr Component.")
  private String name;

  @Required
  @JsonPropertyDescription("Secret key holding the PostgreSQL connection string (e.g. Neon's).")
  private SecretKeyRef connectionSecretRef;

  @Default(DEFAULT_TABLE_NAME)
  @Pattern(Patterns.SQL_TABLE)
  @JsonPropertyDescription("Table of the state, optionally schema-qualified; Dapr creates it.")
  private String tableName;

  @Min(MIN_MAX_CONNECTIONS)
  @Max(MAX_MAX_CONNECTIONS)
  @JsonPropertyDescription("Connections each sidecar pools to PostgreSQL (the component's maxConns). Left out, Dapr's"
      + " default: the greater of 4 and the node's CPUs. Every state read and write of a pod queues on this pool;"
      + " the backend's benchmark measured reminder bursts 4x faster with 32 (docs/benchmarks.md). Mind the"
      + " server's connection limit: replicas x this.")
  private Integer maxConnections;

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public SecretKeyRef getConnectionSecretRef() { return connectionSecretRef; }
  public void setConnectionSecretRef(SecretKeyRef connectionSecretRef) { this.connectionSecretRef = connectionSecretRef; }
  public String getTableName() { return tableName; }
  public void setTableName(String tableName) { this.tableName = tableName; }
  public Integer getMaxConnections() { return maxConnections; }
  public void setMaxConnections(Integer maxConnections) { this.maxConnections = maxConnections; }
}
