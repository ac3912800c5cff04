package io.todoplatform.chat.conversation;

/** The conversation was deleted (or expired) while a message to it was being answered. */
public final class ConversationGoneException extends RuntimeException {
  public ConversationGoneException(String conversationId) {
    super("conversation " + conversationId + " was deleted while the message was being answered");
  }
}
