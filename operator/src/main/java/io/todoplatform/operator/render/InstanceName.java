package io.todoplatform.operator.render;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.todoplatform.operator.api.v1alpha1.Patterns;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The TodoPlatform's name is the app.kubernetes.io/instance label of every child and of the backend's selector, so it
 * must also be a label value (at most 63 characters), although the API server lets a name have 253.
 */
final class InstanceName {
  private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(Patterns.DNS1123_SUBDOMAIN);

  private InstanceName() {}

  static List<Violation> violations(ObjectMeta metadata) {
    String name = metadata == null ? null : metadata.getName();
    if (name == null || name.isEmpty()) {
      return List.of(new Violation("metadata.name", "is required"));
    }
    if (name.length() > TodoPlatform.MAX_NAME_LENGTH) {
      return List.of(new Violation("metadata.name", TodoPlatform.NAME_LENGTH_MESSAGE + ", got " + name.length()));
    }
    if (!DNS1123_SUBDOMAIN.matcher(name).matches()) {
      return List.of(new Violation("metadata.name", "must be a DNS-1123 subdomain (lower-case letters, digits, '-'"
          + " and '.'), got \"" + name + "\""));
    }
    return List.of();
  }
}
