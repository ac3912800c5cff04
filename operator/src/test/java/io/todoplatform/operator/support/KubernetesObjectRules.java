package io.todoplatform.operator.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The API server's rules for the metadata of any object (apimachinery validation): names, label keys and values,
 * annotation keys and their total size. A rendered child that breaks one would be refused when applied.
 */
public final class KubernetesObjectRules {
  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern QUALIFIED_NAME_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  private static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  /** Kinds whose names must be DNS-1123 labels, not subdomains. */
  private static final Set<String> LABEL_NAMED_KINDS = Set.of("Service", "Deployment");
  private static final int TOTAL_ANNOTATION_SIZE = 256 * 1024;

  private KubernetesObjectRules() {}

  /** What is wrong with the object's metadata and its pod template's metadata; empty when nothing. */
  public static List<String> problems(JsonNode object) {
    List<String> problems = new ArrayList<>();
    String what = object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    metadata(what + " metadata", object.path("metadata"), problems);
    String name = object.path("metadata").path("name").asText();
    if (name.length() > 253 || !DNS1123_SUBDOMAIN.matcher(name).matches()) {
      problems.add(what + ": name is not a DNS-1123 subdomain of at most 253 characters");
    }
    if (LABEL_NAMED_KINDS.contains(object.path("kind").asText())
        && (name.length() > 63 || !DNS1123_LABEL.matcher(name).matches())) {
      problems.add(what + ": name is not a DNS-1123 label of at most 63 characters");
    }
    if ("Service".equals(object.path("kind").asText()) && !DNS1035_LABEL.matcher(name).matches()) {
      problems.add(what + ": a Service name is a DNS-1035 label (a letter first)");
    }
    JsonNode template = object.path("spec").path("template").path("metadata");
    if (!template.isMissingNode()) {
      metadata(what + " pod template", template, problems);
    }
    JsonNode selector = object.path("spec").path("selector");
    JsonNode matchLabels = selector.has("matchLabels") ? selector.path("matchLabels") : selector;
    if (selector.isObject()) {
      labels(what + " selector", matchLabels, problems);
    }
    return problems;
  }

  private static void metadata(String what, JsonNode metadata, List<String> problems) {
    labels(what + " labels", metadata.path("labels"), problems);
    long annotationBytes = 0;
    for (var it = metadata.path("annotations").fields(); it.hasNext(); ) {
      var annotation = it.next();
      if (!qualifiedName(annotation.getKey())) {
        problems.add(what + " annotations: key " + annotation.getKey() + " is not a qualified name");
      }
      annotationBytes += annotation.getKey().length() + annotation.getValue().asText().getBytes(
          java.nio.charset.StandardCharsets.UTF_8).length;
    }
    if (annotationBytes > TOTAL_ANNOTATION_SIZE) {
      problems.add(what + " annotations: " + annotationBytes + " bytes, more than 256 KiB");
    }
  }

  private static void labels(String what, JsonNode labels, List<String> problems) {
    for (var it = labels.fields(); it.hasNext(); ) {
      var label = it.next();
      String value = label.getValue().asText();
      if (!qualifiedName(label.getKey())) {
        problems.add(what + ": key " + label.getKey() + " is not a qualified name");
      }
      if (value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
        problems.add(what + ": value of " + label.getKey() + " is not a label value of at most 63 characters ("
            + value.length() + ")");
      }
    }
  }

  /** A label or annotation key: an optional DNS subdomain prefix of at most 253 characters, a name of at most 63. */
  static boolean qualifiedName(String key) {
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      if (prefix.isEmpty() || prefix.length() > 253 || !DNS1123_SUBDOMAIN.matcher(prefix).matches()) {
        return false;
      }
    }
    return !name.isEmpty() && name.length() <= 63 && QUALIFIED_NAME_PART.matcher(name).matches();
  }
}
