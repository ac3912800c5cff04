package io.todoplatform.chat.conversation;

/** A conversation as listed in its user's index. */
public record IndexEntry(String id, String title, String createdAt, String updatedAt) {}
