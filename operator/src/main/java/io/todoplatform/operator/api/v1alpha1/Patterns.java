package io.todoplatform.operator.api.v1alpha1;

/** Regular expressions shared by the CRD schema annotations and the Java validator, so both say the same. */
public final class Patterns {
  /** RFC 1123 label: what Kubernetes accepts as a Service name and Dapr as an app-id. */
  public static final String DNS1123_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
  /** RFC 1035 label: what Kubernetes accepts as a Service name (a letter first). */
  public static final String DNS1035_LABEL = "^[a-z]([-a-z0-9]*[a-z0-9])?$";
  /** A container image: not empty, no leading or trailing whitespace (what pod validation checks). */
  public static final String IMAGE = "^[^ \\t\\n\\x0B\\f\\r]([\\s\\S]*[^ \\t\\n\\x0B\\f\\r])?$";
  /** An environment variable name as pod validation takes it: printable ASCII other than '='. */
  public static final String ENV_NAME = "^[ -<>-~]+$";
  /** A Kubernetes resource quantity (apimachinery's resource.ParseQuantity grammar). */
  public static final String QUANTITY = "^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+|[KMGTPE]i|[mkMGTPE])?$";
  /** RFC 1123 subdomain: names of Secrets, Components and most other objects. */
  public static final String DNS1123_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
  /** A Go duration as Dapr parses it (time.ParseDuration), e.g. 5s, 1m30s, 250ms. */
  public static final String GO_DURATION = "^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$";
  /** host:port of a Kafka bootstrap broker. */
  public static final String HOST_PORT = "^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?:[0-9]{1,5}$";
  /** Kafka's own rule for topic names. */
  public static final String KAFKA_TOPIC = "^[a-zA-Z0-9._-]{1,249}$";
  /** A PostgreSQL identifier, optionally schema-qualified. */
  public static final String SQL_TABLE = "^([A-Za-z_][A-Za-z0-9_]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_]{0,62}$";
  /** A probability as Dapr's Configuration takes it: a decimal string from 0 to 1. */
  public static final String SAMPLING_RATE = "^(0(\\.[0-9]+)?|1(\\.0+)?)$";
  /** A bindings.cron schedule: @every DURATION, a predefined @name, or 5 or 6 cron fields. */
  public static final String CRON_SCHEDULE =
      "^(@every ([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+|@(yearly|annually|monthly|weekly|daily|midnight|hourly)"
          + "|[^ ]+( [^ ]+){4,5})$";
  /** An http(s) base URL: scheme, host[:port], optional path; no query, fragment or spaces. */
  public static final String HTTP_URL = "^https?://[^\\s/?#]+(/[^\\s?#]*)?$";
  /** Key of a Secret's data: what Kubernetes accepts. */
  public static final String SECRET_KEY = "^[-._a-zA-Z0-9]+$";

  /** The longest app-id whose Dapr Service name (app-id + "-dapr") is still a DNS-1123 label. */
  public static final int APP_ID_MAX_LENGTH = 58;

  private Patterns() {}
}
