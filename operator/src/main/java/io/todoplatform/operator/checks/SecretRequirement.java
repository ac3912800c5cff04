package io.todoplatform.operator.checks;

/** A Secret key the rendered resources reference, and the spec field that names it. */
public record SecretRequirement(String secretName, String key, String fieldPath) {}
