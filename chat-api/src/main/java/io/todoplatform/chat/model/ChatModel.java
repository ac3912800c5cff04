package io.todoplatform.chat.model;

/** The language model, whatever serves it. */
public interface ChatModel {
  /** @throws ModelFailure when no usable answer came back (never a made-up one) */
  ModelReply converse(ModelRequest request);
}
