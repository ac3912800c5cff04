package io.todoplatform.chat.conversation;

/** A state document and the etag it was read with. */
public record Versioned<T>(T value, String etag) {}
