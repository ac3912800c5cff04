package io.todoplatform.app.ports;

/** A document read from the state store together with the etag that guards its next write. */
public record VersionedDocument<T>(String key, T value, String etag) {}
