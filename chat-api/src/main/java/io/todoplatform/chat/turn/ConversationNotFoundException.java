package io.todoplatform.chat.turn;

/** No conversation of this id for this user (never existed, deleted, or expired). */
public final class ConversationNotFoundException extends RuntimeException {
  public ConversationNotFoundException(String conversationId) {
    super("no conversation " + conversationId);
  }
}
